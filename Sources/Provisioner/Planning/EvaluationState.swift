import Foundation
import ResourceGraph

/// The values known so far in a walk, per module instance: input variables, locals, outputs and
/// resources (planned values while planning, real ones while applying). Expression evaluation
/// reads from here through a resolver, so no evaluation ever copies the whole configuration's
/// values. Shared by concurrent tasks during apply, hence the lock.
public final class EvaluationState: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `lock`.
    struct ModuleValues {
        var variables: [String: Value] = [:]
        var locals: [String: Value] = [:]
        var outputs: [String: Value] = [:]
        /// The whole value of each resource: one object, a tuple (count) or an object (for_each).
        var resources: [String: Value] = [:]
        /// Module calls' instance keys, for assembling `module.x` values.
        var moduleCallKeys: [String: ModuleCallExpansion] = [:]
        /// How each resource expanded, so apply can reassemble its whole value.
        var expansions: [String: Expansion] = [:]
    }

    /// How a module call expanded, so `module.x` can be given its shape.
    enum ModuleCallExpansion {
        case single
        case count(Int)
        case forEach([String])
    }

    private let lock = NSLock()
    private var modules: [ModulePath: ModuleValues] = [:]
    /// The child module instances each module call produced, by the calling module instance.
    private var callInstances: [ModulePath: [String: [ModulePath]]] = [:]

    let functions: [String: Function]
    let rootDirectory: String
    /// `path.cwd`: asked of the system once, not for every expression evaluated.
    private let currentDirectory = FileManager.default.currentDirectoryPath
    let workspace: String
    /// Unknown values stand in for what is not known yet (validation, or a plan before apply).
    let unknownWhenMissing: Bool

    init(functions: [String: Function], rootDirectory: String, workspace: String, unknownWhenMissing: Bool) {
        self.functions = functions
        self.rootDirectory = rootDirectory
        self.workspace = workspace
        self.unknownWhenMissing = unknownWhenMissing
    }

    private func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: Module instances

    /// Every instance of the module at a static call path, in a stable order.
    func moduleInstances(of staticPath: [String]) -> [ModulePath] {
        withLock { instancesLocked(of: staticPath[...]) }
    }

    private func instancesLocked(of staticPath: ArraySlice<String>) -> [ModulePath] {
        guard let name = staticPath.last else { return [.root] }
        return instancesLocked(of: staticPath.dropLast()).flatMap { parent in callInstances[parent]?[name] ?? [] }
    }

    /// Records what a module call in one parent instance expanded to (replacing any earlier
    /// record, as apply re-evaluates calls).
    func setModuleInstances(_ paths: [ModulePath], callIn parent: ModulePath, name: String, expansion: ModuleCallExpansion) {
        withLock {
            callInstances[parent, default: [:]][name] = paths
            modules[parent, default: ModuleValues()].moduleCallKeys[name] = expansion
        }
    }

    // MARK: Values

    func setVariable(_ name: String, _ value: Value, in module: ModulePath) {
        withLock { modules[module, default: ModuleValues()].variables[name] = value }
    }

    func variable(_ name: String, in module: ModulePath) -> Value? {
        withLock { modules[module]?.variables[name] }
    }

    func setLocal(_ name: String, _ value: Value, in module: ModulePath) {
        withLock { modules[module, default: ModuleValues()].locals[name] = value }
    }

    func setOutput(_ name: String, _ value: Value, in module: ModulePath) {
        withLock { modules[module, default: ModuleValues()].outputs[name] = value }
    }

    func output(_ name: String, in module: ModulePath) -> Value? {
        withLock { modules[module]?.outputs[name] }
    }

    func setResource(_ localName: String, _ value: Value, in module: ModulePath) {
        withLock { modules[module, default: ModuleValues()].resources[localName] = value }
    }

    func setExpansion(_ localName: String, _ expansion: Expansion, in module: ModulePath) {
        withLock { modules[module, default: ModuleValues()].expansions[localName] = expansion }
    }

    func expansion(_ localName: String, in module: ModulePath) -> Expansion? {
        withLock { modules[module]?.expansions[localName] }
    }

    func resource(_ localName: String, in module: ModulePath) -> Value? {
        withLock { modules[module]?.resources[localName] }
    }

    // MARK: Evaluation contexts

    /// The context for evaluating expressions in a module instance, with `count` / `each`
    /// bound when given.
    func context(for module: ModulePath, directory: String, planning: Bool, count: Int? = nil, each: (key: Value, value: Value)? = nil, selfValue: Value? = nil) -> EvaluationContext {
        var variables: [String: Value] = [
            "path": .object([
                "module": .string(directory),
                "root": .string(rootDirectory),
                "cwd": .string(currentDirectory),
            ]),
            "terraform": .object(["workspace": .string(workspace)]),
        ]
        if let count { variables["count"] = .object(["index": .number(count)]) }
        if let each { variables["each"] = .object(["key": each.key, "value": each.value]) }
        if let selfValue { variables["self"] = selfValue }
        return EvaluationContext(
            variables: variables, functions: functions,
            resolver: { [self] traversal in resolve(traversal, in: module) },
            isPlanning: planning)
    }

    private func resolve(_ traversal: Traversal, in module: ModulePath) -> EvaluationContext.Resolution? {
        func attribute(_ i: Int) -> String? {
            guard i < traversal.steps.count, case .attribute(let name, _) = traversal.steps[i] else { return nil }
            return name
        }
        func found(_ value: Value?, consumed: Int) -> EvaluationContext.Resolution? {
            if let value { return .value(value, consumedSteps: consumed) }
            return unknownWhenMissing ? .value(.unknown(), consumedSteps: consumed) : nil
        }
        return withLock {
            let values = modules[module]
            switch traversal.root {
            case "var":
                guard let name = attribute(0) else { return nil }
                return found(values?.variables[name], consumed: 1)
            case "local":
                guard let name = attribute(0) else { return nil }
                return found(values?.locals[name], consumed: 1)
            case "data":
                guard let type = attribute(0), let name = attribute(1) else { return nil }
                return found(values?.resources["data.\(type).\(name)"], consumed: 2)
            case "module":
                guard let name = attribute(0) else { return nil }
                return found(moduleValue(name, in: module), consumed: 1)
            case "count", "each", "path", "terraform", "self":
                return nil
            default:
                guard let name = attribute(0) else { return nil }
                return found(values?.resources["\(traversal.root).\(name)"], consumed: 1)
            }
        }
    }

    /// `module.x`: an object of the child's outputs, or a tuple / object of them for
    /// `count` / `for_each`. Must be called with the lock held.
    private func moduleValue(_ name: String, in parent: ModulePath) -> Value? {
        guard let expansion = modules[parent]?.moduleCallKeys[name] else { return nil }
        func outputs(_ key: InstanceKey) -> Value {
            let child = parent.child(name, key: key)
            return .object(modules[child]?.outputs ?? [:])
        }
        switch expansion {
        case .single: return outputs(.none)
        case .count(let n): return .tuple((0..<n).map { outputs(.index($0)) })
        case .forEach(let keys): return .object(Dictionary(uniqueKeysWithValues: keys.map { ($0, outputs(.key($0))) }))
        }
    }
}
