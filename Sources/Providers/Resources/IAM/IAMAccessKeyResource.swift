import Foundation
import Provisioner
import ResourceGraph

/// `aws_iam_access_key`. Import id: the access key id. The secret (and the SES SMTP password
/// derived from it) is only given when the key is created: reads keep it from the prior
/// state, and an imported key has none, as in Terraform.
struct IAMAccessKeyResource: AWSResourceType {
    static let displayName = "IAM Access Key"
    static let typeName = "aws_iam_access_key"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "user": AttributeSchema(.string, .required, forceNew: true),
        "status": AttributeSchema(.string, .optional, default: .string("Active")),
        "pgp_key": AttributeSchema(.string, .optional, forceNew: true, unsupported: "encrypting the secret with a PGP or Keybase key is not implemented by prov; leave pgp_key out and protect the state, which then holds the secret"),
        "create_date": AttributeSchema(.string, .computed),
        "secret": AttributeSchema(.string, .computed, sensitive: true),
        "ses_smtp_password_v4": AttributeSchema(.string, .computed, sensitive: true),
        "encrypted_secret": AttributeSchema(.string, .computed),
        "encrypted_ses_smtp_password_v4": AttributeSchema(.string, .computed),
        "key_fingerprint": AttributeSchema(.string, .computed),
    ]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        if let status = configuration.string("status"), !["Active", "Inactive", "Expired"].contains(status) {
            throw ProviderError("Invalid status", detail: "expected status to be one of [\"Active\" \"Inactive\" \"Expired\"], got \(status)")
        }
        return PlannedChange(planned: proposed)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let user = planned.string("user") ?? ""
        let key: XMLNode
        do {
            guard let created = try await IAM.call("CreateAccessKey", IAM.parameters(["UserName": user]), in: context, idempotent: false).path("AccessKey"),
                  created.string("AccessKeyId") != nil, created.string("SecretAccessKey") != nil else {
                throw ProviderError("Creating IAM Access Key (\(user))", detail: "CreateAccessKey answered without a key id and secret.")
            }
            key = created
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating IAM Access Key (\(user))")
        }
        let id = key.string("AccessKeyId") ?? "", secret = key.string("SecretAccessKey") ?? ""
        var status = key.string("Status") ?? "Active"
        var object = planned.setting([
            "id": .string(id),
            "user": .string(key.string("UserName") ?? user),
            "create_date": IAM.timestamp(key.string("CreateDate")),
            "secret": Value.string(secret).markedSensitive(),
            "ses_smtp_password_v4": Value.string(SESSMTPPassword.derive(secretAccessKey: secret, region: context.region)).markedSensitive(),
            "encrypted_secret": .null(.string),
            "encrypted_ses_smtp_password_v4": .null(.string),
            "key_fingerprint": .null(.string),
        ])
        if let wanted = planned.string("status"), wanted != status {
            do {
                try await Self.setStatus(wanted, id: id, user: user, in: context)
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "deactivating IAM Access Key (\(id))", partialObject: object.setting(["status": .string(status)]))
            }
            status = wanted
        }
        object = object.setting(["status": .string(status)])
        return object
    }

    private static func setStatus(_ status: String, id: String, user: String, in context: AWSContext) async throws {
        _ = try await IAM.call("UpdateAccessKey", IAM.parameters(["UserName": user, "AccessKeyId": id, "Status": status]), in: context)
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        var user = current.string("user")
        do {
            if user == nil {
                // An import knows only the key id: GetAccessKeyLastUsed names the user
                // (ListAccessKeys needs it, except for the caller's own keys).
                user = try await IAM.call("GetAccessKeyLastUsed", IAM.parameters(["AccessKeyId": id]), in: context).string("UserName")
            }
            guard let user else { return nil }
            let keys = try await IAM.list("ListAccessKeys", IAM.parameters(["UserName": user]), member: ["AccessKeyMetadata", "member"], in: context)
            guard let key = keys.first(where: { $0.string("AccessKeyId") == id }) else { return nil }
            return .object([
                "id": .string(id),
                "user": .string(key.string("UserName") ?? user),
                "status": .string(key.string("Status")),
                "create_date": IAM.timestamp(key.string("CreateDate")),
                "pgp_key": IAM.carried(current, "pgp_key", .null(.string)),
                "secret": IAM.carried(current, "secret", .null(.string)).markedSensitive(),
                "ses_smtp_password_v4": IAM.carried(current, "ses_smtp_password_v4", .null(.string)).markedSensitive(),
                "encrypted_secret": IAM.carried(current, "encrypted_secret", .null(.string)),
                "encrypted_ses_smtp_password_v4": IAM.carried(current, "encrypted_ses_smtp_password_v4", .null(.string)),
                "key_fingerprint": IAM.carried(current, "key_fingerprint", .null(.string)),
            ])
        } catch where IAM.isNotFound(error) {
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading IAM Access Key (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id"), let user = prior.string("user") else {
            throw ProviderError("Updating IAM Access Key", detail: "the key has no id or user in state.")
        }
        if let status = planned.string("status"), status != prior.string("status") {
            do {
                try await Self.setStatus(status, id: id, user: user, in: context)
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "updating IAM Access Key (\(id))")
            }
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        let user = current.string("user")
        do {
            do {
                _ = try await IAM.call("DeleteAccessKey", IAM.parameters(["UserName": user, "AccessKeyId": id]), in: context)
            } catch where IAM.isNotFound(error) {
                // The key follows its user when the user is renamed, so "no such entity" may
                // mean the user in state has a new name (renamed in the same apply, say). The
                // key is gone unless IAM still names a user for it.
                let response = try? await IAM.call("GetAccessKeyLastUsed", IAM.parameters(["AccessKeyId": id]), in: context)
                guard let owner = response?.string("UserName"), !owner.isEmpty, owner != user else { return }
                _ = try await IAM.call("DeleteAccessKey", IAM.parameters(["UserName": owner, "AccessKeyId": id]), in: context)
            }
        } catch where IAM.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting IAM Access Key (\(id))")
        }
    }
}
