import Foundation
import Provisioner
import ResourceGraph

/// `aws_iam_user`. Import id: the user's name (which is also its `id`). A new name or path is
/// an in-place rename (UpdateUser), after which the id is the new name.
struct IAMUserResource: AWSResourceType {
    static let displayName = "IAM User"
    static let typeName = "aws_iam_user"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .computed),
        "unique_id": AttributeSchema(.string, .computed),
        "name": AttributeSchema(.string, .required),
        "path": AttributeSchema(.string, .optional, default: .string("/")),
        "permissions_boundary": AttributeSchema(.string, .optional),
        "force_destroy": AttributeSchema(.bool, .optional, default: .false),
    ].merging(AWSTags.schemaAttributes) { a, _ in a }))

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = planned.string("name") ?? ""
        var parameters = IAM.parameters(["UserName": name, "Path": planned.string("path") ?? "/"])
        if let boundary = planned.string("permissions_boundary"), !boundary.isEmpty { parameters.set("PermissionsBoundary", boundary) }
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { parameters.setTags("Tags", tags) }
        do {
            _ = try await IAM.call("CreateUser", parameters, in: context, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating IAM User (\(name))")
        }
        let partial = planned.setting(["id": .string(name)])
        do {
            _ = try await retryWhileEventuallyConsistent("reading IAM User (\(name))", in: context, isRetryable: IAM.isNotFound) {
                try await IAM.call("GetUser", IAM.parameters(["UserName": name]), in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating IAM User (\(name))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let name = current.string("id") ?? current.string("name") else { return nil }
        let user: XMLNode
        do {
            guard let found = try await IAM.call("GetUser", IAM.parameters(["UserName": name]), in: context).path("User") else { return nil }
            user = found
        } catch where IAM.isNotFound(error) {
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading IAM User (\(name))")
        }
        var attributes: [String: Value] = [
            "id": .string(user.string("UserName") ?? name),
            "name": .string(user.string("UserName") ?? name),
            "arn": .string(user.string("Arn")),
            "unique_id": .string(user.string("UserId")),
            "path": .string(user.string("Path") ?? "/"),
            "permissions_boundary": .string(user.string("PermissionsBoundary", "PermissionsBoundaryArn")),
            "force_destroy": IAM.carried(current, "force_destroy", .false),
        ]
        attributes.merge(AWSTags.attributes(remote: IAM.tags(in: user.child("Tags")), prior: current, settings: context.settings)) { _, new in new }
        return .object(attributes)
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard var name = prior.string("id") else { throw ProviderError("Updating IAM User", detail: "the user has no name in state.") }
        do {
            if PlanSuppression.changed("name", prior, planned) || PlanSuppression.changed("path", prior, planned) {
                let newName = planned.string("name") ?? name
                _ = try await IAM.call("UpdateUser", IAM.parameters(["UserName": name, "NewUserName": newName, "NewPath": planned.string("path") ?? "/"]), in: context)
                name = newName
            }
            if PlanSuppression.changed("permissions_boundary", prior, planned) {
                if let boundary = planned.string("permissions_boundary"), !boundary.isEmpty {
                    _ = try await IAM.call("PutUserPermissionsBoundary", IAM.parameters(["UserName": name, "PermissionsBoundary": boundary]), in: context)
                } else {
                    _ = try await IAM.call("DeleteUserPermissionsBoundary", IAM.parameters(["UserName": name]), in: context)
                }
            }
            try await IAM.Tagging.user.update(name, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating IAM User (\(name))")
        }
        return try await readBack(planned.setting(["id": .string(name)]), in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let name = current.string("id") ?? current.string("name") else { return }
        do {
            try await IAMUserCleanup(user: name, context: context).removeGroupMemberships()
            if current.bool("force_destroy") == true {
                try await IAMUserCleanup(user: name, context: context).removeEverything()
            }
            _ = try await IAM.call("DeleteUser", IAM.parameters(["UserName": name]), in: context)
        } catch where IAM.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting IAM User (\(name))")
        }
    }
}
