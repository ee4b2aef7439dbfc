import Foundation
import ResourceGraph

/// The input of an ec2 or query protocol call, built in order as a small tree, and flattened
/// into `Name.1.Field=value` pairs only when the client knows the protocol.
///
/// The two protocols flatten lists differently: EC2 writes `Filter.1.Name`, query writes
/// `Filters.member.1.Name` (or `Tags.Tag.1.Key` where the model names the member). Callers pass
/// the wire names their API documents (`Filter` for EC2, `Filters` for ELBv2) and the member
/// name when the model sets one; the protocol does the rest.
///
///     var parameters = QueryParameters()
///     parameters.set("CidrBlock", "10.0.0.0/16")
///     parameters.setList("Filter", [QueryParameters { $0.set("Name", "vpc-id"); $0.setList("Value", ["vpc-1"]) }])
public struct QueryParameters: Sendable, Equatable {
    indirect enum Entry: Sendable, Equatable {
        case scalar(String)
        case structure(QueryParameters)
        /// `memberName` nil: a flattened list (`Name.1`) even under the query protocol.
        case list([Entry], memberName: String?)
        case map([(key: String, value: Entry)], keyName: String, valueName: String)

        static func == (a: Entry, b: Entry) -> Bool {
            switch (a, b) {
            case let (.scalar(x), .scalar(y)): x == y
            case let (.structure(x), .structure(y)): x == y
            case let (.list(x, m), .list(y, n)): x == y && m == n
            case let (.map(x, k, v), .map(y, l, w)):
                k == l && v == w && x.elementsEqual(y) { $0.key == $1.key && $0.value == $1.value }
            default: false
            }
        }
    }

    private(set) var fields: [(name: String, entry: Entry)] = []

    public init() {}

    /// Builds parameters in a closure, handy for the structures in a list.
    public init(_ build: (inout QueryParameters) -> Void) {
        build(&self)
    }

    public static func == (a: QueryParameters, b: QueryParameters) -> Bool {
        a.fields.elementsEqual(b.fields) { $0.name == $1.name && $0.entry == $1.entry }
    }

    public var isEmpty: Bool { fields.isEmpty }

    // MARK: Scalars (nil leaves the parameter out, as an unset optional member is)

    public mutating func set(_ name: String, _ value: String?) {
        if let value { put(name, .scalar(value)) }
    }

    public mutating func set(_ name: String, _ value: Int?) {
        if let value { put(name, .scalar(String(value))) }
    }

    public mutating func set(_ name: String, _ value: Bool?) {
        if let value { put(name, .scalar(value ? "true" : "false")) }
    }

    /// Exact decimals (Terraform numbers) as plain decimal text: `80.5`, `60`.
    public mutating func set(_ name: String, _ value: Number?) {
        if let value { put(name, .scalar(value.description)) }
    }

    /// Timestamps in ISO 8601 UTC, as the query protocols expect.
    public mutating func set(_ name: String, _ value: Date?) {
        if let value { put(name, .scalar(value.formatted(.iso8601))) }
    }

    /// Binary (blob) members go base64-encoded.
    public mutating func set(_ name: String, _ value: Data?) {
        if let value { put(name, .scalar(Crypto.base64(value))) }
    }

    /// A nested structure: its fields become `Name.Field`.
    public mutating func set(_ name: String, _ structure: QueryParameters?) {
        if let structure { put(name, .structure(structure)) }
    }

    // MARK: Lists and maps

    /// A list of strings. `memberName` is the member's name in the service model (`member`
    /// unless the model says otherwise, like RDS's `VpcSecurityGroupId`); nil for a list the
    /// model marks as flattened. EC2 ignores it.
    public mutating func setList(_ name: String, _ values: [String]?, memberName: String? = "member") {
        if let values { put(name, .list(values.map(Entry.scalar), memberName: memberName)) }
    }

