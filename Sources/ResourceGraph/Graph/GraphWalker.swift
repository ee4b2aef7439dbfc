/// How a node fared in a walk.
public enum WalkOutcome: Sendable {
    case succeeded
    case failed(any Error)
    /// Not run because something it depends on failed or was skipped.
    case skipped
    /// Not run because the walk was cancelled (Ctrl-C) before its turn.
    case cancelled

    public var isSuccess: Bool {
        if case .succeeded = self { return true }
        return false
    }
}

extension Graph {
    /// Runs `body` for every node, each only after all its dependencies succeeded, as many at
    /// once as `maxConcurrency` allows. When a node fails, whatever depends on it is skipped and
    /// reports nothing of its own; independent branches carry on. When `shouldStop` turns true
    /// (or the calling task is cancelled), no new node starts; those already running finish.
    public func walk(maxConcurrency: Int, shouldStop: @escaping @Sendable () -> Bool = { false }, _ body: @escaping @Sendable (Node) async throws -> Void) async -> [Node: WalkOutcome] {
        var outcomes = [WalkOutcome?](repeating: nil, count: nodes.count)
        var remaining = dependencies.map(\.count)
        var blocked = [Bool](repeating: false, count: nodes.count)
        var ready = (0..<nodes.count).filter { remaining[$0] == 0 }.reversed() as [Int]
        var running = 0
        let limit = max(1, maxConcurrency)

        /// Marks a finished node's dependents, skipping (transitively) those it blocks.
        func release(_ finished: Int, succeeded: Bool) {
            var pending = [(finished, succeeded)]
            while let (node, ok) = pending.popLast() {
                for dependent in dependents[node] {
                    if !ok { blocked[dependent] = true }
                    remaining[dependent] -= 1
                    guard remaining[dependent] == 0 else { continue }
                    if blocked[dependent] {
                        outcomes[dependent] = .skipped
                        pending.append((dependent, false))
                    } else {
                        ready.append(dependent)
                    }
                }
            }
        }

        await withTaskGroup(of: (Int, WalkOutcome).self) { group in
            while true {
                while running < limit, let next = ready.popLast() {
                    if Task.isCancelled || shouldStop() {
                        outcomes[next] = .cancelled
                        continue
                    }
                    running += 1
                    let node = nodes[next]
                    group.addTask {
                        do {
                            try await body(node)
                            return (next, .succeeded)
                        } catch is CancellationError {
                            return (next, .cancelled)
                        } catch {
                            return (next, .failed(error))
                        }
                    }
                }
                guard let (finished, outcome) = await group.next() else { break }
                running -= 1
                outcomes[finished] = outcome
                release(finished, succeeded: outcome.isSuccess)
            }
        }
        var result: [Node: WalkOutcome] = [:]
        result.reserveCapacity(nodes.count)
        for (i, node) in nodes.enumerated() { result[node] = outcomes[i] ?? .cancelled }
        return result
    }
}
