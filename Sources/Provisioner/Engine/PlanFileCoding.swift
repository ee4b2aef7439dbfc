import ResourceGraph

/// How a saved plan's changes are written: every value as its JSON (unknown parts left out),
/// its type, and Terraform's `unknown` and `sensitive` mark trees, so that reading it back gives
/// the same values with the same marks, for `show` to print exactly what was planned.
enum PlanFileCoding {
    // MARK: Values

    static func encode(_ value: Value?) -> Value {
        guard let value else { return .null }
        return .object([
            "value": value.jsonWithoutUnknowns(),
            "type": value.type.jsonValue,
            "unknown": value.unknownTree,
            "sensitive": value.sensitiveTree,
        ])
    }

    static func decodeValue(_ document: Value?) -> Value? {
        guard let document, !document.isNull else { return nil }
        let type = document[attribute: "type"].flatMap(ValueType.init(json:)) ?? .dynamic
        return MarkedValueDecoder.decode(
            json: document[attribute: "value"], type: type,
            unknown: document[attribute: "unknown"], sensitive: document[attribute: "sensitive"])
    }

    // MARK: Resource changes

    static func encode(_ change: ResourceChange) -> Value {
        var entry: [String: Value] = [
            "address": .string(change.address.description),
            "provider": .string(change.providerKey),
            "action": .string(change.action.rawValue),
            "reason": .string(change.reason.rawValue),
            "before": encode(change.before),
            "after": encode(change.after),
            "replace_paths": .tuple(change.replacePaths.map { .tuple($0.map(Value.string)) }),
            "dependencies": .tuple(change.dependencies.map { .string($0.description) }),
            "create_before_destroy": .bool(change.createBeforeDestroy),
        ]
        if let key = change.deposedKey { entry["deposed"] = .string(key) }
        if let from = change.movedFrom { entry["moved_from"] = .string(from.description) }
        if let id = change.importID { entry["import_id"] = .string(id) }
        if let id = change.reconciledID { entry["reconciled_id"] = .string(id) }
        return .object(entry)
    }

    static func decodeChange(_ entry: Value) throws -> ResourceChange {
        guard let text = entry[attribute: "address"]?.stringValue, let address = InstanceAddress.parse(text),
              let action = entry[attribute: "action"]?.stringValue.flatMap(ChangeAction.init(rawValue:)) else {
            throw PlanFileError("A change in the plan file cannot be read.")
        }
        var change = ResourceChange(
            address: address, providerKey: entry[attribute: "provider"]?.stringValue ?? "", action: action,
            reason: entry[attribute: "reason"]?.stringValue.flatMap(ChangeReason.init(rawValue:)) ?? .none,
            before: decodeValue(entry[attribute: "before"]), after: decodeValue(entry[attribute: "after"]),
            replacePaths: (entry[attribute: "replace_paths"]?.elements ?? []).map { ($0.elements ?? []).compactMap(\.stringValue) },
            deposedKey: entry[attribute: "deposed"]?.stringValue,
            dependencies: (entry[attribute: "dependencies"]?.elements ?? []).compactMap { $0.stringValue.flatMap(InstanceAddress.parse)?.resource },
            createBeforeDestroy: entry[attribute: "create_before_destroy"]?.boolValue ?? false)
        change.movedFrom = entry[attribute: "moved_from"]?.stringValue.flatMap(InstanceAddress.parse)
        change.importID = entry[attribute: "import_id"]?.stringValue
        change.reconciledID = entry[attribute: "reconciled_id"]?.stringValue
        return change
    }

    // MARK: Output changes

    static func encode(_ change: OutputChange) -> Value {
        .object([
            "name": .string(change.name),
            "sensitive": .bool(change.isSensitive),
            "before": encode(change.before),
            "after": encode(change.after),
        ])
    }

    static func decodeOutputChange(_ entry: Value) throws -> OutputChange {
        guard let name = entry[attribute: "name"]?.stringValue else {
            throw PlanFileError("An output change in the plan file cannot be read.")
        }
        return OutputChange(
            name: name, before: decodeValue(entry[attribute: "before"]), after: decodeValue(entry[attribute: "after"]),
            isSensitive: entry[attribute: "sensitive"]?.boolValue ?? false)
    }

    // MARK: Variables

    /// `-target`, `-exclude` and `-replace`, as the addresses were written.
    static func encode(_ targeting: Targeting) -> Value {
        .object([
            "targets": .tuple(targeting.targets.map { .string($0.description) }),
            "excludes": .tuple(targeting.excludes.map { .string($0.description) }),
            "replace": .tuple(targeting.replace.sorted().map { .string($0.description) }),
        ])
    }

    static func decodeTargeting(_ document: Value?) -> Targeting {
        func strings(_ key: String) -> [String] { (document?[attribute: key]?.elements ?? []).compactMap(\.stringValue) }
        return Targeting.parse(targets: strings("targets"), excludes: strings("excludes"), replace: strings("replace")).0
    }

    static func encodeVariables(_ variables: [String: Value]) -> Value {
        .object(variables.mapValues(encode))
    }

    static func decodeVariables(_ document: Value?) -> [String: Value] {
        (document?.attributes ?? [:]).compactMapValues(decodeValue)
    }
}
