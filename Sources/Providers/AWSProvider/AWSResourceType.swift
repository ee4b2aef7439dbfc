import Provisioner
import ResourceGraph

/// What each AWS resource type implements, in one file per type: its schema beside its create,
/// read, update, delete and import.
protocol AWSResourceType: Sendable {
    static var typeName: String { get }
    /// How messages name the kind of object: "EC2 VPC", "Secrets Manager Secret".
    static var displayName: String { get }
    var schema: ResourceTypeSchema { get }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value
    /// The object as it is now, or nil when it no longer exists.
    func read(_ current: Value, in context: AWSContext) async throws -> Value?
    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value
    /// Deletes the object; an object that is already gone is not an error.
    func delete(_ current: Value, in context: AWSContext) async throws
    /// The object with this import id (what `terraform import` takes for the type).
    func importObject(id: String, in context: AWSContext) async throws -> Value
    /// Adjusts the engine's proposed object; the default fills `tags_all`. Throws a
    /// `ProviderError` for a configuration the type refuses (Terraform's CustomizeDiff errors),
    /// which the plan then reports against the resource.
    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange

    // Finding objects a create made without the engine recording it (see
    // AWSResourceType+Reconciliation.swift for the defaults, which most types keep).

    /// Whether created objects carry prov's system tags; false for types that adopt an object
    /// AWS made (a VPC's default security group), which prov must never delete by tag.
    static var receivesSystemTags: Bool { get }
    /// Where objects are found by their system tags.
    static var systemTagSearch: SystemTagSearch { get }
    /// Whether sending the create again is harmless (it adopts or replaces what is there), so
    /// an unrecorded create needs no lookup: it is simply made again.
    static var createIsRepeatable: Bool { get }
    /// The attributes identifying the object an ARN from the tagging API names (its `id`, and
    /// whatever else `read` needs).
    func identity(fromARN arn: String) -> [String: Value]
    /// For types whose objects have unique names: the attributes identifying the object this
    /// configuration creates, so it can be read without knowing its id.
    func identity(fromConfiguration configuration: Value) -> [String: Value]?
    /// The object an unrecorded create of this type made, looked up by token, system tags or
    /// unique name.
    func findCreated(_ query: CreatedObjectQuery, in context: AWSContext) async throws -> CreatedObjectLookup
}

extension AWSResourceType {
    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        PlannedChange(planned: AWSTags.planTagsAll(proposed, settings: settings))
    }

    /// Import by the object's id, for the many types whose import id is their `id`.
    func importObject(id: String, in context: AWSContext) async throws -> Value {
        guard let object = try await read(.object(["id": .string(id)]), in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No \(Self.displayName) with id \(id) exists in \(context.region).")
        }
        return object
    }

    /// The object as AWS now has it, after a create or update that should have left it there.
    func readBack(_ object: Value, in context: AWSContext, after operation: String) async throws -> Value {
        guard let found = try await read(object, in: context) else {
            throw ProviderError("\(operation.prefix(1).uppercased() + operation.dropFirst()) \(Self.displayName)", detail: "the object cannot be found afterwards: it may have been deleted outside prov meanwhile.")
        }
        return found
    }
}

/// What a resource operation has to work with.
struct AWSContext: Sendable {
    let client: AWSClient
    let settings: AWSProviderBlock
    /// The engine's operation (absent for reads).
    let operation: OperationContext?

    var region: String { client.configuration.region }
    var partition: String { AWSPartition.containing(region: region).id }

    /// A token for APIs that take one, so that a retried create returns the same object.
    var idempotencyToken: String? { operation?.idempotencyToken }

    func progress(_ status: String) { operation?.progress(status) }
}
