import Foundation
import Provisioner
import ResourceGraph

/// An in-process provider for testing the engine's own logic. It keeps objects in memory and
/// records every call, so tests can assert what the engine asked for and in which order.
final class FakeCloud: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private let lock = NSLock()
    private var objects: [String: Value] = [:]
    private var calls: [String] = []
    private var nextID = 1
    /// Names whose create fails after the object exists (to test tainting).
    var failAfterCreate: Set<String> = []
    /// Names whose create fails outright.
    var failCreate: Set<String> = []
    /// Names whose create fails with a message that quotes the request, as some AWS
    /// validation errors do.
    var failCreateEchoingRequest: Set<String> = []
    /// Names the provider refuses while planning (as a type's CustomizeDiff check would).
    var refusePlan: Set<String> = []
    /// Names already taken in the cloud: creating them fails as AWS does for a duplicate.
    var taken: Set<String> = []
    /// How long each create and delete takes, so that concurrency and ordering are observable.
    var latency: Duration = .zero
    private var running = 0
    private(set) var maximumConcurrency = 0
    /// Called when an operation starts (for tests that act in the middle of an apply).
    var onStart: (@Sendable (String) -> Void)?
    /// How many operations the cloud serves at once; beyond that it throttles (the operation
    /// reports it to the engine and tries again), as AWS does under a rate limit.
    var capacity: Int?
    /// Scheduler turns each operation takes (it yields this often), so that operations overlap
    /// without sleeping.
    var workYields = 0
    private(set) var throttledCalls = 0
    /// Names whose create acts and then loses its answer this many times (the connection
    /// dropped after the request was sent).
    var loseAnswers: [String: Int] = [:]
    /// Names whose create makes the object, then loses its answer before its follow-up (the
    /// tags) happened.
    var loseAnswersBeforeFollowUp: [String: Int] = [:]
    /// Names whose create loses its answer this many times without having acted.
    var failWithoutAnswer: [String: Int] = [:]
    /// Names whose create acts and then never answers, as if the process died meanwhile.
    var hangAfterCreate: Set<String> = []
    /// Called with an object's name as soon as a create made it.
    var onCreated: (@Sendable (String) -> Void)?
    /// Whether the provider can look created objects up (by their system tags).
    var supportsLookup = true
    /// The system tags (stack, address) of every object created with them, by id.
    private var systemTags: [String: (stack: String, address: String)] = [:]
    private(set) var lookups: [String] = []

    /// Records "start X" and "end X" around an operation, tracking how many overlap, and
    /// reports each call's outcome to the engine as a provider does.
    func timed<T>(_ what: String, _ body: () async throws -> T) async rethrows -> T {
        while true {
            let admitted = lock.withLock { () -> Bool in
                if let capacity, running >= capacity {
                    throttledCalls += 1
                    return false
                }
                calls.append("start \(what)")
                running += 1
                maximumConcurrency = max(maximumConcurrency, running)
                return true
            }
            if admitted { break }
            CallFeedback.report(.throttled)
            await Task.yield()
        }
        for _ in 0..<workYields { await Task.yield() }
        CallFeedback.report(.succeeded(operation: "fake:\(what.split(separator: " ").first ?? "")", latency: .milliseconds(1)))
        onStart?(what)
        defer {
            lock.withLock {
                calls.append("end \(what)")
                running -= 1
            }
        }
        if latency > .zero { try? await Task.sleep(for: latency) }
        return try await body()
    }

    func record(_ call: String) {
        lock.withLock { calls.append(call) }
    }

    var callLog: [String] { lock.withLock { calls } }
    func resetLog() { lock.withLock { calls = [] } }

    func store(_ value: Value, id: String) { lock.withLock { objects[id] = value } }
    func object(_ id: String) -> Value? { lock.withLock { objects[id] } }
    func remove(_ id: String) { lock.withLock { objects[id] = nil } }
    var count: Int { lock.withLock { objects.count } }
    var all: [String: Value] { lock.withLock { objects } }

    func tag(_ id: String, stack: String, address: String) {
        lock.withLock { systemTags[id] = (stack, address) }
    }

    /// Ids of the objects tagged with this stack (and address, when given).
    func tagged(stack: String, address: String? = nil) -> [(id: String, address: String)] {
        lock.withLock {
            systemTags.filter { $0.value.stack == stack && (address == nil || $0.value.address == address) && objects[$0.key] != nil }
                .map { ($0.key, $0.value.address) }.sorted { $0.id < $1.id }
        }
    }

    func recordLookup(_ address: String) { lock.withLock { lookups.append(address) } }

    /// Takes one from a per-name counter; true while it lasts.
    func consume(_ counter: ReferenceWritableKeyPath<FakeCloud, [String: Int]>, _ name: String) -> Bool {
        lock.withLock {
            guard let left = self[keyPath: counter][name], left > 0 else { return false }
            self[keyPath: counter][name] = left - 1
            return true
        }
    }

    func newID(_ prefix: String) -> String {
        lock.withLock {
            defer { nextID += 1 }
            return "\(prefix)-\(nextID)"
        }
    }
}

