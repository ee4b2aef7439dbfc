import Foundation
import Provisioner
import ResourceGraph

/// `data "aws_secretsmanager_secret_version"`: one version of a secret's value, by version id
/// or staging label (AWSCURRENT unless told otherwise).
struct SecretVersionDataSource: AWSDataSourceType {
    static let typeName = "aws_secretsmanager_secret_version"

    let schema = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .computed),
        "secret_id": AttributeSchema(.string, .required),
        "version_id": AttributeSchema(.string, .optionalComputed),
        "version_stage": AttributeSchema(.string, .optional, default: .string("AWSCURRENT")),
        "version_stages": AttributeSchema(.set(.string), .computed),
        "secret_string": AttributeSchema(.string, .computed, sensitive: true),
        "secret_binary": AttributeSchema(.string, .computed, sensitive: true),
        "created_date": AttributeSchema(.string, .computed),
    ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        guard let secretID = configuration.string("secret_id") else {
            throw ProviderError("Reading Secrets Manager Secret Version", detail: "secret_id is not known.")
        }
        var body: [String: Value] = ["SecretId": .string(secretID)]
        let stage = configuration.string("version_stage").flatMap { $0.isEmpty ? nil : $0 } ?? "AWSCURRENT"
        let version: String
        if let versionID = configuration.string("version_id"), !versionID.isEmpty {
            body["VersionId"] = .string(versionID)
            version = versionID
        } else {
            body["VersionStage"] = .string(stage)
            version = stage
        }
        let id = "\(secretID)|\(version)"
        let response: Value
        do {
            response = try await SecretsManager.call("GetSecretValue", body, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Secrets Manager Secret Version (\(id))")
        }
        // The SDK hands the provider the decoded bytes, which it stores as a string.
        let binary = response.string("SecretBinary").flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
        return .object([
            "id": .string(id),
            "arn": .string(response.string("ARN")),
            "secret_id": .string(secretID),
            "version_id": .string(response.string("VersionId")),
            "version_stage": .string(configuration.string("version_stage") ?? "AWSCURRENT"),
            "version_stages": .stringSet(response.stringList("VersionStages") ?? []),
            "secret_string": Value.string(response.string("SecretString") ?? "").markedSensitive(),
            "secret_binary": Value.string(binary ?? "").markedSensitive(),
            "created_date": .string(Timestamps.rfc3339(response[attribute: "CreatedDate"])),
        ])
    }
}