    /// A list of structures.
    public mutating func setList(_ name: String, _ structures: [QueryParameters]?, memberName: String? = "member") {
        if let structures { put(name, .list(structures.map(Entry.structure), memberName: memberName)) }
    }

    /// A map, as `Name.entry.N.key` / `Name.entry.N.value`, entries in key order so the same
    /// map always gives the same body.
    public mutating func setMap(_ name: String, _ map: [String: String]?, keyName: String = "key", valueName: String = "value") {
        guard let map else { return }
        let entries = map.keys.sorted().map { (key: $0, value: Entry.scalar(map[$0]!)) }
        put(name, .map(entries, keyName: keyName, valueName: valueName))
    }

    /// Tags as most query APIs take them: a list of `Key`/`Value` structures, sorted by key.
    /// `memberName` is `member` for IAM, ELBv2 and Auto Scaling, `Tag` for RDS; EC2 ignores it.
    public mutating func setTags(_ name: String, _ tags: [String: String]?, memberName: String? = "member") {
        guard let tags else { return }
        let structures = tags.keys.sorted().map { key in
            QueryParameters { $0.set("Key", key); $0.set("Value", tags[key]!) }
        }
        setList(name, structures, memberName: memberName)
    }

    /// Replaces an earlier value of the same name, keeping its position, so a parameter can be
    /// set again (a pagination token) without being sent twice.
    private mutating func put(_ name: String, _ entry: Entry) {
        if let index = fields.firstIndex(where: { $0.name == name }) {
            fields[index].entry = entry
        } else {
            fields.append((name, entry))
        }
    }

    // MARK: Flattening

    /// The name/value pairs to send, flattened the way `apiProtocol` (`.ec2` or `.query`) does.
    public func flattened(for apiProtocol: AWSProtocol) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for (name, entry) in fields {
            Self.flatten(entry, prefix: name, ec2: apiProtocol == .ec2, into: &pairs)
        }
        return pairs
    }

    private static func flatten(_ entry: Entry, prefix: String, ec2: Bool, into pairs: inout [(name: String, value: String)]) {
        switch entry {
        case .scalar(let value):
            pairs.append((prefix, value))
        case .structure(let structure):
            for (name, field) in structure.fields {
                flatten(field, prefix: prefix + "." + name, ec2: ec2, into: &pairs)
            }
        case .list(let elements, let memberName):
            if elements.isEmpty {
                // The query protocol sends an empty list as an empty value (that is how a list
                // is cleared); EC2 leaves it out.
                if !ec2 { pairs.append((prefix, "")) }
                return
            }
            let listPrefix = ec2 ? prefix : memberName.map { prefix + "." + $0 } ?? prefix
            for (index, element) in elements.enumerated() {
                flatten(element, prefix: "\(listPrefix).\(index + 1)", ec2: ec2, into: &pairs)
            }
        case .map(let entries, let keyName, let valueName):
            for (index, entry) in entries.enumerated() {
                let entryPrefix = "\(prefix).entry.\(index + 1)"
                pairs.append((entryPrefix + "." + keyName, entry.key))
                flatten(entry.value, prefix: entryPrefix + "." + valueName, ec2: ec2, into: &pairs)
            }
        }
    }

    /// The form-encoded request body: `Action`, `Version`, then the parameters in order.
    /// Spaces become `+`, as HTML forms and every AWS SDK encode them (AWS accepts `%20` too,
    /// but servers that re-encode the form before checking the signature expect `+`).
    func formBody(action: String, version: String, apiProtocol: AWSProtocol) -> String {
        let pairs = [("Action", action), ("Version", version)] + flattened(for: apiProtocol)
        return pairs.map { Self.formEncode($0.0) + "=" + Self.formEncode($0.1) }.joined(separator: "&")
    }

    private static func formEncode(_ text: String) -> String {
        AWSURIEncoding.encode(text).replacingOccurrences(of: "%20", with: "+")
    }
}
