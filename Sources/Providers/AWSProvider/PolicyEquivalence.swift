import ResourceGraph

/// Whether two IAM policy documents mean the same to AWS, so that a policy AWS gives back in
/// another form (or a configuration that spells it differently) shows no change. The rules are
/// those of the `awspolicyequivalence` library Terraform's AWS provider compares policies with,
/// widened where AWS itself treats two spellings alike:
///
/// - whitespace, key order and the spelling of field names (`Statement`, `statement`) do not
///   matter; `Statement` may be one object or a list of them; a document may be wrapped in a
///   one-element list (assume-role policies);
/// - `Version`, `Id` and `Sid` must be equal; `Effect` is compared without case;
/// - `Action`, `NotAction`, `Resource` and `NotResource` are a string or a list of strings,
///   compared as sets; action names without case (`s3:GetObject` is `S3:getobject`);
/// - `Principal` and `NotPrincipal`: `"*"` is `{"AWS": "*"}`; each type's identifiers are a
///   string or a list compared as a set; an account id is the same principal as
///   `arn:<partition>:iam::<id>:root`; types without identifiers do not count;
/// - `Condition` values are a string (or a boolean or number, taken as its text) or a list,
///   compared as sets; an empty `Condition` is none;
/// - statements are matched regardless of their order.
///
/// Documents that are not policies (not JSON, or of another shape) are equivalent only when
/// they are the same JSON value.
enum PolicyEquivalence {
    static func equivalent(_ a: String, _ b: String) -> Bool {
        guard let left = (try? JSONParser.parse(a)).map(unwrapped), let right = (try? JSONParser.parse(b)).map(unwrapped) else { return false }
        if left.equals(right) == true { return true }
        guard let x = Document(left), let y = Document(right) else { return false }
        return x == y
    }

    /// An assume-role policy may come as a list holding the document (an empty list being an
    /// empty document).
    static func unwrapped(_ json: Value) -> Value {
        guard case .tuple(let elements) = json.kind, elements.count <= 1 else { return json }
        return elements.first ?? .emptyObject
    }

    /// A policy document reduced to what AWS makes of it.
    struct Document: Equatable {
        var version: String
        var id: String
        var statements: [Statement]

        init?(_ value: Value) {
            guard case .object(let fields) = value.kind else { return nil }
            guard let version = Self.text(field(fields, "Version")), let id = Self.text(field(fields, "Id")) else { return nil }
            self.version = version
            self.id = id
            // Without statements it is no policy (and only equal to the same JSON).
            guard let statement = field(fields, "Statement") else { return nil }
            let listed: [Value]
            switch statement.kind {
            case .tuple(let elements): listed = elements
            case .object: listed = [statement]
            default: return nil
            }
            var statements: [Statement] = []
            for element in listed {
                guard let statement = Statement(element) else { return nil }
                statements.append(statement)
            }
            self.statements = statements
        }

        /// The same statements, each matched by an equal one, in whatever order.
        static func == (a: Document, b: Document) -> Bool {
            a.version == b.version && a.id == b.id && a.statements.count == b.statements.count
                && a.statements.allSatisfy { b.statements.contains($0) } && b.statements.allSatisfy { a.statements.contains($0) }
        }

        static func text(_ value: Value?) -> String? {
            guard let value, !value.isNull else { return "" }
            return value.stringValue
        }
    }

    struct Statement: Equatable {
        var sid: String
        var effect: String
        var actions: Set<String>
        var notActions: Set<String>
        var resources: Set<String>
        var notResources: Set<String>
        /// Identifiers by principal type (`AWS`, `Service`…); empty when there is none.
        var principals: [String: Set<String>]
        var notPrincipals: [String: Set<String>]
        var conditions: [String: [String: Set<String>]]

