import Provisioner
import ResourceGraph

/// `data "aws_caller_identity"`: who the provider's credentials belong to.
struct CallerIdentityDataSource: AWSDataSourceType {
    static let typeName = "aws_caller_identity"

    let schema = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "account_id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .computed),
        "user_id": AttributeSchema(.string, .computed),
    ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        do {
            let identity = try await context.client.query(.sts, action: "GetCallerIdentity")
            let account = identity.string("Account")
            return .object([
                "id": .string(account),
                "account_id": .string(account),
                "arn": .string(identity.string("Arn")),
                "user_id": .string(identity.string("UserId")),
            ])
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading STS caller identity")
        }
    }
}
