import Foundation
import Provisioner
import ResourceGraph

/// `aws_secretsmanager_secret_version`: one version of a secret's value. Import id:
/// `SECRET_ARN|VERSION_ID`.
struct SecretVersionResource: AWSResourceType {
    static let displayName = "Secrets Manager Secret Version"
    static let typeName = "aws_secretsmanager_secret_version"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .computed),
        "secret_id": AttributeSchema(.string, .required, forceNew: true),
        "secret_string": AttributeSchema(.string, .optional, forceNew: true, sensitive: true),
        "secret_binary": AttributeSchema(.string, .optional, forceNew: true, sensitive: true),
        "version_stages": AttributeSchema(.set(.string), .optionalComputed),
        "version_id": AttributeSchema(.string, .computed),
        "secret_string_wo": AttributeSchema(.string, .optional, sensitive: true, unsupported: "write-only arguments need Terraform 1.11's ephemeral values, which prov does not have; use secret_string"),
        "secret_string_wo_version": AttributeSchema(.number, .optional, unsupported: "it belongs to secret_string_wo"),
        "has_secret_string_wo": AttributeSchema(.bool, .computed),
    ]))

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let secretID = planned.string("secret_id") else {
            throw ProviderError("Creating Secrets Manager Secret Version", detail: "secret_id is not known.")
        }
        var body: [String: Value] = ["SecretId": .string(secretID)]
        if let text = planned.string("secret_string") { body["SecretString"] = .string(text) }
        if let binary = planned.string("secret_binary") { body["SecretBinary"] = .string(binary) }
        if let stages = planned.stringList("version_stages"), !stages.isEmpty { body["VersionStages"] = .tuple(stages.map(Value.string)) }
        if let token = SecretsManager.clientRequestToken(context) { body["ClientRequestToken"] = .string(token) }
        let response: Value
        do {
            // The client request token names the version, so repeating the call is harmless.
            response = try await SecretsManager.call("PutSecretValue", body, in: context, idempotent: body["ClientRequestToken"] != nil)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "putting Secrets Manager Secret (\(secretID)) value")
        }
        guard let arn = response.string("ARN"), let version = response.string("VersionId") else {
            throw ProviderError("Putting Secrets Manager Secret (\(secretID)) value", detail: "PutSecretValue answered without an ARN and version id.")
        }
        let partial = planned.setting(["id": .string("\(arn)|\(version)"), "arn": .string(arn), "version_id": .string(version)])
        do {
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Secrets Manager Secret (\(secretID)) version", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let (secretID, versionID) = Self.parseID(current.string("id")) else { return nil }
        do {
            let response = try await SecretsManager.call("GetSecretValue", ["SecretId": .string(secretID), "VersionId": .string(versionID)], in: context)
            let stages = response.stringList("VersionStages") ?? []
            return .object([
                "id": .string("\(secretID)|\(versionID)"),
                "arn": .string(response.string("ARN") ?? secretID),
                "secret_id": current[attribute: "secret_id"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil } ?? .string(secretID),
                "secret_string": Value.string(response.string("SecretString")).markedSensitive(),
                "secret_binary": Value.string(response.string("SecretBinary")).markedSensitive(),
                "version_stages": .stringSet(stages),
                "version_id": .string(versionID),
                "secret_string_wo": Value.null(.string).markedSensitive(),
                "secret_string_wo_version": .null(.number),
                "has_secret_string_wo": .false,
            ])
        } catch where SecretsManager.isNotFound(error) {
            return nil
        } catch let error as AWSError where error.code == "InvalidRequestException" && error.message.contains("deletion") {
            // The whole secret is scheduled for deletion: its versions are gone with it.
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Secrets Manager Secret Version (\(secretID)|\(versionID))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let (secretID, versionID) = Self.parseID(prior.string("id")) else {
            throw ProviderError("Updating Secrets Manager Secret Version", detail: "the version has no id in state.")
        }
        let before = Set(prior.stringList("version_stages") ?? [])
        let after = Set(planned.stringList("version_stages") ?? [])
        do {
            for stage in after.subtracting(before).sorted() {
                _ = try await SecretsManager.call("UpdateSecretVersionStage", ["SecretId": .string(secretID), "VersionStage": .string(stage), "MoveToVersionId": .string(versionID)], in: context)
            }
            for stage in before.subtracting(after).sorted() where stage != "AWSCURRENT" {
                _ = try await SecretsManager.call("UpdateSecretVersionStage", ["SecretId": .string(secretID), "VersionStage": .string(stage), "RemoveFromVersionId": .string(versionID)], in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating Secrets Manager Secret Version (\(secretID)|\(versionID)) stages")
        }
        return try await readBack(prior, in: context, after: "updating")
    }

    /// Removes the version's staging labels; AWSCURRENT cannot be removed, and a version
    /// without labels is left for Secrets Manager to clean up, as Terraform does.
    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let (secretID, versionID) = Self.parseID(current.string("id")) else { return }
        do {
            for stage in (current.stringList("version_stages") ?? []).sorted() where stage != "AWSCURRENT" {
                _ = try await SecretsManager.call("UpdateSecretVersionStage", ["SecretId": .string(secretID), "VersionStage": .string(stage), "RemoveFromVersionId": .string(versionID)], in: context)
            }
        } catch where SecretsManager.isNotFound(error) {
            return
        } catch let error as AWSError where error.code == "InvalidRequestException" && error.message.contains("deletion") {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting Secrets Manager Secret Version (\(secretID)|\(versionID))")
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        guard Self.parseID(id) != nil else {
            throw ProviderError("Invalid import id", detail: "aws_secretsmanager_secret_version is imported as SECRET_ARN|VERSION_ID, not \(id).")
        }
        guard let object = try await read(.object(["id": .string(id)]), in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No Secrets Manager secret version \(id) exists in \(context.region).")
        }
        return object
    }

    /// `arn|version` into its parts.
    static func parseID(_ id: String?) -> (String, String)? {
        guard let id, let bar = id.lastIndex(of: "|") else { return nil }
        let secret = String(id[..<bar]), version = String(id[id.index(after: bar)...])
        return secret.isEmpty || version.isEmpty ? nil : (secret, version)
    }
}

// MARK: Reconciliation

extension SecretVersionResource {
    /// By token: the version id is the client request token the create sent.
    func findCreated(_ query: CreatedObjectQuery, in context: AWSContext) async throws -> CreatedObjectLookup {
        guard let configuration = query.configuration, let secretID = configuration.string("secret_id") else { return .unsupported }
        let version = SecretsManager.clientRequestToken(for: query.idempotencyToken)
        guard let found = try await read(configuration.setting(["id": .string("\(secretID)|\(version)")]), in: context) else { return .notFound }
        return .found(found)
    }
}
