import Foundation
import Testing
import TestSupport
import Provisioner

/// A secret's life through every command, on the emulator: the value is searched for in every
/// byte prov printed and every file it wrote, and found only where it was asked for by name.
@Suite struct SecretsEndToEndTests {
    static let password = "e2e-Pa55word-never-shown"

    static let configuration = """
    provider "aws" {
      region = "eu-west-1"
    }
    variable "db_password" {
      type      = string
      sensitive = true
    }
    resource "aws_secretsmanager_secret" "db" {
      name                    = "secrets-e2e/db"
      recovery_window_in_days = 0
    }
    resource "aws_secretsmanager_secret_version" "db" {
      secret_id     = aws_secretsmanager_secret.db.id
      secret_string = jsonencode({ password = var.db_password })
    }
    data "aws_secretsmanager_secret_version" "read_back" {
      secret_id  = aws_secretsmanager_secret.db.id
      depends_on = [aws_secretsmanager_secret_version.db]
    }
    output "password" {
      value     = var.db_password
      sensitive = true
    }
    output "read_back" {
      value     = data.aws_secretsmanager_secret_version.read_back.secret_string
      sensitive = true
    }
    """

    /// Every file under a directory, by path.
    static func files(under directory: String) -> [String: Data] {
        var result: [String: Data] = [:]
        for name in (try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? [] {
            if let data = FileManager.default.contents(atPath: directory + "/" + name) { result[directory + "/" + name] = data }
        }
        return result
    }

    /// Whether some line shows the attribute as `(sensitive value)`, whatever the alignment.
    static func hidesAttribute(_ name: String, in text: String) -> Bool {
        text.split(separator: "\n").contains { $0.contains(" \(name) ") && $0.hasSuffix("= (sensitive value)") }
    }

    @Test func aSecretIsNeverPrintedNorStoredInClear() throws {
        let server = try MotoServer.shared(enforceSignatures: true)
        let directory = try ProvProcess.workspace(files: ["main.tf": Self.configuration])
        // Debug logging on, into the workspace: the search of every written file covers it.
        let log = directory + "/prov-debug.log"
        let environment = ["TF_VAR_db_password": Self.password, "PROV_LOG": "debug", "PROV_LOG_PATH": log]
        let prov = ProvProcess(directory: directory, environment: server.environment.merging(environment) { _, new in new })
        var printed = ""
        func run(_ arguments: String...) throws -> ProvProcess.Result {
            let result = try prov.run(arguments)
            printed += result.output
            return result
        }

        let plan = try run("plan", "-out=tfplan")
        #expect(plan.status == 0, "\(plan.output)")
        #expect(Self.hidesAttribute("secret_string", in: plan.stdout))
        #expect(plan.stderr.contains("prov keeps the key that encrypts the secrets in prov.state.db in \(directory)-config/prov/keys/"))
        let shown = try run("show", "tfplan")
        #expect(shown.status == 0, "\(shown.output)")
        #expect(shown.stdout.contains("# aws_secretsmanager_secret_version.db will be created"))
        let applied = try run("apply", "tfplan")
        #expect(applied.status == 0, "\(applied.output)")
        #expect(applied.stdout.contains("password = <sensitive>"))

        #expect(try run("plan", "-detailed-exitcode").status == 0, "the digest in state matches the configured secret: nothing to do")
        let human = try run("show")
        #expect(Self.hidesAttribute("secret_string", in: human.stdout))
        #expect(Self.hidesAttribute("secret_string", in: try run("state", "show", "aws_secretsmanager_secret_version.db").stdout))
        #expect(try run("output").stdout == "password = <sensitive>\nread_back = <sensitive>\n")

        // Only asking for it shows it.
        #expect(try prov.run("output", "-raw", "password").stdout == Self.password)
        let outputs = try JSONOutput.object(try prov.run("output", "-json").stdout)
        #expect(outputs.at("read_back", "value") as? String == "{\"password\":\"\(Self.password)\"}", "a secret only the cloud reported is decrypted")
        let state = try JSONOutput.object(try prov.run("show", "-json").stdout)
        let resources = state.at("values", "root_module", "resources") as? [[String: Any]] ?? []
        let version = try #require(resources.first { $0["address"] as? String == "aws_secretsmanager_secret_version.db" })
        #expect(version.at("values", "secret_string") is NSNull, "state has only a digest of it: show -json says so")
        #expect(version.at("hashed_values", "secret_string") as? Bool == true)
        #expect(version.at("sensitive_values", "secret_string") as? Bool == true)

        let stored = try server.oracle(.init("secretsmanager", "get_secret_value", ["SecretId": "secrets-e2e/db"])).response?["SecretString"] as? String
        #expect(stored == "{\"password\":\"\(Self.password)\"}", "AWS got the real value")

        #expect(!printed.contains(Self.password), "printed: \(printed)")
        try Self.expectDebugLogWithoutCredentials(at: log, server: server, showing: ["CreateSecret", "PutSecretValue", "GetSecretValue"])
        let written = Self.files(under: directory)
        #expect(written.keys.contains(directory + "/prov.state.db") && written.keys.contains(directory + "/tfplan"))
        for (path, data) in written {
            #expect(data.range(of: Data(Self.password.utf8)) == nil, "\(path) holds the secret")
        }

        // Imported, the value is what the cloud reports: state keeps it encrypted (not as a
        // digest), and the configuration still matches it.
        let arn = try #require(resources.first { $0["address"] as? String == "aws_secretsmanager_secret.db" }?.at("values", "arn") as? String)
        let versionID = try #require(version.at("values", "version_id") as? String)
        #expect(try run("state", "rm", "aws_secretsmanager_secret_version.db").status == 0)
        let imported = try run("import", "aws_secretsmanager_secret_version.db", "\(arn)|\(versionID)")
        #expect(imported.status == 0, "\(imported.output)")
        let reimported = try #require(try StateStore.open(at: directory + "/prov.state.db").snapshot().resources.values.first { $0.address.resource.type == "aws_secretsmanager_secret_version" })
        #expect(reimported.sealed[["secret_string"]]?.hasPrefix("aes-256-gcm:") == true)
        #expect(reimported.digests.isEmpty)
        #expect(try run("plan", "-detailed-exitcode").status == 0)
        #expect(!printed.contains(Self.password))
        for path in [directory + "/prov.state.db", directory + "/prov.state.db-wal"] {
            #expect(FileManager.default.contents(atPath: path)?.range(of: Data(Self.password.utf8)) == nil, "\(path) holds the secret")
        }

        // A new value plans as a change through the digest, still without showing it.
        var changed = prov
        changed.environment["TF_VAR_db_password"] = "e2e-second-Pa55word"
        let replan = try changed.run("plan", "-detailed-exitcode")
        #expect(replan.status == 2, "\(replan.output)")
        #expect(replan.stdout.contains("# aws_secretsmanager_secret_version.db must be replaced"))
        #expect(!replan.output.contains("e2e-second-Pa55word") && !replan.output.contains(Self.password))

        #expect(try prov.run("destroy", "-auto-approve").status == 0)
    }

    /// The debug log exists, is private, records the calls, and holds no credential.
    static func expectDebugLogWithoutCredentials(at path: String, server: MotoServer, showing operations: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for operation in operations {
            #expect(text.contains(operation), "the log records \(operation)", sourceLocation: sourceLocation)
        }
        #expect(text.contains("Authorization: (redacted)"), sourceLocation: sourceLocation)
        #expect(!text.contains(server.secretAccessKey), "the emulator's secret key", sourceLocation: sourceLocation)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, sourceLocation: sourceLocation)
        #expect(mode & 0o077 == 0, "only its owner can read the log", sourceLocation: sourceLocation)
    }

    @Test func aSecretOnlyTheCloudKnowsIsEncryptedAndStillFlowsOn() throws {
        let lifecycle = try ResourceLifecycle(environment: ["PROV_LOG": "debug", "PROV_LOG_PATH": "prov-debug.log"])
        let applied = try lifecycle.apply("""
            resource "aws_iam_user" "deployer" {
              name = "prov-secrets-e2e-deployer"
            }
            resource "aws_iam_access_key" "deployer" {
              user = aws_iam_user.deployer.name
            }
            resource "aws_secretsmanager_secret" "key" {
              name                    = "secrets-e2e/deployer-key"
              recovery_window_in_days = 0
            }
            resource "aws_secretsmanager_secret_version" "key" {
              secret_id     = aws_secretsmanager_secret.key.id
              secret_string = aws_iam_access_key.deployer.secret
            }
            output "secret" {
              value     = aws_iam_access_key.deployer.secret
              sensitive = true
            }
            """)
        let secret = try #require(try lifecycle.attribute("aws_iam_access_key.deployer", "secret") as? String)
        #expect(!secret.isEmpty)
        let stored = try lifecycle.oracle("secretsmanager", "get_secret_value", ["SecretId": "secrets-e2e/deployer-key"]).response?["SecretString"] as? String
        #expect(stored == secret, "the generated secret reached the resource that references it")

        let state = try StateStore.open(at: lifecycle.prov.directory + "/prov.state.db").snapshot()
        let key = try #require(state.resources.values.first { $0.address.resource.type == "aws_iam_access_key" })
        #expect(key.sealed[["secret"]] != nil && key.sealed[["ses_smtp_password_v4"]] != nil, "what only the cloud knows is encrypted")
        let version = try #require(state.resources.values.first { $0.address.resource.type == "aws_secretsmanager_secret_version" })
        #expect(version.digests[["secret_string"]] != nil, "in the resource it was configured into, it is a digest")
        #expect(state.outputs["secret"]?.sealed != nil)

        // Planning decrypts it for the reference, and the digest matches: nothing to do.
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.prov.run("output", "-raw", "secret").stdout == secret)
        let plan = try lifecycle.plan()
        for text in [applied.output, plan.output, try lifecycle.prov.run("show").output] {
            #expect(!text.contains(secret))
        }
        try Self.expectDebugLogWithoutCredentials(at: lifecycle.prov.directory + "/prov-debug.log", server: lifecycle.server, showing: ["CreateAccessKey", "PutSecretValue"])
        for (path, data) in Self.files(under: lifecycle.prov.directory) {
            #expect(data.range(of: Data(secret.utf8)) == nil, "\(path) holds the secret")
        }
        try lifecycle.destroy()
    }

