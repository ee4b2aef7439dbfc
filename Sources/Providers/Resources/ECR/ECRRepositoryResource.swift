import Foundation
import Provisioner
import ResourceGraph

/// `aws_ecr_repository`: a private container image repository. Import id: the repository name.
struct ECRRepositoryResource: AWSResourceType {
    static let displayName = "ECR Repository"
    static let typeName = "aws_ecr_repository"

    static let scanningSchema = BlockSchema(attributes: ["scan_on_push": AttributeSchema(.bool, .required)])
    static let encryptionSchema = BlockSchema(attributes: [
        "encryption_type": AttributeSchema(.string, .optional, forceNew: true, default: .string("AES256")),
        "kms_key": AttributeSchema(.string, .optionalComputed, forceNew: true),
    ])
    static let exclusionFilterSchema = BlockSchema(attributes: [
        "filter": AttributeSchema(.string, .required),
        "filter_type": AttributeSchema(.string, .required),
    ])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .required, forceNew: true),
            "image_tag_mutability": AttributeSchema(.string, .optional, default: .string("MUTABLE")),
            "force_delete": AttributeSchema(.bool, .optional),
            "registry_id": AttributeSchema(.string, .computed),
            "repository_url": AttributeSchema(.string, .computed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "image_scanning_configuration": NestedBlockSchema(.list, scanningSchema, maxItems: 1),
            "encryption_configuration": NestedBlockSchema(.list, encryptionSchema, forceNew: true),
            "image_tag_mutability_exclusion_filter": NestedBlockSchema(.list, exclusionFilterSchema, maxItems: 5),
            "timeouts": Timeouts.block(create: false, update: false, delete: true),
        ]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        // AWS always reports scanning and encryption settings; leaving the blocks out keeps them.
        for block in ["image_scanning_configuration", "encryption_configuration"] {
            planned = PlanSuppression.keepPriorBlockWhenUnconfigured(block, in: planned, prior: prior, configuration: configuration)
        }
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = planned.string("name") else { throw ProviderError("Creating ECR Repository", detail: "name is not known.") }
        var body: [String: Value] = [
            "repositoryName": .string(name),
            "imageTagMutability": .string(planned.string("image_tag_mutability") ?? "MUTABLE"),
        ]
        if let scanning = planned.objects("image_scanning_configuration").first {
            body["imageScanningConfiguration"] = .object(["scanOnPush": .bool(scanning.bool("scan_on_push") ?? false)])
        }
        if let encryption = planned.objects("encryption_configuration").first {
            var configuration: [String: Value] = ["encryptionType": .string(encryption.string("encryption_type") ?? "AES256")]
            if let key = encryption.string("kms_key"), !key.isEmpty { configuration["kmsKey"] = .string(key) }
            body["encryptionConfiguration"] = .object(configuration)
        }
        let filters = planned.objects("image_tag_mutability_exclusion_filter")
        if !filters.isEmpty { body["imageTagMutabilityExclusionFilters"] = Self.exclusionFilters(filters) }
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { body["tags"] = ECR.tagLists.list(tags) }
        do {
            // CreateRepository takes no client token; a second call fails with "already exists".
            _ = try await ECR.call("CreateRepository", body, in: context, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating ECR Repository (\(name))")
        }
        let partial = planned.setting(["id": .string(name)])
        do {
            try await Self.waitUntilVisible(name, in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating ECR Repository (\(name))", partialObject: partial)
        }
    }

    private static func exclusionFilters(_ filters: [Value]) -> Value {
        .tuple(filters.map { .object(["filter": .string($0.string("filter")), "filterType": .string($0.string("filter_type"))]) })
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let name = current.string("id") ?? current.string("name") else { return nil }
        do {
            guard let repository = try await Self.describe(name, in: context), let arn = repository.string("repositoryArn") else { return nil }
            let scanning = repository[attribute: "imageScanningConfiguration"].flatMap { $0.isNull ? nil : $0 }
            let encryption = repository[attribute: "encryptionConfiguration"].flatMap { $0.isNull ? nil : $0 }
            var attributes: [String: Value] = [
                "id": .string(name),
                "arn": .string(arn),
                "name": .string(repository.string("repositoryName") ?? name),
                "registry_id": .string(repository.string("registryId")),
                "repository_url": .string(repository.string("repositoryUri")),
                "image_tag_mutability": .string(repository.string("imageTagMutability")),
                "image_scanning_configuration": .list(scanning.map { [.object(["scan_on_push": .bool($0.bool("scanOnPush") ?? false)])] } ?? [], of: Self.scanningSchema.valueType),
                "encryption_configuration": .list(encryption.map { [.object([
                    "encryption_type": .string($0.string("encryptionType")),
                    "kms_key": .string($0.string("kmsKey") ?? ""),
                ])] } ?? [], of: Self.encryptionSchema.valueType),
                "image_tag_mutability_exclusion_filter": .list(repository.objects("imageTagMutabilityExclusionFilters").map {
                    .object(["filter": .string($0.string("filter")), "filter_type": .string($0.string("filterType"))])
                }, of: Self.exclusionFilterSchema.valueType),
                // Not known to AWS: what the configuration said.
                "force_delete": current[attribute: "force_delete"].flatMap { $0.isKnown ? $0 : nil } ?? .null(.bool),
                "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
            ]
            let tags = try await ECR.tags(arn: arn, in: context)
            attributes.merge(AWSTags.attributes(remote: tags, prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch where ECR.isNotFound(error) {
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading ECR Repository (\(name))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = prior.string("id") else { throw ProviderError("Updating ECR Repository", detail: "the repository has no name in state.") }
        var repository: [String: Value] = ["repositoryName": .string(name)]
        if let registry = prior.string("registry_id") { repository["registryId"] = .string(registry) }
        do {
            if PlanSuppression.changed("image_tag_mutability", prior, planned) || PlanSuppression.changed("image_tag_mutability_exclusion_filter", prior, planned) {
                var body = repository
                body["imageTagMutability"] = .string(planned.string("image_tag_mutability") ?? "MUTABLE")
                let filters = planned.objects("image_tag_mutability_exclusion_filter")
                if !filters.isEmpty { body["imageTagMutabilityExclusionFilters"] = Self.exclusionFilters(filters) }
                _ = try await ECR.call("PutImageTagMutability", body, in: context)
            }
            if PlanSuppression.changed("image_scanning_configuration", prior, planned) {
                var body = repository
                let scanOnPush = planned.objects("image_scanning_configuration").first?.bool("scan_on_push") ?? false
                body["imageScanningConfiguration"] = .object(["scanOnPush": .bool(scanOnPush)])
                _ = try await ECR.call("PutImageScanningConfiguration", body, in: context)
            }
            if let arn = prior.string("arn") {
                try await ECR.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating ECR Repository (\(name))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let name = current.string("id") else { return }
        var body: [String: Value] = ["repositoryName": .string(name), "force": .bool(current.bool("force_delete") ?? false)]
        if let registry = current.string("registry_id") { body["registryId"] = .string(registry) }
        do {
            _ = try await ECR.call("DeleteRepository", body, in: context)
        } catch where ECR.isNotFound(error) {
            return
        } catch let error as AWSError where error.code == "RepositoryNotEmptyException" {
            throw ProviderError("ECR Repository (\(name)) not empty, consider using force_delete", detail: "\(error)")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting ECR Repository (\(name))")
        }
        do {
            let waiter = AWSWaiter(timeout: Timeouts.duration(current, "delete", default: .seconds(1200)))
            try await waiter.wait(for: "ECR Repository \(name) to be deleted", progress: { context.progress("waiting: \($0.status)") }) { () async throws -> WaitStatus<Void> in
                try await Self.describe(name, in: context) == nil ? .done(()) : .pending("it still exists")
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for ECR Repository (\(name)) delete")
        }
    }

    // MARK: Calls

    /// The repository, or nil when there is none by that name.
    static func describe(_ name: String, in context: AWSContext) async throws -> Value? {
        do {
            let response = try await ECR.call("DescribeRepositories", ["repositoryNames": .tuple([.string(name)])], in: context)
            return response.objects("repositories").first { $0.string("repositoryName") == name }
        } catch where ECR.isNotFound(error) {
            return nil
        }
    }

    /// A new repository can take a moment to be visible everywhere.
    static func waitUntilVisible(_ name: String, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: .seconds(120))
        try await waiter.wait(for: "ECR Repository \(name) to be visible", progress: { context.progress("waiting: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            try await describe(name, in: context) == nil ? .pending("not found yet") : .done(())
        }
    }
}

// MARK: Reconciliation

extension ECRRepositoryResource {
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "name") }
}
