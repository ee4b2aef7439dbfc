import Provisioner
import ResourceGraph

/// A resource type known by a second name that behaves exactly as another: Terraform's
/// `aws_alb` is `aws_lb` in every respect. The alias declares its name and the type it stands
/// for; everything else is forwarded.
protocol AWSResourceTypeAlias: AWSResourceType {
    associatedtype Original: AWSResourceType
    var original: Original { get }
}

extension AWSResourceTypeAlias {
    static var displayName: String { Original.displayName }
    var schema: ResourceTypeSchema { original.schema }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        try await original.create(planned, in: context)
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        try await original.read(current, in: context)
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        try await original.update(prior: prior, planned: planned, in: context)
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        try await original.delete(current, in: context)
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        try await original.importObject(id: id, in: context)
    }

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        try original.plan(prior: prior, proposed: proposed, configuration: configuration, settings: settings)
    }

    // Objects made under the alias are found exactly as the original's.

    static var receivesSystemTags: Bool { Original.receivesSystemTags }
    static var systemTagSearch: SystemTagSearch { Original.systemTagSearch }
    static var createIsRepeatable: Bool { Original.createIsRepeatable }

    func identity(fromARN arn: String) -> [String: Value] { original.identity(fromARN: arn) }

    func identity(fromConfiguration configuration: Value) -> [String: Value]? { original.identity(fromConfiguration: configuration) }

    func findCreated(_ query: CreatedObjectQuery, in context: AWSContext) async throws -> CreatedObjectLookup {
        try await original.findCreated(query, in: context)
    }
}

/// A data source known by a second name (`data "aws_alb"` for `data "aws_lb"`).
protocol AWSDataSourceTypeAlias: AWSDataSourceType {
    associatedtype Original: AWSDataSourceType
    var original: Original { get }
}

extension AWSDataSourceTypeAlias {
    var schema: BlockSchema { original.schema }

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        try await original.read(configuration, in: context)
    }
}
