import Foundation
import Testing
import TestSupport

/// aws_key_pair through its whole life: imported with a name and tags, tags changed in place,
/// the key replaced, a generated name from a prefix, re-imported by name, destroyed.
@Suite struct KeyPairLifecycleTests {
    static let firstKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILkqAiV4lPseQMJ6aH/6MKzG+HaH7te50+ddMHy2JDfF prov-asglc-first"
    static let secondKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILXrVIE6wKo0GWnr1nQGQgbsJh4lB0v8Is052I/Av577 prov-asglc-second"

    static func configuration(key: String = firstKey, team: String = "a") -> String {
        """
        resource "aws_key_pair" "deployer" {
          key_name   = "prov-asglc-deployer"
          public_key = "\(key)\\n"
          tags       = { Team = "\(team)" }
        }
        resource "aws_key_pair" "generated" {
          key_name_prefix = "prov-asglc-gen-"
          public_key      = "\(secondKey)"
        }
        """
    }

    static func keyPair(_ lifecycle: ResourceLifecycle, _ name: String) throws -> [String: Any]? {
        let response = try lifecycle.oracle("ec2", "describe_key_pairs", ["KeyNames": [name], "IncludePublicKey": true]).response
        return (response?["KeyPairs"] as? [[String: Any]])?.first
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.configuration())
        try lifecycle.expectNoChanges()
        let values = try #require(try lifecycle.values("aws_key_pair.deployer"))
        #expect(values["id"] as? String == "prov-asglc-deployer")
        #expect(values["arn"] as? String == "arn:aws:ec2:eu-west-1:123456789012:key-pair/prov-asglc-deployer")
        #expect(values["public_key"] as? String == Self.firstKey, "the trailing newline is not kept")
        #expect(values["key_type"] as? String == "ed25519")
        let remote = try #require(try Self.keyPair(lifecycle, "prov-asglc-deployer"))
        #expect(values["fingerprint"] as? String == remote["KeyFingerprint"] as? String)
        let keyPairID = try #require(values["key_pair_id"] as? String)
        #expect(keyPairID == remote["KeyPairId"] as? String)
        #expect(UserTags.of(remote["Tags"] as? [[String: String]]) == [["Key": "Team", "Value": "a"]])
        let generated = try #require(try lifecycle.attribute("aws_key_pair.generated", "key_name") as? String)
        #expect(generated.hasPrefix("prov-asglc-gen-") && generated.count == "prov-asglc-gen-".count + 26)
        #expect(try lifecycle.attribute("aws_key_pair.generated", "key_name_prefix") as? String == "prov-asglc-gen-")

        // In place: the tags.
        try lifecycle.apply(Self.configuration(team: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_key_pair.deployer", "key_pair_id") as? String == keyPairID)
        #expect(UserTags.of(try Self.keyPair(lifecycle, "prov-asglc-deployer")?["Tags"] as? [[String: String]]) == [["Key": "Team", "Value": "b"]])

        // Replacement: another public key under the same name.
        try lifecycle.apply(Self.configuration(key: Self.secondKey, team: "b"))
        try lifecycle.expectNoChanges()
        let replaced = try #require(try lifecycle.attribute("aws_key_pair.deployer", "key_pair_id") as? String)
        #expect(replaced != keyPairID)
        #expect(try Self.keyPair(lifecycle, "prov-asglc-deployer")?["KeyPairId"] as? String == replaced)

        try lifecycle.reimport("aws_key_pair.deployer", id: "prov-asglc-deployer")
        try lifecycle.reimport("aws_key_pair.generated", id: generated)

        try lifecycle.destroy()
        #expect(try Self.keyPair(lifecycle, "prov-asglc-deployer") == nil)
        #expect(try Self.keyPair(lifecycle, generated) == nil)
    }
}
