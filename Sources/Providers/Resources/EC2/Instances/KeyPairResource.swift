import Foundation
import Provisioner
import ResourceGraph

/// `aws_key_pair`: an imported SSH public key that instances can be launched with. Its id is
/// the key name. Import id: the key name.
struct KeyPairResource: AWSResourceType {
    static let displayName = "EC2 Key Pair"
    static let typeName = "aws_key_pair"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .computed),
        "key_name": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "key_name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "public_key": AttributeSchema(.string, .required, forceNew: true),
        "fingerprint": AttributeSchema(.string, .computed),
        "key_pair_id": AttributeSchema(.string, .computed),
        "key_type": AttributeSchema(.string, .computed),
    ].merging(AWSTags.schemaAttributes) { a, _ in a }), version: 1)

    /// The provider keeps the public key without surrounding whitespace (its state function),
    /// so a key read from a file with a trailing newline plans as the key itself.
    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        if let key = planned.string("public_key") {
            planned = planned.setting(["public_key": .string(key.trimmingCharacters(in: .whitespacesAndNewlines))])
        }
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = planned.string("key_name") ?? TerraformIdentifiers.uniqueName(prefix: planned.string("key_name_prefix") ?? "terraform-")
        var parameters = QueryParameters()
        parameters.set("KeyName", name)
        parameters.set("PublicKeyMaterial", Data((planned.string("public_key") ?? "").utf8))
        EC2.setTagSpecification(&parameters, resourceType: "key-pair", tags: planned.stringMap("tags_all") ?? [:])
        do {
            // ImportKeyPair takes no client token; a repeat fails on the taken name.
            _ = try await context.client.query(.ec2, action: "ImportKeyPair", parameters: parameters, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "importing EC2 Key Pair (\(name))")
        }
        let partial = planned.setting(["id": .string(name), "key_name": .string(name)])
        do {
            try await EC2.waitUntilExists("EC2 Key Pair \(name)", timeout: .seconds(120), in: context) {
                try await describe(name, in: context) != nil
            }
            return try await readBack(partial, in: context, after: "importing")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "importing EC2 Key Pair (\(name))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard var name = current.string("id") else { return nil }
        do {
            // The id is the key's name; a `key-…` id (what EC2's tags name it by, when prov
            // finds its own objects by their system tags) is looked up by KeyPairId instead.
            var found = try await describe(name, in: context)
            if found == nil, Self.isKeyPairID(name), let byID = try await describe(keyPairID: name, in: context) {
                found = byID
                name = byID.string("keyName") ?? name
            }
            guard let key = found else { return nil }
            let account = try await EC2.accountID(in: context)
            // AWS keeps the key as imported; the configured text is kept unless there is none
            // (an import), so that only a real change of key shows in a plan.
            let publicKey = current.string("public_key") ?? key.string("publicKey")?.trimmingCharacters(in: .whitespacesAndNewlines)
            var attributes: [String: Value] = [
                "id": .string(name),
                "arn": .string("arn:\(context.partition):ec2:\(context.region):\(account):key-pair/\(name)"),
                "key_name": .string(key.string("keyName") ?? name),
                "key_name_prefix": .string(TerraformIdentifiers.namePrefix(of: name) ?? ""),
                "public_key": .string(publicKey),
                "fingerprint": .string(key.string("keyFingerprint")),
                "key_pair_id": .string(key.string("keyPairId")),
                "key_type": .string(key.string("keyType")),
            ]
            attributes.merge(AWSTags.attributes(remote: EC2.tags(of: key), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Key Pair (\(name))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = prior.string("id") else { throw ProviderError("Updating EC2 Key Pair", detail: "the key pair has no name in state.") }
        do {
            // Tags are set on the key pair's id, not its name.
            let id = prior.string("key_pair_id") ?? name
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 Key Pair (\(name))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let name = current.string("id") else { return }
        var parameters = QueryParameters()
        parameters.set("KeyName", name)
        do {
            _ = try await context.client.query(.ec2, action: "DeleteKeyPair", parameters: parameters)
        } catch where EC2.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Key Pair (\(name))")
        }
    }

    /// The key pair with its public key, or nil when there is none of this name.
    private func describe(_ name: String, in context: AWSContext) async throws -> XMLNode? {
        try await describe(field: "KeyName", value: name, in: context) { $0.string("keyName") == name }
    }

    /// The key pair with this `key-…` id, or nil.
    private func describe(keyPairID: String, in context: AWSContext) async throws -> XMLNode? {
        try await describe(field: "KeyPairId", value: keyPairID, in: context) { $0.string("keyPairId") == keyPairID }
    }

    private func describe(field: String, value: String, in context: AWSContext, matching: (XMLNode) -> Bool) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList(field, [value])
        parameters.set("IncludePublicKey", true)
        do {
            return try await context.client.query(.ec2, action: "DescribeKeyPairs", parameters: parameters).all("keySet", "item").first(where: matching)
        } catch where EC2.isNotFound(error) {
            return nil
        }
    }

    /// Whether text has the shape of a key pair id, `key-` and 17 hexadecimal digits.
    static func isKeyPairID(_ text: String) -> Bool {
        guard text.hasPrefix("key-") else { return false }
        let digits = text.dropFirst(4)
        return digits.count == 17 && digits.allSatisfy(\.isHexDigit)
    }
}
