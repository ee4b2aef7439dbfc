/// Builds the dependency graph of a configuration: a node per declaration, an edge per
/// reference and `depends_on`. Every reference is checked on the way (undeclared names with
/// "Did you mean", `count` and `each` outside their blocks, self-references), and cycles are
/// reported naming every node on them.
public struct DependencyGraphBuilder {
    public private(set) var graph = Graph<ConfigNode>()
    public private(set) var diagnostics = Diagnostics()
    private let root: Configuration
    /// Where each dependency was first written, so a cycle can point at a reference on it.
    private var referenceRanges: [Dependency: SourceRange] = [:]

    private struct Dependency: Hashable {
        var from: ConfigNode
        var to: ConfigNode
    }

    public static func build(_ configuration: Configuration) -> (Graph<ConfigNode>, Diagnostics) {
        var builder = DependencyGraphBuilder(root: configuration)
        builder.addModule(configuration, path: [])
        builder.reportCycles()
        return (builder.graph, builder.diagnostics)
    }

    private init(root: Configuration) { self.root = root }

    private mutating func addModule(_ configuration: Configuration, path: [String]) {
        let module = configuration.module
        let moduleName = path.isEmpty ? "the root module" : "module.\(path.joined(separator: ".module."))"
        func node(_ kind: ConfigNode.Kind) -> ConfigNode { ConfigNode(module: path, kind) }

        for name in module.variables.keys.sorted() {
            let variableNode = node(.variable(name))
            graph.add(variableNode)
            // A child module's variables get their values from the parent's module call.
            if let parentCall = path.last {
                graph.addDependency(variableNode, on: ConfigNode(module: Array(path.dropLast()), .moduleCall(parentCall)))
            }
            for validation in module.variables[name]!.validations {
                // Validations may refer only to the variable itself.
                for traversal in ReferenceExtractor.traversals(in: validation.condition) + ReferenceExtractor.traversals(in: validation.errorMessage) {
                    if case .success(let reference) = ReferenceExtractor.reference(from: traversal),
                       case .inputVariable(let other) = reference.subject, other != name {
                        diagnostics.error("Invalid reference in variable validation", "The condition for variable \"\(name)\" can only refer to the variable itself, using var.\(name).", at: traversal.range)
                    }
                }
            }
        }
        for (key, provider) in module.providers.sorted(by: { $0.key < $1.key }) {
            let providerNode = node(.provider(key))
            graph.add(providerNode)
            let scope = Scope(module: module, moduleName: moduleName, path: path, owner: providerNode, countAllowed: false, eachAllowed: false)
            addReferences(ReferenceExtractor.traversals(in: provider.body), from: providerNode, scope: scope)
        }
        for (name, local) in module.locals.sorted(by: { $0.key < $1.key }) {
            let localNode = node(.local(name))
            graph.add(localNode)
            let scope = Scope(module: module, moduleName: moduleName, path: path, owner: localNode, countAllowed: false, eachAllowed: false)
            addReferences(ReferenceExtractor.traversals(in: local.expression), from: localNode, scope: scope)
        }
        for (localName, resource) in module.resources.sorted(by: { $0.key < $1.key }) {
            let resourceNode = node(.resource(localName))
            graph.add(resourceNode)
            let scope = Scope(module: module, moduleName: moduleName, path: path, owner: resourceNode, countAllowed: resource.count != nil, eachAllowed: resource.forEach != nil, resource: resource)
            var traversals = ReferenceExtractor.traversals(in: resource.body)
            for expression in [resource.count, resource.forEach].compactMap({ $0 }) {
                let metaScope = Scope(module: module, moduleName: moduleName, path: path, owner: resourceNode, countAllowed: false, eachAllowed: false, resource: resource)
                addReferences(ReferenceExtractor.traversals(in: expression), from: resourceNode, scope: metaScope)
            }
            traversals += resource.dependsOn
            for rule in resource.lifecycle.preconditions {
                traversals += ReferenceExtractor.traversals(in: rule.condition) + ReferenceExtractor.traversals(in: rule.errorMessage)
            }
            for trigger in resource.lifecycle.replaceTriggeredBy { traversals += ReferenceExtractor.traversals(in: trigger) }
            if let preventDestroy = resource.lifecycle.preventDestroy { traversals += ReferenceExtractor.traversals(in: preventDestroy) }
            addReferences(traversals, from: resourceNode, scope: scope)
            // Postconditions may use `self`, and run after the object exists.
            var postScope = scope
            postScope.selfAllowed = true
            for rule in resource.lifecycle.postconditions {
                addReferences(ReferenceExtractor.traversals(in: rule.condition) + ReferenceExtractor.traversals(in: rule.errorMessage), from: resourceNode, scope: postScope)
            }
            addProviderDependency(for: resource, node: resourceNode, module: module, path: path)
        }
        for (name, call) in module.moduleCalls.sorted(by: { $0.key < $1.key }) {
            let callNode = node(.moduleCall(name))
            graph.add(callNode)
            let scope = Scope(module: module, moduleName: moduleName, path: path, owner: callNode, countAllowed: call.count != nil, eachAllowed: call.forEach != nil)
            let traversals = call.inputs.flatMap { ReferenceExtractor.traversals(in: $0.expression) } + call.dependsOn
            let metaScope = Scope(module: module, moduleName: moduleName, path: path, owner: callNode, countAllowed: false, eachAllowed: false)
            for expression in [call.count, call.forEach].compactMap({ $0 }) {
                addReferences(ReferenceExtractor.traversals(in: expression), from: callNode, scope: metaScope)
            }
            addReferences(traversals, from: callNode, scope: scope)
            for (_, parentKey) in call.providers where module.providers[parentKey] != nil {
                graph.addDependency(callNode, on: node(.provider(parentKey)))
            }
            if let child = configuration.children[name] {
                checkInputs(call, against: child.module)
                addModule(child, path: path + [name])
            }
        }
        for (name, output) in module.outputs.sorted(by: { $0.key < $1.key }) {
            let outputNode = node(.output(name))
            graph.add(outputNode)
            let scope = Scope(module: module, moduleName: moduleName, path: path, owner: outputNode, countAllowed: false, eachAllowed: false)
            var traversals = ReferenceExtractor.traversals(in: output.expression) + output.dependsOn
            for rule in output.preconditions {
                traversals += ReferenceExtractor.traversals(in: rule.condition) + ReferenceExtractor.traversals(in: rule.errorMessage)
            }
            addReferences(traversals, from: outputNode, scope: scope)
        }
    }