struct FakeProvider: ProviderPlugin {
    let cloud: FakeCloud
    let name = "fake"

    var configurationSchema: BlockSchema {
        BlockSchema(attributes: ["region": AttributeSchema(.string, .optional)])
    }

    static let thingSchema = BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .required, forceNew: true),
            "size": AttributeSchema(.number, .optional, default: .number(1)),
            "tags": AttributeSchema(.map(.string), .optional),
            "parent_id": AttributeSchema(.string, .optional, forceNew: true),
            "secret": AttributeSchema(.string, .optional, sensitive: true),
            "arn": AttributeSchema(.string, .computed),
        ],
        blocks: [
            "rule": NestedBlockSchema(.list, BlockSchema(attributes: [
                "port": AttributeSchema(.number, .required),
                "cidr": AttributeSchema(.string, .optional),
            ])),
        ])

    /// Like an access key: its `secret` is made by the cloud and known to nobody else.
    static let credentialSchema = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "name": AttributeSchema(.string, .required, forceNew: true),
        "secret": AttributeSchema(.string, .computed, sensitive: true),
    ])

    var resourceTypes: [String: ResourceTypeSchema] {
        ["fake_thing": ResourceTypeSchema(block: Self.thingSchema), "fake_credential": ResourceTypeSchema(block: Self.credentialSchema)]
    }

    var dataSourceTypes: [String: ResourceTypeSchema] {
        ["fake_lookup": ResourceTypeSchema(block: BlockSchema(attributes: [
            "name": AttributeSchema(.string, .required),
            "result": AttributeSchema(.string, .computed),
        ]))]
    }

    func configure(_ configuration: Value) async throws -> any ConfiguredProvider {
        cloud.record("configure")
        return FakeConfiguredProvider(cloud: cloud)
    }
}

struct FakeConfiguredProvider: ConfiguredProvider {
    let cloud: FakeCloud

    func planChange(type: String, prior: Value?, proposed: Value, configuration: Value) throws -> PlannedChange {
        if let name = proposed[attribute: "name"]?.stringValue, cloud.refusePlan.contains(name) {
            throw ProviderError("Invalid fake_thing configuration", detail: "the name \(name) is not allowed")
        }
        return PlannedChange(planned: proposed)
    }

    func create(type: String, planned: Value, context: OperationContext) async throws -> Value {
        try await cloud.timed("create \(context.address)") { try await createNow(type: type, planned: planned, context: context) }
    }

