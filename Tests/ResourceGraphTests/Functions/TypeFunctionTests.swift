import Testing
@testable import ResourceGraph

@Suite struct TypeFunctionTests {
    static let documented: [FunctionCase] = [
        .init("tobool bool", "tobool(true)", "true"),
        .init("tobool string", #"tobool("true")"#, "true"),
        .init("tobool null", "tobool(null)", "null"),
        .init("tolist", #"tolist(["a", "b", "c"])"#, #"["a", "b", "c"]"#),
        .init("tolist unifies", #"tolist(["a", "b", 3])"#, #"["a", "b", "3"]"#),
        .init("tomap", #"tomap({"a" = 1, "b" = 2})"#, "{a = 1, b = 2}"),
        .init("tomap unifies", #"tomap({"a" = "foo", "b" = true})"#, #"{a = "foo", b = "true"}"#),
        .init("tonumber number", "tonumber(1)", "1"),
        .init("tonumber string", #"tonumber("1")"#, "1"),
        .init("tonumber null", "tonumber(null)", "null"),
        .init("toset", #"toset(["a", "b", "c"])"#, #"["a", "b", "c"]"#),
        // Documented as ["a", "b", "3"]; sets of strings are kept in lexical order.
        .init("toset unifies", #"toset(["a", "b", 3])"#, #"["3", "a", "b"]"#),
        .init("toset removes duplicates", #"toset(["c", "b", "b"])"#, #"["b", "c"]"#),
        .init("tostring string", #"tostring("hello")"#, #""hello""#),
        .init("tostring number", "tostring(1)", #""1""#),
        .init("tostring bool", "tostring(true)", #""true""#),
        .init("tostring null", "tostring(null)", "null"),
        .init("issensitive of sensitive", #"issensitive(sensitive("secret"))"#, "true"),
        .init("issensitive of plain", #"issensitive("hello")"#, "false"),
        .init("issensitive of sensitive variable", "issensitive(secret)", "true"),
        .init("nonsensitive", "nonsensitive(secret)", #""hunter2""#),
        // Terraform 1.7 and later accept values that are not sensitive.
        .init("nonsensitive of plain", #"nonsensitive("clear")"#, #""clear""#),
    ]

    static let behaviour: [FunctionCase] = [
        .init("tolist of set", #"tolist(toset(["b", "a"]))"#, #"["a", "b"]"#),
        .init("tolist of unknown tuple elements", #"tolist(["a", pending])"#, #"["a", unknown(string)]"#),
        .init("tolist of unknown", "tolist(pendingList)", "unknown(list(string))"),
        .init("tomap of unknown", "tomap(pendingAny)", "unknown(map(dynamic))"),
        .init("tostring of unknown", "tostring(pendingAny)", "unknown(string)"),
        .init("issensitive of unknown", "issensitive(pending)", "unknown(bool)"),
        .init("issensitive is shallow", "issensitive({a = secret})", "false"),
        .init("tonumber exponent", #"tonumber("1e3")"#, "1000"),
    ]

    @Test(arguments: documented) func documentedExamples(_ c: FunctionCase) { c.check() }
    @Test(arguments: behaviour) func behaves(_ c: FunctionCase) { c.check() }

    static let errors: [FunctionErrorCase] = [
        .init("tobool of other string", #"tobool("no")"#, #"cannot convert "no" to bool: only the strings "true" or "false" are allowed"#, argument: 0),
        .init("tobool of number", "tobool(1)", "cannot convert number to bool", argument: 0),
        .init("tonumber of other string", #"tonumber("no")"#, #"cannot convert "no" to number: string must be a decimal representation of a number"#, argument: 0),
        .init("tostring of tuple", "tostring([])", "cannot convert tuple to string", argument: 0),
        .init("tolist of mixed", #"tolist(["a", {}])"#, "cannot convert tuple to list of any single type", argument: 0),
        .init("tomap of list", #"tomap(["a"])"#, "cannot convert tuple to map of any single type", argument: 0),
        .init("toset of string", #"toset("a")"#, "cannot convert string to set of any single type", argument: 0),
    ]

    @Test(arguments: errors) func fails(_ c: FunctionErrorCase) throws { try c.check() }

    @Test func resultTypes() {
        #expect(FunctionTesting.evaluate(#"tolist(["a", 1])"#).0.type == .list(.string))
        #expect(FunctionTesting.evaluate(#"toset([1, 2])"#).0.type == .set(.number))
        #expect(FunctionTesting.evaluate(#"tomap({a = 1})"#).0.type == .map(.number))
        #expect(FunctionTesting.evaluate("tostring(null)").0.type == .string)
    }

    @Test func sensitivityMarks() {
        #expect(FunctionTesting.evaluate(#"sensitive("x")"#).0.isSensitive)
        let unknown = FunctionTesting.evaluate("sensitive(pending)").0
        #expect(unknown.isSensitive && !unknown.isKnown)
        #expect(!FunctionTesting.evaluate("nonsensitive(secret)").0.containsSensitive)
        // Only the value's own mark goes; marks nested inside stay.
        let nested = FunctionTesting.evaluate("nonsensitive({a = secret})").0
        #expect(!nested.isSensitive && nested.containsSensitive)
        // Other functions see through marks and mark their result.
        #expect(FunctionTesting.evaluate("tostring(secret)").0.isSensitive)
    }
}
