import Foundation
import Provisioner
import ResourceGraph

/// `data "aws_iam_policy"`: a managed policy by ARN, or by name and/or path prefix (exactly
/// one policy must match), with its default version's document.
struct IAMPolicyDataSource: AWSDataSourceType {
    static let typeName = "aws_iam_policy"

    let schema = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .optionalComputed),
        "name": AttributeSchema(.string, .optionalComputed),
        "path_prefix": AttributeSchema(.string, .optional),
        "attachment_count": AttributeSchema(.number, .computed),
        "description": AttributeSchema(.string, .computed),
        "path": AttributeSchema(.string, .computed),
        "policy": AttributeSchema(.string, .computed),
        "policy_id": AttributeSchema(.string, .computed),
        "tags": AttributeSchema(.map(.string), .optionalComputed),
    ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        var arn = configuration.string("arn") ?? ""
        let name = configuration.string("name") ?? ""
        let pathPrefix = configuration.string("path_prefix") ?? ""
        if !arn.isEmpty, !name.isEmpty || !pathPrefix.isEmpty {
            throw ProviderError("Conflicting configuration arguments", detail: "\"arn\": conflicts with \(name.isEmpty ? "path_prefix" : "name")")
        }
        do {
            if arn.isEmpty {
                // A policy made a moment ago may not be listed yet.
                arn = try await retryWhileEventuallyConsistent("finding IAM Policy", in: context, isRetryable: { $0 is NoMatch }) {
                    try await Self.find(name: name, pathPrefix: pathPrefix, in: context)
                }
            }
            let (policy, document) = try await IAMPolicyResource.find(arn, in: context)
            let found = policy.string("Arn") ?? arn
            let tags = IAM.tags(in: policy.child("Tags")).filter { !context.settings.ignoresTag($0.key) }
            return .object([
                "id": .string(found),
                "arn": .string(found),
                "name": .string(policy.string("PolicyName")),
                "path_prefix": configuration[attribute: "path_prefix"] ?? .null(.string),
                "attachment_count": .number(policy.path("AttachmentCount")?.intValue ?? 0),
                "description": .string(policy.string("Description") ?? ""),
                "path": .string(policy.string("Path")),
                "policy": .string(document),
                "policy_id": .string(policy.string("PolicyId")),
                "tags": .stringMap(tags),
            ])
        } catch let error as NoMatch {
            throw ProviderError("Reading IAM Policy", detail: error.description)
        } catch let error as ProviderError {
            throw error
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading IAM Policy (\(arn.isEmpty ? name : arn))")
        }
    }

    struct NoMatch: Error, CustomStringConvertible {
        var description: String { "no matching IAM Policy found" }
    }

    /// The ARN of the one policy with this name under the path prefix.
    static func find(name: String, pathPrefix: String, in context: AWSContext) async throws -> String {
        var parameters = QueryParameters()
        if !pathPrefix.isEmpty { parameters.set("PathPrefix", pathPrefix) }
        let policies = try await IAM.list("ListPolicies", parameters, member: ["Policies", "member"], in: context)
            .filter { name.isEmpty || $0.string("PolicyName") == name }
        guard let only = policies.first else { throw NoMatch() }
        guard policies.count == 1 else {
            throw ProviderError("Reading IAM Policy", detail: "multiple IAM Policies matched; use additional constraints to reduce matches to a single IAM Policy")
        }
        return only.string("Arn") ?? ""
    }
}