    /// A resource depends on the provider configuration that manages it, when that
    /// configuration is declared in this module.
    private mutating func addProviderDependency(for resource: ResourceDeclaration, node: ConfigNode, module: Module, path: [String]) {
        let key = resource.providerKey ?? resource.impliedProvider
        if module.providers[key] != nil {
            graph.addDependency(node, on: ConfigNode(module: path, .provider(key)))
        } else if let alias = resource.providerKey, alias.contains("."), path.isEmpty {
            diagnostics.error("Provider configuration not present", "The resource refers to provider configuration \"\(alias)\", but no provider \"\(alias.split(separator: ".")[0])\" block with alias \"\(alias.split(separator: ".")[1])\" is declared.", at: resource.providerKeyRange ?? resource.range)
        }
    }

    private mutating func checkInputs(_ call: ModuleCall, against child: Module) {
        for input in call.inputs where child.variables[input.name] == nil {
            let suggestion = NameSuggestion.didYouMean(input.name, in: child.variables.keys)
            diagnostics.error("Unsupported argument", "An argument named \"\(input.name)\" is not expected here: module \"\(call.name)\" declares no variable of that name.\(suggestion)", at: input.nameRange)
        }
        for (name, variable) in child.variables.sorted(by: { $0.key < $1.key }) where variable.defaultValue == nil && !call.inputs.contains(where: { $0.name == name }) {
            diagnostics.error("Missing required argument", "The argument \"\(name)\" is required, but no definition was found: module \"\(call.name)\" has a variable \"\(name)\" without a default.", at: call.range)
        }
    }

