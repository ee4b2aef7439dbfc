import Foundation
import Testing
import TestSupport

/// aws_secretsmanager_secret_rotation through its whole life, and the Secrets Manager data
/// sources read against boto3's view.
@Suite struct SecretRotationLifecycleTests {
    /// Two secrets with values (the emulator cannot rotate a secret without one), and (unless
    /// `rotated` is nil) a rotation of one of them.
    static func configuration(rotated: String?, days: Int = 30, rotator: String) -> String {
        let secrets = """
            resource "aws_secretsmanager_secret" "first" {
              name                    = "rotation-lifecycle/first"
              recovery_window_in_days = 0
            }
            resource "aws_secretsmanager_secret" "second" {
              name                    = "rotation-lifecycle/second"
              recovery_window_in_days = 0
            }
            resource "aws_secretsmanager_secret_version" "first" {
              secret_id     = aws_secretsmanager_secret.first.id
              secret_string = "first-value"
            }
            resource "aws_secretsmanager_secret_version" "second" {
              secret_id     = aws_secretsmanager_secret.second.id
              secret_string = "second-value"
            }

            """
        guard let rotated else { return secrets }
        return secrets + """
            resource "aws_secretsmanager_secret_rotation" "main" {
              secret_id           = aws_secretsmanager_secret.\(rotated).id
              rotation_lambda_arn = "\(rotator)"
              rotate_immediately  = false
              depends_on          = [aws_secretsmanager_secret_version.\(rotated)]
              rotation_rules {
                automatically_after_days = \(days)
              }
            }
            """
    }

