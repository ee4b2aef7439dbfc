import Foundation
import ResourceGraph

/// Reads every managed object in state from its provider, in parallel, starting as soon as the
/// object's provider is configured. Objects of a type the provider reads in batches are read
/// together (one Describe call for many ids), every type at once; the others one by one.
/// Planning then waits only for the objects it is about to plan, so reading and planning
/// overlap.
final class Refresher: @unchecked Sendable {
    // @unchecked: `tasks` is guarded by `lock`; the tasks themselves are Sendable.
    typealias Result = ObjectReadResult

    private let lock = NSLock()
    private var tasks: [InstanceAddress: Task<Result, Never>] = [:]
    private let limiter: ConcurrencyLimiter
    private let observer: EngineObserver

    init(limiter: ConcurrencyLimiter, observer: EngineObserver) {
        self.limiter = limiter
        self.observer = observer
    }

    /// Starts reading these objects with this provider.
    func start(_ objects: [ResourceInstanceObject], schemas: [String: ResourceTypeSchema], provider: any ConfiguredProvider) {
        lock.withLock {
            let pending = objects.filter { tasks[$0.address] == nil && $0.address.resource.mode == .managed }
            var batches: [String: [ResourceInstanceObject]] = [:]
            for object in pending {
                let type = object.address.resource.type
                if provider.readsInBatches(type: type) {
                    batches[type, default: []].append(object)
                } else {
                    tasks[object.address] = readOne(object, schema: schemas[type]?.block, provider: provider)
                }
            }
            for (type, group) in batches {
                let batch = readBatch(group, type: type, provider: provider)
                let schema = schemas[type]?.block
                for (index, object) in group.enumerated() {
                    tasks[object.address] = Task {
                        let results = await batch.value
                        guard index < results.count else {
                            return .failed(ProviderError("Reading \(object.address)", detail: "the provider's batch read returned no result for this object."))
                        }
                        return Self.conformed(results[index], to: schema)
                    }
                }
            }
        }
    }

    private func readOne(_ object: ResourceInstanceObject, schema: BlockSchema?, provider: any ConfiguredProvider) -> Task<Result, Never> {
        let type = object.address.resource.type
        let limiter = self.limiter
        let observer = self.observer
        return Task {
            await limiter.run {
                observer.event(.refreshing(object.address, id: object.id))
                do {
                    guard let current = try await provider.read(type: type, current: object.value) else { return .gone }
                    return Self.conformed(.current(current), to: schema)
                } catch let error as ProviderError {
                    return .failed(error)
                } catch {
                    return .failed(ProviderError("Reading \(object.address)", detail: "\(error)"))
                }
            }
        }
    }

    /// One task reading a whole type's objects; it holds one permit, since the provider makes
    /// its few calls for the whole batch.
    private func readBatch(_ objects: [ResourceInstanceObject], type: String, provider: any ConfiguredProvider) -> Task<[Result], Never> {
        let limiter = self.limiter
        let observer = self.observer
        return Task {
            await limiter.run {
                for object in objects { observer.event(.refreshing(object.address, id: object.id)) }
                return await provider.readMany(type: type, current: objects.map(\.value))
            }
        }
    }

    private static func conformed(_ result: Result, to schema: BlockSchema?) -> Result {
        guard case .current(let value) = result, let schema else { return result }
        return .current(value.conformed(to: schema.valueType).markingSensitive(at: schema.sensitivePaths()))
    }

    /// The refreshed object, or nil when it was never started (refresh disabled).
    func result(for address: InstanceAddress) async -> Result? {
        guard let task = lock.withLock({ tasks[address] }) else { return nil }
        return await task.value
    }
}
