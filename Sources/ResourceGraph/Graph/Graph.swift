/// A directed graph of dependencies: an edge from `a` to `b` means "a depends on b", so b comes
/// first. Nodes are stored by index so walks over hundreds of thousands of nodes stay linear.
public struct Graph<Node: Hashable & Sendable>: Sendable {
    public private(set) var nodes: [Node] = []
    private var indexes: [Node: Int] = [:]
    /// For each node, the nodes it depends on.
    private(set) var dependencies: [[Int]] = []
    /// For each node, the nodes that depend on it.
    private(set) var dependents: [[Int]] = []
    private var edgeSet: Set<Int64> = []

    public init() {}

    public var count: Int { nodes.count }

    public func contains(_ node: Node) -> Bool { indexes[node] != nil }

    @discardableResult
    public mutating func add(_ node: Node) -> Int {
        if let index = indexes[node] { return index }
        let index = nodes.count
        nodes.append(node)
        indexes[node] = index
        dependencies.append([])
        dependents.append([])
        return index
    }

    /// Records that `node` depends on `dependency`, adding either if new. Duplicates are ignored.
    public mutating func addDependency(_ node: Node, on dependency: Node) {
        let from = add(node)
        let to = add(dependency)
        let key = Int64(from) << 32 | Int64(to)
        guard edgeSet.insert(key).inserted else { return }
        dependencies[from].append(to)
        dependents[to].append(from)
    }

    public func dependencies(of node: Node) -> [Node] {
        guard let index = indexes[node] else { return [] }
        return dependencies[index].map { nodes[$0] }
    }

    public func dependents(of node: Node) -> [Node] {
        guard let index = indexes[node] else { return [] }
        return dependents[index].map { nodes[$0] }
    }

    /// The same nodes with every edge reversed: the order for destroying what was created.
    public func reversed() -> Graph {
        var copy = self
        swap(&copy.dependencies, &copy.dependents)
        copy.edgeSet = Set(edgeSet.map { ($0 & 0xFFFF_FFFF) << 32 | ($0 >> 32) })
        return copy
    }

    /// Dependencies before dependents; among nodes ready at the same time, insertion order.
    /// Nil when there is a cycle (see `cycles()`).
    public func topologicalOrder() -> [Node]? {
        var remaining = dependencies.map(\.count)
        var queue = (0..<nodes.count).filter { remaining[$0] == 0 }
        var head = 0
        while head < queue.count {
            let index = queue[head]
            head += 1
            for dependent in dependents[index] {
                remaining[dependent] -= 1
                if remaining[dependent] == 0 { queue.append(dependent) }
            }
        }
        return queue.count == nodes.count ? queue.map { nodes[$0] } : nil
    }

    /// Every cycle, as the nodes on it in dependency order (strongly connected components of
    /// more than one node, and nodes that depend on themselves). Iterative Tarjan, so deep
    /// graphs cannot overflow the stack.
    public func cycles() -> [[Node]] {
        var index = [Int](repeating: -1, count: nodes.count)
        var lowLink = [Int](repeating: 0, count: nodes.count)
        var onStack = [Bool](repeating: false, count: nodes.count)
        var stack: [Int] = []
        var counter = 0
        var components: [[Int]] = []

        for start in 0..<nodes.count where index[start] < 0 {
            // Each frame: the node and how far through its dependencies we are.
            var frames: [(node: Int, next: Int)] = [(start, 0)]
            index[start] = counter; lowLink[start] = counter; counter += 1
            stack.append(start); onStack[start] = true
            while let frame = frames.last {
                let node = frame.node
                if frame.next < dependencies[node].count {
                    frames[frames.count - 1].next += 1
                    let next = dependencies[node][frame.next]
                    if index[next] < 0 {
                        index[next] = counter; lowLink[next] = counter; counter += 1
                        stack.append(next); onStack[next] = true
                        frames.append((next, 0))
                    } else if onStack[next] {
                        lowLink[node] = min(lowLink[node], index[next])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last { lowLink[parent.node] = min(lowLink[parent.node], lowLink[node]) }
                if lowLink[node] == index[node] {
                    var component: [Int] = []
                    while true {
                        let member = stack.removeLast()
                        onStack[member] = false
                        component.append(member)
                        if member == node { break }
                    }
                    let selfLoop = component.count == 1 && dependencies[node].contains(node)
                    if component.count > 1 || selfLoop { components.append(component) }
                }
            }
        }
        return components.map { component in orderAlongCycle(component).map { nodes[$0] } }
    }

    /// Orders a strongly connected component along one path through it, so the message reads
    /// as a chain: a → b → c → a.
    private func orderAlongCycle(_ component: [Int]) -> [Int] {
        let members = Set(component)
        guard let start = component.min() else { return component }
        var ordered = [start]
        var visited: Set<Int> = [start]
        var current = start
        while let next = dependencies[current].first(where: { members.contains($0) && !visited.contains($0) }) {
            ordered.append(next)
            visited.insert(next)
            current = next
        }
        // Members not on that simple path still belong to the cycle: list them too.
        ordered += component.filter { !visited.contains($0) }.sorted()
        return ordered
    }
}

extension Graph {
    /// The subgraph of the nodes that pass the test, with the edges between them.
    public func filtered(_ isIncluded: (Node) -> Bool) -> Graph {
        var result = Graph()
        for node in nodes where isIncluded(node) {
            result.add(node)
            for dependency in dependencies(of: node) where isIncluded(dependency) {
                result.addDependency(node, on: dependency)
            }
        }
        return result
    }
}
