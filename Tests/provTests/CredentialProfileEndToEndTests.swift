import Foundation
import Testing
import TestSupport

/// Credentials from a named profile in a shared credentials file, accepted by an emulator that
/// checks every signature.
@Suite struct CredentialProfileEndToEndTests {
    @Test func theQuickstartAppliesWithKeysFromANamedProfile() throws {
        let server = try MotoServer.start(enforceSignatures: true)
        defer { server.stop() }
        let directory = try ProvProcess.workspace(example: "quickstart")
        let credentials = directory + "/credentials"
        try """
            [default]
            aws_access_key_id = AKIAWRONGDEFAULTKEY0
            aws_secret_access_key = this-default-profile-must-not-be-used

            [prov-e2e]
            aws_access_key_id = \(server.accessKeyId)
            aws_secret_access_key = \(server.secretAccessKey)
            """.write(toFile: credentials, atomically: true, encoding: .utf8)
        let prov = ProvProcess(directory: directory, environment: [
            "AWS_ENDPOINT_URL": server.endpoint,
            "AWS_SHARED_CREDENTIALS_FILE": credentials,
            "AWS_CONFIG_FILE": directory + "/no-config-file",
            "AWS_PROFILE": "prov-e2e",
        ])
        let apply = try prov.run("apply", "-auto-approve")
        #expect(apply.status == 0, "\(apply.output)")
        #expect(!apply.output.contains(server.secretAccessKey), "the secret key is never printed")
        let vpcs = try server.oracle(.init("ec2", "describe_vpcs", ["Filters": [["Name": "tag:Name", "Values": ["quickstart-vpc"]]]]))
        #expect((vpcs.response?["Vpcs"] as? [Any])?.count == 1)
        #expect(try prov.run("destroy", "-auto-approve").status == 0)

        // The default profile's wrong key is refused by the emulator, with a plain explanation.
        let wrong = ProvProcess(directory: directory, environment: [
            "AWS_ENDPOINT_URL": server.endpoint, "AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_CONFIG_FILE": directory + "/no-config-file",
        ])
        let refused = try wrong.run("apply", "-auto-approve")
        #expect(refused.status == 1)
        #expect(refused.messages.contains("AWS rejected the credentials") || refused.messages.contains("InvalidClientTokenId") || refused.messages.contains("AuthFailure"), "\(refused.output)")
        #expect(!refused.output.contains("this-default-profile-must-not-be-used"))
    }
}
