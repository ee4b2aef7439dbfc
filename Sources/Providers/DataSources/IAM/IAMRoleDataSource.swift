import Foundation
import Provisioner
import ResourceGraph

/// `data "aws_iam_role"`: a role by name.
struct IAMRoleDataSource: AWSDataSourceType {
    static let typeName = "aws_iam_role"

    static let lastUsedSchema = BlockSchema(attributes: [
        "region": AttributeSchema(.string, .computed),
        "last_used_date": AttributeSchema(.string, .computed),
    ])

    let schema = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "name": AttributeSchema(.string, .required),
        "arn": AttributeSchema(.string, .computed),
        "assume_role_policy": AttributeSchema(.string, .computed),
        "create_date": AttributeSchema(.string, .computed),
        "description": AttributeSchema(.string, .computed),
        "max_session_duration": AttributeSchema(.number, .computed),
        "path": AttributeSchema(.string, .computed),
        "permissions_boundary": AttributeSchema(.string, .computed),
        "unique_id": AttributeSchema(.string, .computed),
        "role_last_used": AttributeSchema(.list(lastUsedSchema.valueType), .computed),
        "tags": AttributeSchema(.map(.string), .optionalComputed),
    ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        let name = configuration.string("name") ?? ""
        do {
            guard let role = try await IAM.call("GetRole", IAM.parameters(["RoleName": name]), in: context).path("Role") else {
                throw ProviderError("Reading IAM Role (\(name))", detail: "GetRole answered without the role.")
            }
            var lastUsed: [Value] = []
            if let used = role.child("RoleLastUsed") {
                lastUsed.append(.object([
                    "region": .string(used.string("Region") ?? ""),
                    "last_used_date": IAM.timestamp(used.string("LastUsedDate")),
                ]))
            }
            let tags = IAM.tags(in: role.child("Tags")).filter { !context.settings.ignoresTag($0.key) }
            return .object([
                "id": .string(name),
                "name": .string(role.string("RoleName") ?? name),
                "arn": .string(role.string("Arn")),
                "assume_role_policy": .string(IAM.decodedDocument(role.string("AssumeRolePolicyDocument")) ?? ""),
                "create_date": IAM.timestamp(role.string("CreateDate")),
                "description": .string(role.string("Description") ?? ""),
                "max_session_duration": .number(role.path("MaxSessionDuration")?.intValue ?? 3600),
                "path": .string(role.string("Path")),
                "permissions_boundary": .string(role.string("PermissionsBoundary", "PermissionsBoundaryArn") ?? ""),
                "unique_id": .string(role.string("RoleId")),
                "role_last_used": .list(lastUsed, of: Self.lastUsedSchema.valueType),
                "tags": .stringMap(tags),
            ])
        } catch let error as ProviderError {
            throw error
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading IAM Role (\(name))")
        }
    }
}
