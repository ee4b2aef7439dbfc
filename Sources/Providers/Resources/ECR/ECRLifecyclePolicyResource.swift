import Foundation
import Provisioner
import ResourceGraph

/// `aws_ecr_lifecycle_policy`: the image expiry rules of a repository. Every argument forces a
/// new policy (Terraform has no update for it). Import id: the repository name.
struct ECRLifecyclePolicyResource: AWSResourceType {
    static let displayName = "ECR Lifecycle Policy"
    static let typeName = "aws_ecr_lifecycle_policy"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "repository": AttributeSchema(.string, .required, forceNew: true),
        "policy": AttributeSchema(.string, .required, forceNew: true),
        "registry_id": AttributeSchema(.string, .computed),
    ]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        PlannedChange(planned: PlanSuppression.keepPriorString("policy", in: proposed, prior: prior, equivalent: LifecyclePolicyDocuments.equivalent))
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let repository = planned.string("repository"), let text = planned.string("policy") else {
            throw ProviderError("Creating ECR Lifecycle Policy", detail: "repository and policy must be known.")
        }
        guard let policy = LifecyclePolicyDocuments.normalized(text) else {
            throw ProviderError("Creating ECR Lifecycle Policy (\(repository))", detail: "policy is not valid JSON.")
        }
        let response: Value
        do {
            // Putting the same policy twice leaves the same policy: safe to repeat.
            response = try await ECR.call("PutLifecyclePolicy", ["repositoryName": .string(repository), "lifecyclePolicyText": .string(policy)], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating ECR Lifecycle Policy (\(repository))")
        }
        let id = response.string("repositoryName") ?? repository
        let partial = planned.setting(["id": .string(id), "registry_id": .string(response.string("registryId"))])
        do {
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating ECR Lifecycle Policy (\(repository))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let repository = current.string("id") ?? current.string("repository") else { return nil }
        do {
            let response = try await ECR.call("GetLifecyclePolicy", ["repositoryName": .string(repository)], in: context)
            let remote = response.string("lifecyclePolicyText") ?? ""
            // Keep the configured text while it means the same as what AWS holds.
            let policy: String
            if let configured = current.string("policy"), LifecyclePolicyDocuments.equivalent(configured, remote) {
                policy = configured
            } else {
                policy = LifecyclePolicyDocuments.normalized(remote) ?? remote
            }
            return .object([
                "id": .string(repository),
                "repository": .string(response.string("repositoryName") ?? repository),
                "policy": .string(policy),
                "registry_id": .string(response.string("registryId")),
            ])
        } catch where ECR.isNotFound(error) {
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading ECR Lifecycle Policy (\(repository))")
        }
    }

    /// Nothing changes in place: every argument forces a new policy.
    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let repository = current.string("id") else { return }
        do {
            _ = try await ECR.call("DeleteLifecyclePolicy", ["repositoryName": .string(repository)], in: context)
        } catch where ECR.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting ECR Lifecycle Policy (\(repository))")
        }
    }
}

// MARK: Reconciliation

extension ECRLifecyclePolicyResource {
    /// One policy per repository.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "repository") }
}
