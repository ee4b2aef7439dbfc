import ResourceGraph

/// An IAM policy document as the Terraform AWS provider models it to build
/// `aws_iam_policy_document`: statements merged by Sid, and written with the provider's
/// normalisations (a single value as a string, identifiers in reverse order, `{"*": "*"}` as
/// `"*"`, empty members left out).
struct PolicyDocument {
    var version = ""
    var id = ""
    var statements: [PolicyStatement] = []

    /// Takes over `other`'s id (if it has one) and a later version; its statements replace
    /// those with the same non-empty Sid and are added otherwise.
    mutating func merge(_ other: PolicyDocument) {
        if !other.id.isEmpty { id = other.id }
        if GoJSON.goLess(version, other.version) { version = other.version }
        for statement in other.statements {
            guard !statement.sid.isEmpty,
                  let index = statements.firstIndex(where: { $0.sid == statement.sid }) else {
                statements.append(statement)
                continue
            }
            statements[index] = statement
        }
    }

    var json: GoJSON {
        var members: [GoJSON.Member] = []
        if !version.isEmpty { members.append(.init(key: "Version", value: .string(version))) }
        if !id.isEmpty { members.append(.init(key: "Id", value: .string(id))) }
        if !statements.isEmpty {
            members.append(.init(key: "Statement", value: .array(statements.map(\.json))))
        }
        return .object(members)
    }
}

/// One value or several, as the provider keeps identifiers and condition values.
enum PolicyStrings: Equatable {
    case one(String)
    case many([String])

    var all: [String] {
        switch self {
        case .one(let s): [s]
        case .many(let l): l
        }
    }

    /// Configured strings as the provider writes them: one as a string, several sorted in
    /// reverse (by their bytes).
    static func decoded(_ strings: [String]) -> PolicyStrings {
        strings.count == 1 ? .one(strings[0]) : .many(reverseSorted(strings))
    }

    static func reverseSorted(_ strings: [String]) -> [String] {
        strings.sorted { GoJSON.goLess($1, $0) }
    }

    var json: GoJSON {
        switch self {
        case .one(let s): .string(s)
        case .many(let l): .array(l.map(GoJSON.string))
        }
    }
}

struct PolicyPrincipal: Equatable {
    var type: String
    var identifiers: PolicyStrings
}

struct PolicyCondition: Equatable {
    var test: String
    var variable: String
    var values: PolicyStrings
}

struct PolicyStatement {
    var sid = ""
    var effect = ""
    /// Action, NotAction, Resource and NotResource: a string, a list, or whatever JSON a
    /// source document had there (nil leaves the member out).
    var actions: GoJSON?
    var notActions: GoJSON?
    var resources: GoJSON?
    var notResources: GoJSON?
    var principals: [PolicyPrincipal] = []
    var notPrincipals: [PolicyPrincipal] = []
    var conditions: [PolicyCondition] = []

    var json: GoJSON {
        var members: [GoJSON.Member] = []
        func add(_ key: String, _ value: GoJSON?) {
            if let value { members.append(.init(key: key, value: value)) }
        }
        if !sid.isEmpty { add("Sid", .string(sid)) }
        if !effect.isEmpty { add("Effect", .string(effect)) }
        add("Action", actions)
        add("NotAction", notActions)
        add("Resource", resources)
        add("NotResource", notResources)
        if !principals.isEmpty { add("Principal", Self.principalsJSON(principals)) }
        if !notPrincipals.isEmpty { add("NotPrincipal", Self.principalsJSON(notPrincipals)) }
        if !conditions.isEmpty { add("Condition", Self.conditionsJSON(conditions)) }
        return .object(members)
    }

    /// Principals grouped by type. A lone `*` principal of type `*` is the bare `"*"`; several
    /// principals of one type are merged in order, identifier lists in reverse order.
    static func principalsJSON(_ principals: [PolicyPrincipal]) -> GoJSON {
        if principals.count == 1, principals[0].type == "*", principals[0].identifiers.all == ["*"] {
            return .string("*")
        }
        var merged: [String: PolicyStrings] = [:]
        for principal in principals {
            switch (merged[principal.type], principal.identifiers) {
            case (nil, .one(let identifier)):
                merged[principal.type] = .one(identifier)
            case (nil, .many(let identifiers)):
                merged[principal.type] = .many(PolicyStrings.reverseSorted(identifiers))
            case (let existing?, .one(let identifier)):
                merged[principal.type] = .many(existing.all + [identifier])
            case (let existing?, .many(let identifiers)):
                merged[principal.type] = .many(existing.all + PolicyStrings.reverseSorted(identifiers))
            }
        }
        return .map(merged.mapValues(\.json))
    }

    /// Conditions grouped by test, then variable, values appended in order; a single value is
    /// written as a string.
    static func conditionsJSON(_ conditions: [PolicyCondition]) -> GoJSON {
        var tests: [String: [String: [String]]] = [:]
        for condition in conditions {
            tests[condition.test, default: [:]][condition.variable, default: []] += condition.values.all
        }
        return .map(tests.mapValues { variables in
            .map(variables.mapValues { values in values.count == 1 ? .string(values[0]) : .array(values.map(GoJSON.string)) })
        })
    }
}