    struct Scope {
        var module: Module
        var moduleName: String
        var path: [String]
        var owner: ConfigNode
        var countAllowed: Bool
        var eachAllowed: Bool
        var resource: ResourceDeclaration? = nil
        var selfAllowed = false
    }

    private mutating func addReferences(_ traversals: [Traversal], from owner: ConfigNode, scope: Scope) {
        for traversal in traversals {
            switch ReferenceExtractor.reference(from: traversal) {
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
            case .success(let reference):
                for target in resolve(reference, scope: scope) {
                    graph.addDependency(owner, on: target)
                    let dependency = Dependency(from: owner, to: target)
                    if referenceRanges[dependency] == nil { referenceRanges[dependency] = reference.range }
                }
            }
        }
    }

    /// The nodes a reference depends on: none when it is invalid (with a diagnostic) or names
    /// something that is not a node (count.index, path.module).
    private mutating func resolve(_ reference: Reference, scope: Scope) -> [ConfigNode] {
        switch reference.subject {
        case .moduleCall(let name):
            return resolveModule(name, reference: reference, scope: scope)
        default:
            return resolveSingle(reference, scope: scope).map { [$0] } ?? []
        }
    }

    /// A module reference depends on the output it names, or on all of them when it is not
    /// followed by an output name (`module.x`, `module.x[0].y`).
    private mutating func resolveModule(_ name: String, reference: Reference, scope: Scope) -> [ConfigNode] {
        guard let call = scope.module.moduleCalls[name] else {
            let suggestion = NameSuggestion.didYouMean(name, in: scope.module.moduleCalls.keys)
            diagnostics.error("Reference to undeclared module", "No module call named \"\(name)\" is declared in \(scope.moduleName).\(suggestion)", at: reference.range)
            return []
        }
        let childPath = scope.path + [name]
        let child = root.descendant(ModulePath(childPath.map { .init(name: $0) }))
        let outputs = child?.module.outputs ?? [:]
        if call.count == nil, call.forEach == nil, case .attribute(let output, let range)? = reference.remainingSteps.first {
            guard outputs[output] != nil || child == nil else {
                let suggestion = NameSuggestion.didYouMean(output, in: outputs.keys)
                diagnostics.error("Unsupported attribute", "This object does not have an attribute named \"\(output)\": module \"\(call.name)\" has no output of that name.\(suggestion)", at: range)
                return []
            }
            return [ConfigNode(module: childPath, .output(output))]
        }
        return [ConfigNode(module: scope.path, .moduleCall(name))] + outputs.keys.sorted().map { ConfigNode(module: childPath, .output($0)) }
    }