        init?(_ value: Value) {
            guard case .object(let fields) = value.kind,
                  let sid = Document.text(field(fields, "Sid")), let effect = Document.text(field(fields, "Effect")),
                  let actions = strings(field(fields, "Action")), let notActions = strings(field(fields, "NotAction")),
                  let resources = strings(field(fields, "Resource")), let notResources = strings(field(fields, "NotResource")),
                  let principals = Principals.parse(field(fields, "Principal")),
                  let notPrincipals = Principals.parse(field(fields, "NotPrincipal")),
                  let conditions = Self.conditions(field(fields, "Condition"))
            else { return nil }
            self.sid = sid
            self.effect = effect.lowercased()
            self.actions = Set(actions.map { $0.lowercased() })
            self.notActions = Set(notActions.map { $0.lowercased() })
            self.resources = Set(resources)
            self.notResources = Set(notResources)
            self.principals = principals
            self.notPrincipals = notPrincipals
            self.conditions = conditions
        }

        /// `{operator: {key: values}}`; nil when it has another shape.
        private static func conditions(_ value: Value?) -> [String: [String: Set<String>]]? {
            guard let value, !value.isNull else { return [:] }
            guard case .object(let operators) = value.kind else { return nil }
            var result: [String: [String: Set<String>]] = [:]
            for (name, keys) in operators {
                guard case .object(let entries) = keys.kind else { return nil }
                var values: [String: Set<String>] = [:]
                for (key, entry) in entries {
                    guard let strings = strings(entry) else { return nil }
                    values[key] = Set(strings)
                }
                result[name] = values
            }
            return result
        }
    }

    /// Principals by type, identifiers in a canonical spelling.
    enum Principals {
        /// Identifiers by type; nil when the value is not a principal. Absent, and types
        /// without identifiers, are no principal at all; a bare string (`"*"`) is of type AWS.
        static func parse(_ value: Value?) -> [String: Set<String>]? {
            guard let value, !value.isNull else { return [:] }
            var identifiers: [String: Set<String>] = [:]
            switch value.kind {
            case .string(let everyone):
                identifiers["AWS"] = [canonical(everyone)]
            case .object(let types):
                for (type, listed) in types {
                    guard let strings = strings(listed) else { return nil }
                    if !strings.isEmpty { identifiers[type] = Set(strings.map(canonical)) }
                }
            default:
                return nil
            }
            return identifiers
        }

        /// An account (`123456789012` or `arn:aws:iam::123456789012:root`) as one spelling.
        static func canonical(_ identifier: String) -> String {
            if identifier.count == 12, identifier.allSatisfy(\.isASCIIDigit) { return "account:" + identifier }
            let parts = identifier.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            if parts.count == 6, parts[0] == "arn", parts[2] == "iam", parts[3].isEmpty, parts[5] == "root",
               parts[4].count == 12, parts[4].allSatisfy(\.isASCIIDigit) {
                return "account:" + parts[4]
            }
            return identifier
        }
    }

    /// A string, boolean or number (as its text), or a list of them; nil for anything else.
    static func strings(_ value: Value?) -> [String]? {
        guard let value else { return [] }
        switch value.kind {
        case .null: return []
        case .string, .bool, .number: return scalarText(value).map { [$0] }
        case .tuple(let elements):
            var result: [String] = []
            for element in elements {
                guard let text = scalarText(element) else { return nil }
                result.append(text)
            }
            return result
        default: return nil
        }
    }

    private static func scalarText(_ value: Value) -> String? {
        switch value.kind {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number.description
        default: return nil
        }
    }

    /// The member named `name`: exactly, or else regardless of case (as Go's decoders match).
    static func field(_ fields: [String: Value], _ name: String) -> Value? {
        if let exact = fields[name] { return exact }
        let folded = name.lowercased()
        return fields.first { $0.key.lowercased() == folded }?.value
    }
}

/// Policy arguments as the provider compares them (its SuppressEquivalentPolicyDiffs): blank
/// and `{}` mean no policy; otherwise `PolicyEquivalence` decides.
enum PolicyDocuments {
    static func equivalent(_ a: String?, _ b: String?) -> Bool {
        let left = (a ?? "").trimmingXMLWhitespace(), right = (b ?? "").trimmingXMLWhitespace()
        let empty: Set<String> = ["", "{}"]
        if empty.contains(left) && empty.contains(right) { return true }
        return PolicyEquivalence.equivalent(left, right)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
