import Foundation
import Testing
import TestSupport

/// aws_secretsmanager_secret and aws_secretsmanager_secret_version through their whole life.
@Suite struct SecretsLifecycleTests {
    static func configuration(description: String, value: String, owner: String) -> String {
        """
        resource "aws_secretsmanager_secret" "db" {
          name                    = "lifecycle/db"
          description             = "\(description)"
          recovery_window_in_days = 0
          tags                    = { Owner = "\(owner)" }
        }
        resource "aws_secretsmanager_secret_version" "db" {
          secret_id     = aws_secretsmanager_secret.db.id
          secret_string = jsonencode({ password = "\(value)" })
        }
        """
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        let created = try lifecycle.apply(Self.configuration(description: "first", value: "s3cret-one", owner: "a"))
        #expect(!created.output.contains("s3cret-one"), "secret values never appear in output")
        try lifecycle.expectNoChanges()
        let arn = try #require(try lifecycle.attribute("aws_secretsmanager_secret.db", "arn") as? String)
        let versionID = try #require(try lifecycle.attribute("aws_secretsmanager_secret_version.db", "version_id") as? String)

        // In place: description and tags keep the secret.
        let update = try lifecycle.plan()
        #expect(update.stdout.contains("No changes."))
        try lifecycle.apply(Self.configuration(description: "second", value: "s3cret-one", owner: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_secretsmanager_secret.db", "arn") as? String == arn)
        let described = try lifecycle.oracle("secretsmanager", "describe_secret", ["SecretId": arn]).response
        #expect(described?["Description"] as? String == "second")

        // A new value is a new version (secret_string forces replacement).
        try lifecycle.write(Self.configuration(description: "second", value: "s3cret-two", owner: "b"))
        let replace = try lifecycle.plan()
        #expect(replace.stdout.contains("# aws_secretsmanager_secret_version.db must be replaced"))
        #expect(!replace.output.contains("s3cret-two"))
        try lifecycle.apply()
        #expect(try lifecycle.attribute("aws_secretsmanager_secret_version.db", "version_id") as? String != versionID)
        let value = try lifecycle.oracle("secretsmanager", "get_secret_value", ["SecretId": arn]).response?["SecretString"] as? String
        #expect(value == "{\"password\":\"s3cret-two\"}")

        try lifecycle.reimport("aws_secretsmanager_secret.db", id: arn, configurationOnly: ["recovery_window_in_days"])
        let newVersion = try #require(try lifecycle.attribute("aws_secretsmanager_secret_version.db", "version_id") as? String)
        try lifecycle.reimport("aws_secretsmanager_secret_version.db", id: "\(arn)|\(newVersion)")

        try lifecycle.destroy()
        if case .error(let code, _) = try lifecycle.oracle("secretsmanager", "describe_secret", ["SecretId": arn]) {
            #expect(code == "ResourceNotFoundException")
        } else {
            Issue.record("the secret still exists")
        }
    }
}
