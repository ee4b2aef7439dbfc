import Testing
@testable import ResourceGraph

/// `terraform { encryption { key_provider … } }`, spelt as OpenTofu spells it, with what prov
/// does not take reported where it stands.
struct EncryptionSettingsTests {
    func load(_ text: String) -> (EncryptionSettings?, Diagnostics) {
        let (configuration, diagnostics) = ConfigurationLoader.load(files: [SourceFile(filename: "main.tf", text: text)])
        return (configuration.module.terraform.encryption, diagnostics)
    }

    @Test func anAWSKMSKeyProviderInOpenTofusSpelling() throws {
        let (settings, diagnostics) = load("""
        terraform {
          encryption {
            key_provider "aws_kms" "main" {
              kms_key_id = "alias/prov-state"
              region     = "eu-west-1"
              key_spec   = "AES_256"
            }
          }
        }
        """)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let provider = try #require(settings?.keyProvider)
        #expect(provider.type == "aws_kms")
        #expect(provider.name == "main")
        #expect(provider.arguments == ["kms_key_id": "alias/prov-state", "region": "eu-west-1", "key_spec": "AES_256"])
    }

    @Test func theNameLabelMayBeLeftOut() {
        let (settings, diagnostics) = load("terraform {\n  encryption {\n    key_provider \"aws_kms\" {\n      kms_key_id = \"k\"\n    }\n  }\n}\n")
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(settings?.keyProvider?.arguments["kms_key_id"] == "k")
        #expect(settings?.keyProvider?.name == nil)
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var body: String
        var summary: String
        var detail: String
        var line: Int
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        .init(name: "passphrase in the configuration", body: "key_provider \"pbkdf2\" \"p\" {\n      passphrase = \"x\"\n    }",
              summary: "Unsupported key provider", detail: "PROV_STATE_PASSPHRASE", line: 3),
        .init(name: "an unknown key provider", body: "key_provider \"vault\" \"v\" {\n    }", summary: "Unsupported key provider", detail: "aws_kms", line: 3),
        .init(name: "a method block", body: "method \"aes_gcm\" \"m\" {\n    }", summary: "Unsupported block type", detail: "AES-256-GCM", line: 3),
        .init(name: "no key id", body: "key_provider \"aws_kms\" \"k\" {\n      region = \"eu-west-1\"\n    }", summary: "Missing required argument", detail: "kms_key_id", line: 3),
        .init(name: "a misspelt argument", body: "key_provider \"aws_kms\" \"k\" {\n      kms_key_id = \"k\"\n      regin = \"x\"\n    }", summary: "Unsupported argument", detail: "region", line: 5),
        .init(name: "another key size", body: "key_provider \"aws_kms\" \"k\" {\n      kms_key_id = \"k\"\n      key_spec = \"AES_128\"\n    }", summary: "Invalid key_spec", detail: "AES_256", line: 5),
        .init(name: "a key id from a variable", body: "key_provider \"aws_kms\" \"k\" {\n      kms_key_id = var.k\n    }", summary: "Variables not allowed", detail: "constant", line: 4),
    ]

    @Test(arguments: refusals)
    func isRefusedWhereItStands(_ refusal: Refusal) throws {
        let (_, diagnostics) = load("terraform {\n  encryption {\n    \(refusal.body)\n  }\n}\n")
        let error = try #require(diagnostics.errors.first, "no error for \(refusal.name)")
        #expect(error.summary == refusal.summary)
        #expect(error.detail.contains(refusal.detail), "\(error.detail)")
        #expect(error.subject?.start.line == refusal.line)
    }
}
