import Foundation
import ResourceGraph

/// Reads every managed object in state from its provider, in parallel, starting as soon as the
/// object's provider is configured. Planning then waits only for the objects it is about to
/// plan, so reading and planning overlap.
final class Refresher: @unchecked Sendable {
    // @unchecked: `tasks` is guarded by `lock`; the tasks themselves are Sendable.
    enum Result: Sendable {
        case current(Value)
        case gone
        case failed(ProviderError)
    }

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
            for object in objects where tasks[object.address] == nil && object.address.resource.mode == .managed {
                let type = object.address.resource.type
                let limiter = self.limiter
                let observer = self.observer
                tasks[object.address] = Task {
                    await limiter.run {
                        observer.event(.refreshing(object.address, id: object.id))
                        do {
                            guard let current = try await provider.read(type: type, current: object.value) else { return .gone }
                            let schema = schemas[type]?.block
                            return .current(schema.map { current.conformed(to: $0.valueType).markingSensitive(at: $0.sensitivePaths()) } ?? current)
                        } catch let error as ProviderError {
                            return .failed(error)
                        } catch {
                            return .failed(ProviderError("Reading \(object.address)", detail: "\(error)"))
                        }
                    }
                }
            }
        }
    }

    /// The refreshed object, or nil when it was never started (refresh disabled).
    func result(for address: InstanceAddress) async -> Result? {
        guard let task = lock.withLock({ tasks[address] }) else { return nil }
        return await task.value
    }
}