    private mutating func resolveSingle(_ reference: Reference, scope: Scope) -> ConfigNode? {
        let module = scope.module
        let path = scope.path
        switch reference.subject {
        case .inputVariable(let name):
            guard module.variables[name] != nil else {
                let suggestion = NameSuggestion.didYouMean(name, in: module.variables.keys)
                diagnostics.error("Reference to undeclared input variable", "An input variable with the name \"\(name)\" has not been declared. This variable can be declared with a variable \"\(name)\" {} block.\(suggestion)", at: reference.range)
                return nil
            }
            return ConfigNode(module: path, .variable(name))
        case .localValue(let name):
            guard module.locals[name] != nil else {
                let suggestion = NameSuggestion.didYouMean(name, in: module.locals.keys)
                diagnostics.error("Reference to undeclared local value", "A local value with the name \"\(name)\" has not been declared.\(suggestion)", at: reference.range)
                return nil
            }
            let target = ConfigNode(module: path, .local(name))
            if target == scope.owner {
                diagnostics.error("Self-referencing local value", "Local value local.\(name) cannot use its own result as part of its expression.", at: reference.range)
                return nil
            }
            return target
        case .resource(let mode, let type, let name):
            let localName = (mode == .data ? "data." : "") + "\(type).\(name)"
            guard module.resources[localName] != nil else {
                let kind = mode == .data ? "data resource" : "managed resource"
                let candidates = module.resources.values.filter { $0.mode == mode && $0.type == type }.map(\.name)
                var suggestion = NameSuggestion.didYouMean(name, in: candidates)
                if suggestion.isEmpty, candidates.isEmpty {
                    let typeCandidates = Set(module.resources.values.filter { $0.mode == mode }.map(\.type))
                    if let closeType = NameSuggestion.closest(to: type, in: typeCandidates) {
                        suggestion = " Did you mean \"\(mode == .data ? "data." : "")\(closeType).\(name)\"?"
                    }
                }
                diagnostics.error("Reference to undeclared resource", "A \(kind) \"\(type)\" \"\(name)\" has not been declared in \(scope.moduleName).\(suggestion)", at: reference.range)
                return nil
            }
            let target = ConfigNode(module: path, .resource(localName))
            if target == scope.owner, !scope.selfAllowed {
                diagnostics.error("Self-referential block", "Configuration for \(localName) may not refer to itself.", at: reference.range)
                return nil
            }
            if target == scope.owner { return nil }
            return target
        case .moduleCall:
            return nil
        case .countAttribute(let attribute):
            guard scope.countAllowed else {
                diagnostics.error("Reference to \"count\" in non-counted context", "The \"count\" object can only be used in \"module\", \"resource\", and \"data\" blocks, and only when the \"count\" argument is set.", at: reference.range)
                return nil
            }
            if attribute != "index" {
                diagnostics.error("Invalid \"count\" attribute", "The \"count\" object does not have an attribute named \"\(attribute)\". The only supported attribute is count.index, which is the index of each instance of a resource block that has the \"count\" argument set.", at: reference.range)
            }
            return nil
        case .eachAttribute(let attribute):
            guard scope.eachAllowed else {
                diagnostics.error("Reference to \"each\" in context without for_each", "The \"each\" object can be used only in \"module\" or \"resource\" blocks, and only when the \"for_each\" argument is set.", at: reference.range)
                return nil
            }
            if attribute != "key", attribute != "value" {
                diagnostics.error("Invalid \"each\" attribute", "The \"each\" object does not have an attribute named \"\(attribute)\". The supported attributes are each.key and each.value, the current key and value pair of the \"for_each\" attribute set.", at: reference.range)
            }
            return nil
        case .pathAttribute(let attribute):
            if !["module", "root", "cwd"].contains(attribute) {
                diagnostics.error("Invalid \"path\" attribute", "The \"path\" object does not have an attribute named \"\(attribute)\". The supported attributes are path.module, path.root and path.cwd.", at: reference.range)
            }
            return nil
        case .terraformAttribute(let attribute):
            if attribute != "workspace" {
                diagnostics.error("Invalid \"terraform\" attribute", "The \"terraform\" object does not have an attribute named \"\(attribute)\". The only supported attribute is terraform.workspace, the name of the currently-selected workspace.", at: reference.range)
            }
            return nil
        case .selfObject:
            if !scope.selfAllowed {
                diagnostics.error("Invalid \"self\" reference", "The \"self\" object is not available in this context. It can be used only in a resource's postcondition blocks.", at: reference.range)
            }
            return nil
        }
    }

    /// Reports each cycle naming every node on it, pointing at the first reference along it
    /// (from the first node to the next) that is written in the configuration.
    private mutating func reportCycles() {
        for cycle in graph.cycles() {
            let names = cycle.map(\.description) + [cycle[0].description]
            let subject = cycle.indices.lazy.compactMap { [referenceRanges] i in
                referenceRanges[Dependency(from: cycle[i], to: cycle[(i + 1) % cycle.count])]
            }.first
            diagnostics.error("Cycle: \(cycle.map(\.description).joined(separator: ", "))", "The configuration refers to itself in a loop: \(names.joined(separator: " → ")). Break the loop by removing one of these references.", at: subject)
        }
    }
}