    @Test func theStateKeyCanLiveInAWSKMS() throws {
        let server = try MotoServer.shared(enforceSignatures: true)
        let created = try server.oracle(.init("kms", "create_key", ["Description": "prov state key"]))
        let keyID = try #require((created.response?["KeyMetadata"] as? [String: Any])?["KeyId"] as? String)
        let directory = try ProvProcess.workspace(files: ["main.tf": """
            terraform {
              encryption {
                key_provider "aws_kms" "state" {
                  kms_key_id = "\(keyID)"
                  region     = "eu-west-1"
                }
              }
            }
            variable "token" {
              type      = string
              sensitive = true
            }
            output "token" {
              value     = var.token
              sensitive = true
            }
            """])
        let prov = ProvProcess(directory: directory, environment: server.environment.merging(["TF_VAR_token": "kms-protected-token"]) { _, new in new })
        let apply = try prov.run("apply", "-auto-approve")
        #expect(apply.status == 0, "\(apply.output)")
        #expect(!FileManager.default.fileExists(atPath: directory + "-config/prov/keys"), "no key file with KMS")
        let record = try #require(try StateStore.open(at: directory + "/prov.state.db").keyRecord()?.record)
        #expect(record.kind == "aws_kms")
        #expect(record.fields["kms_key_id"] == keyID)
        #expect(record.fields["region"] == "eu-west-1")
        #expect(record.fields["key_arn"]?.hasSuffix(keyID) == true)
        let bytes = FileManager.default.contents(atPath: directory + "/prov.state.db") ?? Data()
        #expect(bytes.range(of: Data("kms-protected-token".utf8)) == nil)

        let fingerprint = try StateKeyCommandTests.fingerprint(directory)
        // Reading needs only the record: the key and region are in it.
        #expect(try prov.run("output", "-raw", "token").stdout == "kms-protected-token")

        // KMS refusing (here: to credentials it does not know) is a clear error that changes
        // nothing.
        var stranger = prov
        stranger.environment["AWS_SECRET_ACCESS_KEY"] = "not-the-emulator-secret"
        let refused = try stranger.run("plan")
        #expect(refused.status == 1)
        #expect(refused.messages.contains("AWS KMS refused the state key operation"), "\(refused.output)")
        #expect(refused.messages.contains("prov changed nothing"))
        let after = try StateKeyCommandTests.fingerprint(directory)
        #expect(after == fingerprint, "before: \(fingerprint)\nafter: \(after)")
        #expect(try prov.run("plan", "-detailed-exitcode").status == 0)
    }
}
