import Foundation
import ResourceGraph

/// A saved plan (`prov plan -out=FILE`): the plan itself (every change with its before and
/// after values, unknown and sensitive parts preserved, the output changes and the drift
/// found) and what it was made from (variables, the state's lineage and serial, a digest of
/// the configuration files). `show FILE` prints the saved plan; applying it re-plans from the
/// same inputs and refuses if anything moved on, so what is applied is exactly what was shown.
public struct PlanFile: Sendable {
    /// 2: the plan's full content is stored, not only its actions. 3: the content is
    /// encrypted with the state's key.
    public static let formatVersion = 3

    public var plan: Plan
    public var configurationDigest: String
    /// When the plan was made (RFC 3339).
    public var createdAt: String

    public var mode: Plan.Mode { plan.mode }
    public var variables: [String: Value] { plan.variables }
    public var lineage: String { plan.priorLineage }
    public var serial: Int { plan.priorSerial }
    /// The plan's -target / -exclude / -replace, so applying it re-plans the same scope.
    public var targeting: Targeting { plan.targeting }
    /// Each change as "address action" (and deposed key), sorted.
    public var actions: [String] { Self.actions(of: plan) }

    public init(plan: Plan, sources: [String: SourceFile]) {
        var saved = plan
        // Refreshed objects and vanished ones only serve the apply made in the same run; a
        // saved plan is applied by planning again.
        saved.currentObjects = [:]
        saved.vanished = []
        self.plan = saved
        configurationDigest = Self.digest(sources)
        createdAt = Timestamp.now()
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

    /// Writes the plan encrypted (AES-256-GCM) under the key of the state it was made
    /// against: it holds every planned value, secrets and variables included. Only the
    /// format, the state's lineage and the creation time are in clear.
    public func write(to path: String, cipher: StateCipher) throws {
        guard cipher.lineage == plan.priorLineage else {
            throw PlanFileError("The plan was made against state \(plan.priorLineage), not the state whose key was given.")
        }
        let document: Value = .object([
            "format": .string("prov-plan"),
            "format_version": .number(Self.formatVersion),
            "created_at": .string(createdAt),
            "mode": .string(plan.mode.rawValue),
            "variables": PlanFileCoding.encodeVariables(plan.variables),
            "lineage": .string(plan.priorLineage),
            "serial": .number(plan.priorSerial),
            "configuration_digest": .string(configurationDigest),
            "changes": .tuple(plan.changes.map(PlanFileCoding.encode)),
            "drift": .tuple(plan.drift.map(PlanFileCoding.encode)),
            "relevant_attributes": PlanFileCoding.encode(plan.relevantAttributes),
            "targeting": PlanFileCoding.encode(plan.targeting),
            "output_changes": .tuple(plan.outputChanges.map(PlanFileCoding.encode)),
        ])
        let content = try JSONEncoding.encode(document)
        let envelope: Value = .object([
            "format": .string("prov-plan"),
            "format_version": .number(Self.formatVersion),
            "created_at": .string(createdAt),
            "lineage": .string(plan.priorLineage),
            "encryption": .string("aes-256-gcm"),
            "sealed": .string(Data(cipher.seal(Array(content.utf8), purpose: "plan")).base64EncodedString()),
        ])
        let text = try JSONEncoding.encode(envelope, pretty: true) + "\n"
        // Readable by its owner only, like the state.
        _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw PlanFileError("The plan file \(path) cannot be written.")
        }
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// The state lineage a saved plan was made against, read without decrypting it.
    public static func lineage(of path: String) throws -> String {
        try envelope(path).string("lineage") ?? ""
    }

    private static func envelope(_ path: String) throws -> Value {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlanFileError("The plan file \(path) does not exist or cannot be read.")
        }
        guard let envelope = try? JSONParser.parse([UInt8](data)), envelope.string("format") == "prov-plan" else {
            throw PlanFileError("\(path) is not a saved plan: make one with prov plan -out=\(path).")
        }
        guard envelope[attribute: "format_version"]?.numberValue?.intValue == formatVersion else {
            throw PlanFileError("The plan file \(path) was written by another version of prov; make the plan again.")
        }
        return envelope
    }

    /// Reads and decrypts a saved plan with the key of the state it was made against.
    public static func read(from path: String, cipher: StateCipher) throws -> PlanFile {
        let envelope = try envelope(path)
        guard let lineage = envelope.string("lineage"), lineage == cipher.lineage else {
            throw PlanFileError("The plan file \(path) was made for a different state (lineage \(envelope.string("lineage") ?? "unknown"), this state's is \(cipher.lineage)), so this state's key cannot open it.")
        }
        guard let sealed = envelope.string("sealed").flatMap({ Data(base64Encoded: $0) }) else {
            throw PlanFileError("The plan file \(path) is damaged: its encrypted content is missing.")
        }
        let document: Value
        do {
            let content = try cipher.open([UInt8](sealed), purpose: "plan")
            document = try JSONParser.parse(content)
        } catch {
            throw PlanFileError("The plan file \(path) does not decrypt with this state's key: it was altered after it was written. Make the plan again.")
        }
        var plan = Plan(
            mode: Plan.Mode(rawValue: document.string("mode") ?? "") ?? .normal,
            changes: try (document[attribute: "changes"]?.elements ?? []).map(PlanFileCoding.decodeChange),
            outputChanges: try (document[attribute: "output_changes"]?.elements ?? []).map(PlanFileCoding.decodeOutputChange),
            drift: try (document[attribute: "drift"]?.elements ?? []).map(PlanFileCoding.decodeChange),
            variables: PlanFileCoding.decodeVariables(document[attribute: "variables"]),
            priorLineage: document.string("lineage") ?? "", priorSerial: document[attribute: "serial"]?.numberValue?.intValue ?? -1,
            currentObjects: [:], vanished: [])
        plan.targeting = PlanFileCoding.decodeTargeting(document[attribute: "targeting"])
        plan.relevantAttributes = PlanFileCoding.decodeRelevantAttributes(document[attribute: "relevant_attributes"])
        return PlanFile(plan: plan, configurationDigest: document.string("configuration_digest") ?? "", createdAt: document.string("created_at") ?? "")
    }

    init(plan: Plan, configurationDigest: String, createdAt: String) {
        self.plan = plan
        self.configurationDigest = configurationDigest
        self.createdAt = createdAt
    }

    /// Why a fresh plan from the same inputs cannot stand in for this one, or nil if it can.
    public func staleness(comparedWith fresh: Plan, sources: [String: SourceFile]) -> String? {
        if fresh.priorLineage != lineage {
            return "the plan was made for a different state (lineage \(lineage), now \(fresh.priorLineage))."
        }
        if fresh.priorSerial != serial {
            return "the state has changed since the plan was made (serial \(serial), now \(fresh.priorSerial)): another run has applied changes."
        }
        if Self.digest(sources) != configurationDigest {
            return "the configuration files have changed since the plan was made."
        }
        if Self.actions(of: fresh) != actions {
            return "the remote objects have changed since the plan was made, so applying it would no longer do what it showed."
        }
        return nil
    }
}

public struct PlanFileError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

private extension Value {
    func string(_ name: String) -> String? { self[attribute: name]?.stringValue }
}
