import Foundation
import ResourceGraph

/// A saved plan (`prov plan -out=FILE`): the inputs it was made from (variables, the state's
/// lineage and serial, a digest of the configuration files) and its actions. Applying it
/// re-plans from the same inputs and refuses if anything moved on, so what is applied is
/// exactly what was shown.
public struct PlanFile: Sendable {
    public static let formatVersion = 1

    public var mode: Plan.Mode
    public var variables: [String: Value]
    /// The plan's -target / -exclude / -replace, so applying it re-plans the same scope.
    public var targeting: Targeting
    public var lineage: String
    public var serial: Int
    public var configurationDigest: String
    /// Each change as "address action" (and deposed key), sorted.
    public var actions: [String]

    public init(plan: Plan, sources: [String: SourceFile]) {
        mode = plan.mode
        variables = plan.variables
        targeting = plan.targeting
        lineage = plan.priorLineage
        serial = plan.priorSerial
        configurationDigest = Self.digest(sources)
        actions = Self.actions(of: plan)
    }

    static func actions(of plan: Plan) -> [String] {
        plan.changes.filter { $0.action != .noOp }.map { "\($0.address) \($0.action.rawValue)" + ($0.deposedKey.map { " deposed \($0)" } ?? "") }.sorted()
    }

    /// A digest of every configuration file's name and bytes, to notice edits after planning.
    static func digest(_ sources: [String: SourceFile]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        for name in sources.keys.sorted() {
            name.utf8.forEach(mix)
            mix(0)
            sources[name]!.bytes.forEach(mix)
            mix(0)
        }
        return String(hash, radix: 16)
    }

    // MARK: Writing and reading

    public func write(to path: String) throws {
        var variableEntries: [String: Value] = [:]
        for (name, value) in variables {
            variableEntries[name] = .object([
                "value": (try? JSONEncoding.encode(value.unmarkedDeep())).map(Value.string) ?? .null,
                "type": value.type.jsonValue,
                "sensitive": .bool(value.containsSensitive),
            ])
        }
        let document: Value = .object([
            "format": .string("prov-plan"),
            "format_version": .number(Self.formatVersion),
            "mode": .string(mode.rawValue),
            "targets": .tuple(targeting.targets.map { .string($0.description) }),
            "excludes": .tuple(targeting.excludes.map { .string($0.description) }),
            "replace": .tuple(targeting.replace.sorted().map { .string($0.description) }),
            "variables": .object(variableEntries),
            "lineage": .string(lineage),
            "serial": .number(serial),
            "configuration_digest": .string(configurationDigest),
            "actions": .tuple(actions.map(Value.string)),
        ])
        let text = try JSONEncoding.encode(document, pretty: true) + "\n"
        // The file may hold sensitive variable values: readable by its owner only.
        _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw PlanFileError("The plan file \(path) cannot be written.")
        }
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
    }

    public static func read(from path: String) throws -> PlanFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlanFileError("The plan file \(path) does not exist or cannot be read.")
        }
        guard let document = try? JSONParser.parse([UInt8](data)), document.string("format") == "prov-plan" else {
            throw PlanFileError("\(path) is not a saved plan: make one with prov plan -out=\(path).")
        }
        guard document[attribute: "format_version"]?.numberValue?.intValue == formatVersion else {
            throw PlanFileError("The plan file \(path) was written by another version of prov; make the plan again.")
        }
        var variables: [String: Value] = [:]
        for (name, entry) in document[attribute: "variables"]?.attributes ?? [:] {
            let type = entry[attribute: "type"].flatMap(ValueType.init(json:)) ?? .dynamic
            let value = (entry.string("value").flatMap { try? JSONParser.parse($0) } ?? .null).conformed(to: type)
            variables[name] = entry[attribute: "sensitive"]?.boolValue == true ? value.markedSensitive() : value
        }
        func strings(_ key: String) -> [String] { (document[attribute: key]?.elements ?? []).compactMap(\.stringValue) }
        let (targeting, _) = Targeting.parse(targets: strings("targets"), excludes: strings("excludes"), replace: strings("replace"))
        return PlanFile(
            mode: Plan.Mode(rawValue: document.string("mode") ?? "") ?? .normal, variables: variables, targeting: targeting,
            lineage: document.string("lineage") ?? "", serial: document[attribute: "serial"]?.numberValue?.intValue ?? -1,
            configurationDigest: document.string("configuration_digest") ?? "",
            actions: (document[attribute: "actions"]?.elements ?? []).compactMap(\.stringValue))
    }

    init(mode: Plan.Mode, variables: [String: Value], targeting: Targeting, lineage: String, serial: Int, configurationDigest: String, actions: [String]) {
        self.mode = mode
        self.variables = variables
        self.targeting = targeting
        self.lineage = lineage
        self.serial = serial
        self.configurationDigest = configurationDigest
        self.actions = actions
    }

    /// Why a fresh plan from the same inputs cannot stand in for this one, or nil if it can.
    public func staleness(comparedWith plan: Plan, sources: [String: SourceFile]) -> String? {
        if plan.priorLineage != lineage {
            return "the plan was made for a different state (lineage \(lineage), now \(plan.priorLineage))."
        }
        if plan.priorSerial != serial {
            return "the state has changed since the plan was made (serial \(serial), now \(plan.priorSerial)): another run has applied changes."
        }
        if Self.digest(sources) != configurationDigest {
            return "the configuration files have changed since the plan was made."
        }
        if Self.actions(of: plan) != actions {
            return "the remote objects have changed since the plan was made, so applying it would no longer do what it showed."
        }
        return nil
    }
}

public struct PlanFileError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

private extension Value {
    func string(_ name: String) -> String? { self[attribute: name]?.stringValue }
}
