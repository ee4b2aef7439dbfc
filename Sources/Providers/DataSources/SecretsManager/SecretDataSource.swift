import Foundation
import Provisioner
import ResourceGraph

/// `data "aws_secretsmanager_secret"`: a secret's metadata, by ARN or name.
struct SecretDataSource: AWSDataSourceType {
    static let typeName = "aws_secretsmanager_secret"

    let schema = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .optionalComputed),
        "name": AttributeSchema(.string, .optionalComputed),
        "description": AttributeSchema(.string, .computed),
        "kms_key_id": AttributeSchema(.string, .computed),
        "policy": AttributeSchema(.string, .computed),
        "created_date": AttributeSchema(.string, .computed),
        "last_changed_date": AttributeSchema(.string, .computed),
        "tags": AttributeSchema(.map(.string), .optionalComputed),
    ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        let arn = configuration.string("arn").flatMap { $0.isEmpty ? nil : $0 }
        let name = configuration.string("name").flatMap { $0.isEmpty ? nil : $0 }
        guard (arn == nil) != (name == nil), let secretID = arn ?? name else {
            throw ProviderError("Invalid combination of arguments", detail: "exactly one of arn or name must be set in data \"aws_secretsmanager_secret\".")
        }
        do {
            let secret = try await SecretsManager.call("DescribeSecret", ["SecretId": .string(secretID)], in: context)
            if let deleted = secret[attribute: "DeletedDate"], !deleted.isNull {
                throw ProviderError("Reading Secrets Manager Secret (\(secretID))", detail: "the secret is scheduled for deletion.")
            }
            let secretARN = secret.string("ARN") ?? secretID
            let policy = try await SecretsManager.call("GetResourcePolicy", ["SecretId": .string(secretARN)], in: context).string("ResourcePolicy")
            let tags = SecretsManager.tags(from: secret[attribute: "Tags"]).filter { !context.settings.ignoresTag($0.key) }
            return .object([
                "id": .string(secretARN),
                "arn": .string(secretARN),
                "name": .string(secret.string("Name")),
                "description": .string(secret.string("Description") ?? ""),
                "kms_key_id": .string(secret.string("KmsKeyId") ?? ""),
                "policy": .string(policy.map(Self.normalizedPolicy) ?? ""),
                "created_date": .string(Timestamps.rfc3339(secret[attribute: "CreatedDate"])),
                "last_changed_date": .string(Timestamps.rfc3339(secret[attribute: "LastChangedDate"])),
                "tags": .stringMap(tags),
            ])
        } catch let error as ProviderError {
            throw error
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Secrets Manager Secret (\(secretID))")
        }
    }

    /// The provider stores a policy read from AWS re-encoded by Go: compact, keys sorted.
    static func normalizedPolicy(_ text: String) -> String {
        guard let value = try? JSONParser.parse(text) else { return text }
        return GoJSON(value).compact
    }
}

/// Timestamps as the provider writes them in attributes.
enum Timestamps {
    /// RFC 3339 in UTC (`2024-05-17T12:34:56Z`) for the epoch seconds json APIs send; "" for none.
    static func rfc3339(_ value: Value?) -> String {
        guard let seconds = value?.numberValue else { return "" }
        let date = Date(timeIntervalSince1970: NSDecimalNumber(decimal: seconds.decimal).doubleValue.rounded(.down))
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
