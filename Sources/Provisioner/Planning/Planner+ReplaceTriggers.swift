import ResourceGraph

extension Planner {
    /// Whether anything in `lifecycle.replace_triggered_by` changes in this plan: a referenced
    /// resource instance that is updated or replaced, or a referenced attribute whose value
    /// changes (or is not known until apply). The referenced resources are planned first, as
    /// the references are graph edges.
    func replacementTriggered(by triggers: [Expression], in instance: ModulePath, module: Module, count: Int?, each: (key: Value, value: Value)?) -> Bool {
        for trigger in triggers {
            guard let (address, path) = triggerTarget(trigger, in: instance, module: module, count: count, each: each) else {
                diagnostics.error("Invalid replace_triggered_by expression", "Each replace_triggered_by item must refer to a managed resource instance or one of its attributes, such as aws_instance.web or aws_instance.web[count.index].id.", at: trigger.range)
                continue
            }
            let candidates = changes.values.filter { change in
                change.address.resource == address.resource && (address.key == .none || change.address.key == address.key)
            }
            for change in candidates {
                if path.isEmpty {
                    if change.action != .noOp, change.action != .read { return true }
                    continue
                }
                let before = change.before?.value(at: path) ?? .null
                let after = change.after?.value(at: path) ?? .null
                if change.action.isReplace || !after.isWhollyKnown || !ObjectPlanning.equivalent(before, after) { return true }
            }
        }
        return false
    }

    /// The instance a trigger names and the attribute path after it. `aws_x.y`,
    /// `aws_x.y[0].attr`, `aws_x.y[count.index]` and `aws_x.y[each.key].attr` are accepted.
    private func triggerTarget(_ expression: Expression, in instance: ModulePath, module: Module, count: Int?, each: (key: Value, value: Value)?) -> (InstanceAddress, ValuePath)? {
        var trailing: [TraversalStep] = []
        var node = expression
        if case .relativeTraversal(let base, let steps) = node.node {
            trailing = steps
            node = base
        }
        var dynamicKey: InstanceKey? = nil
        if case .index(let collection, let keyExpression) = node.node {
            let (key, keyDiagnostics) = evaluate(keyExpression, in: instance, module: module, count: count, each: each)
            diagnostics.append(contentsOf: keyDiagnostics)
            guard let instanceKey = Self.instanceKey(key) else { return nil }
            dynamicKey = instanceKey
            node = collection
        }
        guard case .traversal(let traversal) = node.node, case .success(let reference) = ReferenceExtractor.reference(from: traversal),
              case .resource(.managed, let type, let name) = reference.subject else { return nil }
        var steps = reference.remainingSteps + trailing
        var key = dynamicKey ?? .none
        if dynamicKey == nil, case .index(let literal, _)? = steps.first, let instanceKey = Self.instanceKey(literal) {
            key = instanceKey
            steps.removeFirst()
        }
        var path: ValuePath = []
        for step in steps {
            switch step {
            case .attribute(let attribute, _): path.append(attribute)
            case .index(let value, _): path.append(value.stringValue ?? value.numberValue?.description ?? "")
            }
        }
        return (ResourceAddress(module: instance, mode: .managed, type: type, name: name).instance(key), path)
    }

    static func instanceKey(_ value: Value) -> InstanceKey? {
        if let number = value.numberValue?.intValue { return .index(number) }
        if let string = value.stringValue { return .key(string) }
        return nil
    }
}
