/// A version number as Terraform writes them: `1.9.0`, `1.10.0-beta1`.
public struct SemanticVersion: Comparable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    public var prerelease: String?

    public init(_ major: Int, _ minor: Int, _ patch: Int, prerelease: String? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
    }

    /// Parses `1`, `1.2`, `1.2.3` and `1.2.3-pre`; missing parts are zero. Also returns how many
    /// parts were written, which `~>` needs.
    static func parse(_ text: Substring) -> (SemanticVersion, parts: Int)? {
        let text = text.hasPrefix("v") ? text.dropFirst() : text
        let pieces = text.split(separator: "-", maxSplits: 1)
        guard let core = pieces.first else { return nil }
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(numbers.count) else { return nil }
        var values: [Int] = []
        for number in numbers {
            guard !number.isEmpty, number.allSatisfy(\.isNumber), let value = Int(number) else { return nil }
            values.append(value)
        }
        while values.count < 3 { values.append(0) }
        let version = SemanticVersion(values[0], values[1], values[2], prerelease: pieces.count == 2 ? String(pieces[1]) : nil)
        return (version, numbers.count)
    }

    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) {
            return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
        }
        switch (a.prerelease, b.prerelease) {
        case (nil, nil), (nil, _?): return false
        case (_?, nil): return true
        case (let x?, let y?): return x < y
        }
    }

    public var description: String {
        "\(major).\(minor).\(patch)" + (prerelease.map { "-\($0)" } ?? "")
    }
}

/// A version constraint such as `>= 1.5, < 2.0` or `~> 1.6`, as in `required_version`.
public struct VersionConstraint: Sendable, CustomStringConvertible {
    enum Operator: String, CaseIterable {
        case pessimistic = "~>", greaterOrEqual = ">=", lessOrEqual = "<=", notEqual = "!=", greater = ">", less = "<", equal = "="
    }

    struct Clause {
        var op: Operator
        var version: SemanticVersion
        var parts: Int
    }

    let clauses: [Clause]
    public let description: String

    /// Nil when the text is not a valid constraint.
    public init?(_ text: String) {
        var clauses: [Clause] = []
        for piece in text.split(separator: ",") {
            var rest = piece.drop { $0 == " " }
            var op = Operator.equal
            if let found = Operator.allCases.first(where: { rest.hasPrefix($0.rawValue) }) {
                op = found
                rest = rest.dropFirst(found.rawValue.count)
            }
            let trimmed = rest.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
            guard let (version, parts) = SemanticVersion.parse(Substring(String(trimmed))) else { return nil }
            clauses.append(Clause(op: op, version: version, parts: parts))
        }
        guard !clauses.isEmpty else { return nil }
        self.clauses = clauses
        self.description = text
    }

    public func allows(_ version: SemanticVersion) -> Bool {
        clauses.allSatisfy { clause in
            // A prerelease is only allowed by a constraint that names that very prerelease.
            if version.prerelease != nil, clause.version.prerelease == nil, clause.op != .notEqual { return false }
            switch clause.op {
            case .equal: return version == clause.version
            case .notEqual: return version != clause.version
            case .greater: return version > clause.version
            case .greaterOrEqual: return version >= clause.version
            case .less: return version < clause.version
            case .lessOrEqual: return version <= clause.version
            case .pessimistic:
                // ~> 1.2 allows 1.x from 1.2; ~> 1.2.3 allows 1.2.x from 1.2.3.
                guard version >= clause.version else { return false }
                if clause.parts <= 2 { return version.major == clause.version.major }
                return version.major == clause.version.major && version.minor == clause.version.minor
            }
        }
    }
}

/// The version of Terraform's language prov implements, which `required_version` constraints
/// are checked against.
public enum LanguageVersion {
    public static let terraform = SemanticVersion(1, 9, 0)
}
