import ResourceGraph

/// Something the engine is doing, for the command line to show as progress.
public enum EngineEvent: Sendable {
    case refreshing(InstanceAddress, id: String?)
    /// Looking for the object an interrupted run's create may have made.
    case reconciling(InstanceAddress)
    case readingDataSource(InstanceAddress)
    case dataSourceRead(InstanceAddress, elapsed: Duration)
    case started(InstanceAddress, ChangeAction, deposed: Bool)
    /// Still working; emitted periodically during long operations.
    case stillWorking(InstanceAddress, ChangeAction, elapsed: Duration, status: String?)
    case completed(InstanceAddress, ChangeAction, id: String?, elapsed: Duration)
    case failed(InstanceAddress, ChangeAction, message: String)
    /// A call was interrupted: the engine is waiting for calls in flight before stopping.
    case interrupted(inFlight: [InstanceAddress])
}

/// Receives engine events. Implementations must be quick and thread-safe: events arrive from
/// concurrent tasks.
public protocol EngineObserver: Sendable {
    func event(_ event: EngineEvent)
}

/// An observer that ignores everything.
public struct SilentObserver: EngineObserver {
    public init() {}
    public func event(_ event: EngineEvent) {}
}
