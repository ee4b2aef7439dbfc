extension ModuleDecoder {
    static let resourceMetaArguments = ["count", "for_each", "depends_on", "provider", "lifecycle"]

    mutating func decodeResource(_ block: Block, mode: ResourceMode) {
        guard expectLabels(block, mode == .data ? ["type", "name"] : ["type", "name"]) else { return }
        var resource = ResourceDeclaration(
            mode: mode, type: block.labels[0], name: block.labels[1], body: block.body, count: nil, forEach: nil,
            dependsOn: [], providerKey: nil, providerKeyRange: nil, lifecycle: Lifecycle(), range: block.headerRange,
            blockRange: block.range)
        var remaining: [Attribute] = []
        for attribute in block.body.attributes {
            switch attribute.name {
            case "count": resource.count = attribute.expression
            case "for_each": resource.forEach = attribute.expression
            case "depends_on": resource.dependsOn = dependsOn(attribute)
            case "provider":
                guard let key = Self.providerKey(attribute.expression) else {
                    diagnostics.error("Invalid provider reference", "The provider argument requires a provider name, optionally followed by a dot and an alias, like aws.west. It is not a string.", at: attribute.expression.range)
                    continue
                }
                resource.providerKey = key
                resource.providerKeyRange = attribute.expression.range
            default:
                remaining.append(attribute)
            }
        }
        var remainingBlocks: [Block] = []
        var sawLifecycle = false
        for nested in block.body.blocks {
            switch nested.type {
            case "lifecycle" where mode == .managed:
                if sawLifecycle {
                    diagnostics.error("Duplicate lifecycle block", "Only one lifecycle block is allowed per resource.", at: nested.typeRange)
                    continue
                }
                sawLifecycle = true
                resource.lifecycle = decodeLifecycle(nested)
            case "lifecycle":
                resource.lifecycle = decodeLifecycle(nested, dataSource: true)
            case "provisioner", "connection":
                diagnostics.error("Unsupported block type", "prov does not run provisioners: configure instances with user_data or an image instead of \"\(nested.type)\" blocks.", at: nested.typeRange)
            default:
                remainingBlocks.append(nested)
            }
        }
        if resource.count != nil, resource.forEach != nil {
            diagnostics.error("Invalid combination of \"count\" and \"for_each\"", "The \"count\" and \"for_each\" meta-arguments are mutually-exclusive, only one should be used to be explicit about the number of resources to be created.", at: block.headerRange)
        }
        resource.body = Body(attributes: remaining, blocks: remainingBlocks, range: block.body.range)
        if let existing = module.resources[resource.localName] {
            let kind = mode == .data ? "data" : "resource"
            diagnostics.error(
                "Duplicate \(kind) \"\(resource.type)\" configuration",
                "A \(resource.type) \(kind) named \"\(resource.name)\" was already declared at \(existing.range.filename):\(existing.range.start.line). Resource names must be unique per type in each module.",
                at: block.headerRange)
            return
        }
        module.resources[resource.localName] = resource
    }

    private mutating func decodeLifecycle(_ block: Block, dataSource: Bool = false) -> Lifecycle {
        var lifecycle = Lifecycle()
        for attribute in block.body.attributes {
            if dataSource {
                diagnostics.error("Unsupported argument", "Data sources do not have a \"\(attribute.name)\" lifecycle setting; only precondition and postcondition blocks are allowed.", at: attribute.nameRange)
                continue
            }
            switch attribute.name {
            case "create_before_destroy":
                lifecycle.createBeforeDestroy = staticBool(attribute, what: "create_before_destroy setting") ?? false
            case "prevent_destroy":
                let invalid = ReferenceExtractor.traversals(in: attribute.expression).filter { $0.root != "var" && $0.root != "local" }
                if let first = invalid.first {
                    diagnostics.error("Invalid prevent_destroy value", "prevent_destroy may refer only to input variables and local values, not to \(first.description): whether an object may be destroyed must be known before planning.", at: first.range)
                } else {
                    lifecycle.preventDestroy = attribute.expression
                }
            case "ignore_changes":
                lifecycle.ignoreChanges = decodeIgnoreChanges(attribute)
            case "replace_triggered_by":
                guard case .tuple(let elements) = attribute.expression.node else {
                    diagnostics.error("Invalid replace_triggered_by expression", "The replace_triggered_by argument must be a list of references to managed resources or their attributes.", at: attribute.expression.range)
                    continue
                }
                lifecycle.replaceTriggeredBy = elements
            default:
                unsupported(attribute, in: "lifecycle", expected: ["create_before_destroy", "prevent_destroy", "ignore_changes", "replace_triggered_by"])
            }
        }
        for nested in block.body.blocks {
            switch nested.type {
            case "precondition": if let rule = checkRule(nested) { lifecycle.preconditions.append(rule) }
            case "postcondition": if let rule = checkRule(nested) { lifecycle.postconditions.append(rule) }
            default: unsupported(nested, expected: ["precondition", "postcondition"])
            }
        }
        return lifecycle
    }

    private mutating func decodeIgnoreChanges(_ attribute: Attribute) -> Lifecycle.IgnoreChanges {
        if case .traversal(let t) = attribute.expression.node, t.root == "all", t.steps.isEmpty { return .all }
        guard case .tuple(let elements) = attribute.expression.node else {
            diagnostics.error("Invalid ignore_changes", "The ignore_changes argument must be a list of attribute names, or the keyword all.", at: attribute.expression.range)
            return .none
        }
        var paths: [[String]] = []
        for element in elements {
            var traversal: Traversal? = nil
            if case .traversal(let t) = element.node { traversal = t }
            // Terraform 0.11 style quoted names still appear in the wild.
            if case .literal(let value) = element.node, let name = value.stringValue {
                paths.append([name])
                continue
            }
            guard let traversal else {
                diagnostics.error("Invalid ignore_changes", "Each ignore_changes item must be an attribute name such as tags or tags[\"Name\"].", at: element.range)
                continue
            }
            var path = [traversal.root]
            for step in traversal.steps {
                switch step {
                case .attribute(let name, _): path.append(name)
                case .index(let key, _): path.append(key.stringValue ?? key.numberValue?.description ?? "")
                }
            }
            paths.append(path)
        }
        return .paths(paths)
    }
}