    /// Secrets Manager invokes the rotation function; the emulator runs functions in Docker,
    /// which test machines need not have, unless told to answer for them itself.
    static func runLambdaWithoutDocker(_ server: MotoServer) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestSupportFiles.python, "-c", """
            import sys, urllib.request
            request = urllib.request.Request(sys.argv[1] + "/moto-api/config", data=b'{"lambda": {"use_docker": false}}', method="POST", headers={"Content-Type": "application/json"})
            urllib.request.urlopen(request, timeout=10).read()
            """, server.endpoint]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestSupportError("could not configure the emulator's Lambda") }
    }

    /// A rotation function made through boto3, not prov (prov has no aws_lambda_function).
    static func rotationFunction(_ lifecycle: ResourceLifecycle) throws -> String {
        try runLambdaWithoutDocker(lifecycle.server)
        let role = try lifecycle.oracle("iam", "create_role", [
            "RoleName": "rotation-lifecycle-\(UUID().uuidString.prefix(8))",
            "AssumeRolePolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        ])
        let roleARN = try #require((role.response?["Role"] as? [String: Any])?["Arn"] as? String)
        let function = try lifecycle.oracle("lambda", "create_function", [
            "FunctionName": "rotation-lifecycle-\(UUID().uuidString.prefix(8))", "Runtime": "python3.12", "Role": roleARN,
            "Handler": "index.handler", "Code": ["ZipFile": "rotation function"],
        ])
        return try #require(function.response?["FunctionArn"] as? String)
    }

    @Test func rotationThroughItsLife() throws {
        let lifecycle = try ResourceLifecycle()
        let rotator = try Self.rotationFunction(lifecycle)
        try lifecycle.apply(Self.configuration(rotated: "first", days: 30, rotator: rotator))
        try lifecycle.expectNoChanges()
        let first = try #require(try lifecycle.attribute("aws_secretsmanager_secret.first", "arn") as? String)
        #expect(try lifecycle.attribute("aws_secretsmanager_secret_rotation.main", "id") as? String == first)
        #expect(try lifecycle.attribute("aws_secretsmanager_secret_rotation.main", "rotation_enabled") as? Bool == true)
        var described = try lifecycle.oracle("secretsmanager", "describe_secret", ["SecretId": first]).response
        #expect(described?["RotationEnabled"] as? Bool == true)
        #expect(described?["RotationLambdaARN"] as? String == rotator)
        #expect((described?["RotationRules"] as? [String: Any])?["AutomaticallyAfterDays"] as? Int == 30)

        // In place: a new schedule is a new RotateSecret on the same secret.
        try lifecycle.apply(Self.configuration(rotated: "first", days: 45, rotator: rotator))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_secretsmanager_secret_rotation.main", "id") as? String == first)
        described = try lifecycle.oracle("secretsmanager", "describe_secret", ["SecretId": first]).response
        #expect((described?["RotationRules"] as? [String: Any])?["AutomaticallyAfterDays"] as? Int == 45)

        // rotate_immediately = false is configuration only: an import cannot know it.
        try lifecycle.reimport("aws_secretsmanager_secret_rotation.main", id: first, configurationOnly: ["rotate_immediately"])

        // Replace: another secret; the first one's rotation is cancelled.
        try lifecycle.apply(Self.configuration(rotated: "second", days: 45, rotator: rotator))
        try lifecycle.expectNoChanges()
        let second = try #require(try lifecycle.attribute("aws_secretsmanager_secret.second", "arn") as? String)
        #expect(try lifecycle.attribute("aws_secretsmanager_secret_rotation.main", "id") as? String == second)
        #expect(try lifecycle.oracle("secretsmanager", "describe_secret", ["SecretId": first]).response?["RotationEnabled"] as? Bool == false)
        #expect(try lifecycle.oracle("secretsmanager", "describe_secret", ["SecretId": second]).response?["RotationEnabled"] as? Bool == true)

        // Delete: the rotation alone goes first, cancelling rotation of the second secret.
        try lifecycle.apply(Self.configuration(rotated: nil, rotator: rotator))
        #expect(try lifecycle.oracle("secretsmanager", "describe_secret", ["SecretId": second]).response?["RotationEnabled"] as? Bool == false)
        try lifecycle.destroy()
    }

    @Test func secretDataSourcesReadWhatAWSHas() throws {
        let lifecycle = try ResourceLifecycle()
        let created = try lifecycle.oracle("secretsmanager", "create_secret", [
            "Name": "secret-data-source/app", "Description": "read by data sources", "SecretString": "v1-value",
            "Tags": [["Key": "Team", "Value": "platform"]],
        ])
        let arn = try #require(created.response?["ARN"] as? String)
        let firstVersion = try #require(created.response?["VersionId"] as? String)
        _ = try lifecycle.oracle("secretsmanager", "put_resource_policy", ["SecretId": arn, "ResourcePolicy": """
            {
              "Version": "2012-10-17",
              "Statement": [{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "secretsmanager:DeleteSecret", "Resource": "*"}]
            }
            """])
        let second = try lifecycle.oracle("secretsmanager", "put_secret_value", ["SecretId": arn, "SecretString": "v2-value"])
        let secondVersion = try #require(second.response?["VersionId"] as? String)

        try lifecycle.apply("""
            data "aws_secretsmanager_secret" "by_arn" {
              arn = "\(arn)"
            }
            data "aws_secretsmanager_secret" "by_name" {
              name = "secret-data-source/app"
            }
            data "aws_secretsmanager_secret_version" "current" {
              secret_id = data.aws_secretsmanager_secret.by_name.arn
            }
            data "aws_secretsmanager_secret_version" "first" {
              secret_id  = "\(arn)"
              version_id = "\(firstVersion)"
            }
            output "by_arn" {
              value = data.aws_secretsmanager_secret.by_arn
            }
            output "by_name" {
              value = data.aws_secretsmanager_secret.by_name
            }
            output "current" {
              value     = data.aws_secretsmanager_secret_version.current
              sensitive = true
            }
            output "first" {
              value     = data.aws_secretsmanager_secret_version.first
              sensitive = true
            }
            """)
        let described = try #require(try lifecycle.oracle("secretsmanager", "describe_secret", ["SecretId": arn]).response)
        for name in ["by_arn", "by_name"] {
            let secret = try #require(try lifecycle.output(name))
            #expect(secret["id"] as? String == arn)
            #expect(secret["arn"] as? String == arn)
            #expect(secret["name"] as? String == described["Name"] as? String)
            #expect(secret["description"] as? String == "read by data sources")
            #expect((secret["tags"] as? [String: String]) == ["Team": "platform"])
            #expect(secret["policy"] as? String == #"{"Statement":[{"Action":"secretsmanager:DeleteSecret","Effect":"Deny","Principal":{"AWS":"*"},"Resource":"*"}],"Version":"2012-10-17"}"#)
            let created = try #require(secret["created_date"] as? String)
            #expect(created.hasSuffix("Z") && created.count == 20)
            #expect(created.hasPrefix(String(describing: described["CreatedDate"] ?? "").prefix(10)))
        }
        let current = try #require(try lifecycle.output("current"))
        #expect(current["version_id"] as? String == secondVersion)
        #expect(current["id"] as? String == "\(arn)|AWSCURRENT")
        #expect(current["version_stage"] as? String == "AWSCURRENT")
        #expect(current["version_stages"] as? [String] == ["AWSCURRENT"])
        let value = try lifecycle.oracle("secretsmanager", "get_secret_value", ["SecretId": arn]).response?["SecretString"] as? String
        #expect(current["secret_string"] as? String == value)
        let first = try #require(try lifecycle.output("first"))
        #expect(first["secret_string"] as? String == "v1-value")
        #expect(first["id"] as? String == "\(arn)|\(firstVersion)")
        #expect(first["version_stages"] as? [String] == ["AWSPREVIOUS"])
        #expect(first["arn"] as? String == arn)

        _ = try lifecycle.oracle("secretsmanager", "delete_secret", ["SecretId": arn, "ForceDeleteWithoutRecovery": true])
    }
}
