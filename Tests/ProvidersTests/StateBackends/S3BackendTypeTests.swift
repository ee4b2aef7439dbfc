import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// `backend "s3"` arguments as Terraform spells them: what is required, what is refused and
/// why, and every error naming its argument.
@Suite struct S3BackendTypeTests {
    let type = S3BackendType(environment: [:])
    static let minimal: [String: Value] = ["bucket": .string("b"), "key": .string("app/prov.state"), "region": .string("eu-west-1")]

    @Test(arguments: [
        (name: "missing bucket", arguments: ["key": Value.string("k"), "region": .string("eu-west-1")], message: "needs \"bucket\""),
        (name: "missing key", arguments: ["bucket": .string("b"), "region": .string("eu-west-1")], message: "needs \"key\""),
        (name: "missing region", arguments: ["bucket": .string("b"), "key": .string("k")], message: "needs \"region\""),
        (name: "key with a leading slash", arguments: minimal.merging(["key": .string("/k")]) { _, new in new }, message: "must not start or end with \"/\""),
        (name: "DynamoDB locking", arguments: minimal.merging(["dynamodb_table": .string("locks")]) { _, new in new }, message: "set use_lockfile = true"),
        (name: "unknown argument", arguments: minimal.merging(["use_lock_file": .bool(true)]) { _, new in new }, message: "Did you mean \"use_lockfile\"?"),
        (name: "unknown endpoint", arguments: minimal.merging(["endpoints": .object(["s4": .string("http://x")])]) { _, new in new }, message: "\"endpoints\" of the s3 backend has no argument named \"s4\""),
        (name: "KMS without encryption", arguments: minimal.merging(["kms_key_id": .string("alias/state")]) { _, new in new }, message: "only with encrypt = true"),
        (name: "wrong type", arguments: minimal.merging(["encrypt": .string("yes please")]) { _, new in new }, message: "\"encrypt\" argument"),
    ])
    func refusesWhatItCannotUse(name: String, arguments: [String: Value], message: String) {
        let (backend, diagnostics) = type.makeBackend(arguments, workingDirectory: "/tmp/unused")
        #expect(backend == nil, "\(name)")
        #expect(diagnostics.errors.contains { $0.detail.contains(message) }, "\(name): \(diagnostics)")
    }

    @Test func aCompleteConfigurationMakesARemoteBackendWithTerraformsLayout() throws {
        var arguments = Self.minimal
        arguments["use_lockfile"] = .bool(true)
        arguments["workspace_key_prefix"] = .string("stacks")
        arguments["endpoints"] = .object(["s3": .string("http://127.0.0.1:4566")])
        let (made, diagnostics) = type.makeBackend(arguments, workingDirectory: "/tmp/unused")
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let backend = try #require(made as? RemoteStateBackend)
        #expect(backend.usesLockObject)
        #expect(backend.location(of: "default") == "s3://b/app/prov.state")
        #expect(backend.location(of: "staging") == "s3://b/stacks/staging/app/prov.state")
    }

    /// The backend's requests are signed with the role's credentials: with STS unreachable,
    /// reading the state fails in AssumeRole, for the role named either way.
    @Test(arguments: [
        ["role_arn": Value.string("arn:aws:iam::123456789012:role/state-reader")],
        ["assume_role": .object(["role_arn": .string("arn:aws:iam::123456789012:role/state-reader"), "session_name": .string("ci")])],
    ])
    func aRoleIsAssumedForTheBackendsRequests(role: [String: Value]) async throws {
        let type = S3BackendType(environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_EC2_METADATA_DISABLED": "true"])
        var arguments = Self.minimal.merging(role) { _, new in new }
        arguments["endpoints"] = .object(["s3": .string("http://127.0.0.1:9"), "sts": .string("http://127.0.0.1:9")])
        arguments["max_retries"] = .number(0)
        let backend = try #require(type.makeBackend(arguments, workingDirectory: "/tmp/unused").backend)
        do {
            _ = try await backend.read("default")
            Issue.record("the state was read without assuming the role")
        } catch {
            #expect("\(error)".contains("AssumeRole"), "\(error)")
        }
    }

    @Test(arguments: [
        (text: "bucket=my-state", name: "bucket", value: Value.string("my-state")),
        (text: "use_lockfile=true", name: "use_lockfile", value: .bool(true)),
        (text: "max_retries=5", name: "max_retries", value: .number(5)),
        (text: "key=env=prod/state", name: "key", value: .string("env=prod/state")),
        (text: "endpoints={ s3 = \"http://localhost:4566\" }", name: "endpoints", value: .object(["s3": .string("http://localhost:4566")])),
    ])
    func backendConfigAssignmentsTakeTheArgumentsType(text: String, name: String, value: Value) throws {
        let parsed = try #require(BackendConfiguration.argument(text, types: type.argumentTypes))
        #expect(parsed.name == name)
        #expect(parsed.value == value)
    }
}