    private func createNow(type: String, planned: Value, context: OperationContext) async throws -> Value {
        let name = planned[attribute: "name"]?.stringValue ?? "?"
        cloud.record("create \(context.address)")
        if cloud.failCreate.contains(name) { throw ProviderError("Creating \(context.address) failed", detail: "the fake cloud refused") }
        if cloud.taken.contains(name) { throw ProviderError("Creating \(context.address) failed", detail: "the name \(name) is taken", isAlreadyExists: true) }
        if cloud.consume(\.failWithoutAnswer, name) {
            throw ProviderError("Creating \(context.address) failed", detail: "the connection dropped", outcomeUnknown: true)
        }
        if cloud.failCreateEchoingRequest.contains(name) {
            throw ProviderError("Creating \(context.address) failed", detail: "invalid request \((try? JSONEncoding.encode(planned.omittingUnknowns() ?? .null)) ?? "")")
        }
        let id = cloud.newID("thing")
        var attributes = planned.unmarkedDeep().attributes ?? [:]
        attributes["id"] = .string(id)
        if type == "fake_credential" {
            attributes["secret"] = .string("generated-" + UUID().uuidString)
        } else {
            attributes["arn"] = .string("arn:fake:::\(id)")
        }
        let interrupted = cloud.consume(\.loseAnswersBeforeFollowUp, name)
        if interrupted { attributes["tags"] = .null(.map(.string)) }
        let object = Value.object(attributes)
        cloud.store(object, id: id)
        if !context.stack.isEmpty { cloud.tag(id, stack: context.stack, address: context.address.description) }
        cloud.onCreated?(name)
        if cloud.failAfterCreate.contains(name) {
            throw ProviderError("Tagging \(context.address) failed", detail: "the fake cloud failed after creating", partialObject: object)
        }
        if interrupted || cloud.consume(\.loseAnswers, name) {
            throw ProviderError("Creating \(context.address) failed", detail: "the connection dropped after the request was sent", outcomeUnknown: true)
        }
        if cloud.hangAfterCreate.contains(name) {
            try await Task.sleep(for: .seconds(3600))
        }
        return object
    }

    func findCreated(type: String, query: CreatedObjectQuery) async throws -> CreatedObjectLookup {
        cloud.recordLookup(query.address.description)
        guard cloud.supportsLookup else { return .unsupported }
        guard let found = cloud.tagged(stack: query.stack, address: query.address.description).first, let object = cloud.object(found.id) else {
            return .notFound
        }
        return .found(object)
    }

    func stackObjects(stack: String, excluding known: Set<String>) async throws -> [StackObject] {
        cloud.tagged(stack: stack).compactMap { found in
            guard !known.contains(found.id), let address = InstanceAddress.parse(found.address), let object = cloud.object(found.id) else { return nil }
            return StackObject(address: address, value: object)
        }
    }

    func read(type: String, current: Value) async throws -> Value? {
        guard let id = current[attribute: "id"]?.stringValue else { return nil }
        return cloud.object(id)
    }

    func update(type: String, prior: Value, planned: Value, context: OperationContext) async throws -> Value {
        cloud.record("update \(context.address)")
        let id = prior[attribute: "id"]!.stringValue!
        let object = planned.unmarkedDeep()
        cloud.store(object, id: id)
        return object
    }

    func delete(type: String, current: Value, context: OperationContext) async throws {
        await cloud.timed("delete \(context.address)") { deleteNow(current: current, context: context) }
    }

    private func deleteNow(current: Value, context: OperationContext) {
        cloud.record("delete \(context.address)")
        if let id = current[attribute: "id"]?.stringValue { cloud.remove(id) }
    }

    func importObject(type: String, id: String) async throws -> Value {
        guard let object = cloud.object(id) else { throw ProviderError("Cannot import \(id)", detail: "no such object") }
        return object
    }

    func readDataSource(type: String, configuration: Value) async throws -> Value {
        cloud.record("read \(configuration[attribute: "name"]?.stringValue ?? "")")
        var attributes = configuration.attributes ?? [:]
        attributes["result"] = .string("found-\(configuration[attribute: "name"]?.stringValue ?? "")")
        return .object(attributes)
    }
}
