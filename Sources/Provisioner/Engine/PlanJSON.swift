import ResourceGraph

/// A plan in Terraform's machine-readable shape, as `show -json PLANFILE` prints it:
/// `resource_changes` with `change.actions`, the values before and after with unknown parts
/// listed in `after_unknown` and sensitive ones in `*_sensitive` (values present, as
/// Terraform's JSON has them), `output_changes`, `resource_drift` and `planned_values`.
public enum PlanJSON {
    /// Terraform's `format_version` for plan documents.
    static let formatVersion = "1.2"

    public static func document(_ plan: Plan, timestamp: String? = nil) -> Value {
        var document: [String: Value] = [
            "format_version": .string(formatVersion),
            "terraform_version": .string(StateJSONShapes.terraformVersion),
            "planned_values": plannedValues(plan),
            "resource_changes": .tuple(sorted(plan.changes).map(resourceChange)),
            "output_changes": .object(Dictionary(uniqueKeysWithValues: plan.outputChanges.map { ($0.name, outputChange($0)) })),
            "applyable": .bool(plan.hasChanges),
            "complete": .true,
            "errored": .false,
        ]
        if !plan.variables.isEmpty {
            document["variables"] = .object(plan.variables.mapValues { .object(["value": $0.jsonWithoutUnknowns()]) })
        }
        if !plan.drift.isEmpty {
            document["resource_drift"] = .tuple(sorted(plan.drift).map(resourceChange))
        }
        if let timestamp, !timestamp.isEmpty { document["timestamp"] = .string(timestamp) }
        return .object(document)
    }

    private static func sorted(_ changes: [ResourceChange]) -> [ResourceChange] {
        changes.sorted { a, b in
            a.address == b.address ? (a.deposedKey ?? "") < (b.deposedKey ?? "") : a.address.description < b.address.description
        }
    }

    // MARK: Resource changes

    static func resourceChange(_ change: ResourceChange) -> Value {
        var entry = StateJSONShapes.identity(of: change.address, providerKey: change.providerKey, deposedKey: change.deposedKey, includeModule: true)
        var body: [String: Value] = [
            "actions": .tuple(actions(change.action).map(Value.string)),
            "before": change.before?.jsonWithoutUnknowns() ?? .null,
            "after": change.after?.jsonWithoutUnknowns() ?? .null,
            // A wholly known (or absent) value has nothing unknown: an empty tree.
            "after_unknown": change.after.map { $0.isWhollyKnown ? .emptyObject : $0.unknownTree } ?? .emptyObject,
            "before_sensitive": change.before?.sensitiveTree ?? .false,
            "after_sensitive": change.after?.sensitiveTree ?? .false,
        ]
        if !change.replacePaths.isEmpty {
            body["replace_paths"] = .tuple(change.replacePaths.map { replacePath($0, in: change.before ?? change.after) })
        }
        entry["change"] = .object(body)
        if let reason = actionReason(change) { entry["action_reason"] = .string(reason) }
        return .object(entry)
    }

    /// Terraform's spelling of an action as a list of primitive actions.
    public static func actions(_ action: ChangeAction) -> [String] {
        switch action {
        case .noOp: return ["no-op"]
        case .create: return ["create"]
        case .read: return ["read"]
        case .update: return ["update"]
        case .delete: return ["delete"]
        case .deleteThenCreate: return ["delete", "create"]
        case .createThenDelete: return ["create", "delete"]
        }
    }

    static func actionReason(_ change: ResourceChange) -> String? {
        switch change.reason {
        case .tainted: return "replace_because_tainted"
        case .cannotUpdate: return "replace_because_cannot_update"
        case .requested: return "replace_by_request"
        case .replaceTriggered: return "replace_by_triggers"
        case .removedFromConfig: return "delete_because_no_resource_config"
        case .noLongerExpanded:
            switch change.address.key {
            case .index: return "delete_because_count_index"
            case .key: return "delete_because_each_key"
            case .none: return "delete_because_wrong_repetition"
            }
        case .none, .destroying, .untracked: return nil
        }
    }

    /// A path as Terraform writes it: attribute names and map keys as strings, positions in
    /// lists as numbers (told apart by the value the path walks through).
    static func replacePath(_ path: ValuePath, in value: Value?) -> Value {
        var steps: [Value] = []
        var current = value
        for step in path {
            if current?.isSequence == true, let index = Int(step) {
                steps.append(.number(index))
            } else {
                steps.append(.string(step))
            }
            current = current?.value(at: [step])
        }
        return .tuple(steps)
    }

    // MARK: Outputs

    static func outputChange(_ change: OutputChange) -> Value {
        let actions: [String]
        switch (change.before, change.after) {
        case (nil, _?): actions = ["create"]
        case (_?, nil): actions = ["delete"]
        default: actions = change.isChange ? ["update"] : ["no-op"]
        }
        // Outputs carry one sensitivity flag for the whole value, before and after alike.
        return .object([
            "actions": .tuple(actions.map(Value.string)),
            "before": change.before?.jsonWithoutUnknowns() ?? .null,
            "after": change.after?.jsonWithoutUnknowns() ?? .null,
            "after_unknown": change.after.map { $0.isWhollyKnown ? .false : $0.unknownTree } ?? .false,
            "before_sensitive": .bool(change.isSensitive),
            "after_sensitive": .bool(change.isSensitive),
        ])
    }

    // MARK: Planned values

    /// The objects and outputs as they will be after applying: what is deleted is left out,
    /// unknown parts are absent from `values`.
    static func plannedValues(_ plan: Plan) -> Value {
        var resources: [(address: InstanceAddress, deposedKey: String?, document: [String: Value])] = []
        for change in plan.changes where change.deposedKey == nil {
            guard let after = change.after, change.action != .delete else { continue }
            var document = StateJSONShapes.identity(of: change.address, providerKey: change.providerKey, includeModule: false)
            document["values"] = after.jsonWithoutUnknowns()
            document["sensitive_values"] = after.sensitiveTree
            resources.append((change.address, nil, document))
        }
        var outputs: [String: (value: Value, isSensitive: Bool)] = [:]
        for change in plan.outputChanges {
            guard let after = change.after else { continue }
            outputs[change.name] = (after, change.isSensitive)
        }
        return .object([
            "outputs": StateJSONShapes.outputs(outputs),
            "root_module": StateJSONShapes.rootModule(resources),
        ])
    }
}
