import Testing
@testable import ResourceGraph

/// Evaluates `source` with a few variables bound, returning the value and diagnostics.
func evaluate(_ source: String, variables extra: [String: Value] = [:]) -> (Value, Diagnostics) {
    let (expression, parseDiagnostics) = Parser.parseExpression(SourceFile(filename: "expr.hcl", text: source))
    if parseDiagnostics.hasErrors { return (.unknown(), parseDiagnostics) }
    var variables: [String: Value] = [
        "var": .object([
            "name": .string("web"),
            "count": .number(3),
            "list": .tuple([.string("a"), .string("b"), .string("c")]),
            "map": .object(["x": .number(1), "y": .number(2)]),
            "password": Value.string("hunter2").markedSensitive(),
            "pending": .unknown(.string),
            "nothing": .null,
            "cidr": .string("10.0.0.0/16"),
        ]),
    ]
    variables.merge(extra) { _, new in new }
    let context = EvaluationContext(variables: variables, functions: FunctionLibrary.standard())
    return Evaluator.evaluate(expression, in: context)
}

struct EvaluationCase: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let expected: String
    var testDescription: String { name }
}

@Suite struct EvaluationTests {
    static let cases: [EvaluationCase] = [
        .init(name: "exact decimals", source: "0.1 + 0.2 == 0.3", expected: "true"),
        .init(name: "arithmetic precedence", source: "1 + 2 * 3 - 4 / 2", expected: "5"),
        .init(name: "modulo keeps dividend sign", source: "-7 % 3", expected: "-1"),
        .init(name: "string to number in arithmetic", source: "\"2\" * 3", expected: "6"),
        .init(name: "comparison", source: "var.count >= 3 && !(var.count > 3)", expected: "true"),
        .init(name: "equality of different types", source: "1 == \"1\"", expected: "false"),
        .init(name: "null equality", source: "var.nothing == null", expected: "true"),
        .init(name: "conditional unifies types", source: "true ? 1 : \"x\"", expected: "\"1\""),
        .init(name: "conditional ignores the other branch's errors", source: "var.count > 5 ? var.list[10] : \"none\"", expected: "\"none\""),
        .init(name: "template", source: "\"${var.name}-${var.count}\"", expected: "\"web-3\""),
        .init(name: "template wrap keeps type", source: "\"${var.map}\"", expected: "{x = 1, y = 2}"),
        .init(name: "template if", source: "\"%{ if var.count > 1 }many%{ else }one%{ endif }\"", expected: "\"many\""),
        .init(name: "template for", source: "\"%{ for i, v in var.list }${i}${v} %{ endfor }\"", expected: "\"0a 1b 2c \""),
        .init(name: "index and attribute", source: "var.list[1]", expected: "\"b\""),
        .init(name: "map attribute access", source: "var.map.y", expected: "2"),
        .init(name: "string key index", source: "var.map[\"x\"]", expected: "1"),
        .init(name: "tuple for", source: "[for s in var.list : \"${s}!\" if s != \"b\"]", expected: "[\"a!\", \"c!\"]"),
        .init(name: "object for", source: "{for k, v in var.map : v => k}", expected: "{1 = \"x\", 2 = \"y\"}"),
        .init(name: "grouped for", source: "{for s in [\"a\", \"b\", \"a\"] : s => s...}", expected: "{a = [\"a\", \"a\"], b = [\"b\"]}"),
        .init(name: "splat over tuple", source: "[{id = 1}, {id = 2}][*].id", expected: "[1, 2]"),
        .init(name: "splat over null", source: "var.nothing[*].id", expected: "[]"),
        .init(name: "splat over single object", source: "{id = 7}[*].id", expected: "[7]"),
        .init(name: "jsonencode sorts keys and escapes html", source: "jsonencode({b = [1, true, null], a = \"<&>\"})", expected: #""{\"a\":\"\\u003c\\u0026\\u003e\",\"b\":[1,true,null]}""#),
        .init(name: "jsondecode", source: "jsondecode(\"{\\\"a\\\": [1.5, \\\"x\\\"]}\").a[0]", expected: "1.5"),
        .init(name: "cidrsubnet", source: "cidrsubnet(var.cidr, 8, 2)", expected: "\"10.0.2.0/24\""),
        .init(name: "cidrsubnet ipv6", source: "cidrsubnet(\"fd00:fd12:3456:7890::/56\", 16, 162)", expected: "\"fd00:fd12:3456:7800:a200::/72\""),
        .init(name: "cidrhost negative", source: "cidrhost(\"10.12.112.0/20\", -2)", expected: "\"10.12.127.254\""),
        .init(name: "cidrnetmask", source: "cidrnetmask(\"172.16.0.0/12\")", expected: "\"255.240.0.0\""),
        .init(name: "cidrsubnets", source: "cidrsubnets(\"10.1.0.0/16\", 4, 4, 8, 4)", expected: "[\"10.1.0.0/20\", \"10.1.16.0/20\", \"10.1.32.0/24\", \"10.1.48.0/20\"]"),
        .init(name: "try falls through", source: "try(var.map.z, \"fallback\")", expected: "\"fallback\""),
        .init(name: "can", source: "[can(var.map.x), can(var.map.z)]", expected: "[true, false]"),
        .init(name: "unknown flows through arithmetic", source: "var.pending == \"x\"", expected: "unknown(bool)"),
        .init(name: "unknown flows through templates", source: "\"id-${var.pending}\"", expected: "unknown(string)"),
        .init(name: "unknown flows through functions", source: "jsonencode({a = var.pending})", expected: "unknown(string)"),
        .init(name: "unknown condition", source: "var.pending == \"x\" ? 1 : 2", expected: "unknown(number)"),
        .init(name: "object keys from expressions", source: "{(var.name) = 1, \"k-${var.count}\" = 2}", expected: "{k-3 = 2, web = 1}"),
    ]

    @Test(arguments: cases)
    func evaluates(_ c: EvaluationCase) {
        let (value, diagnostics) = evaluate(c.source)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(value.debugDescription == c.expected)
    }

    @Test func sensitivityPropagatesToDerivedValues() {
        #expect(evaluate("\"pw=${var.password}\"").0.isSensitive)
        #expect(evaluate("upper == null ? 1 : 2", variables: ["upper": Value.string("x").markedSensitive()]).0.isSensitive)
        #expect(evaluate("jsonencode({p = var.password})").0.isSensitive)
        #expect(evaluate("[var.password][0]").0.isSensitive)
        #expect(!evaluate("var.name").0.containsSensitive)
        #expect(evaluate("{a = var.password}").0.containsSensitive)
    }
}

struct EvaluationErrorCase: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let summary: String
    let detailContains: String
    let column: Int
    var testDescription: String { name }
}

@Suite struct EvaluationErrorTests {
    static let cases: [EvaluationErrorCase] = [
        .init(name: "unknown root with suggestion", source: "vra.name", summary: "Unknown variable", detailContains: "Did you mean \"var\"?", column: 1),
        .init(name: "missing attribute with suggestion", source: "var.nmae", summary: "Unsupported attribute", detailContains: "Did you mean \"name\"?", column: 4),
        .init(name: "index out of range", source: "var.list[5]", summary: "Invalid index", detailContains: "has 3 elements", column: 9),
        .init(name: "null in template", source: "\"x${var.nothing}\"", summary: "Invalid template interpolation value", detailContains: "null", column: 5),
        .init(name: "wrong operand", source: "var.name + 1", summary: "Invalid operand", detailContains: "a number is required", column: 1),
        .init(name: "unknown function", source: "jsonencod(1)", summary: "Call to unknown function", detailContains: "Did you mean \"jsonencode\"?", column: 1),
        .init(name: "too many arguments", source: "cidrnetmask(\"10.0.0.0/8\", 2)", summary: "Too many function arguments", detailContains: "expects only 1 argument", column: 27),
        .init(name: "bad argument", source: "cidrsubnet(\"nope\", 8, 1)", summary: "Error in function call", detailContains: "invalid CIDR", column: 12),
        .init(name: "duplicate for key", source: "{for s in [\"a\", \"a\"] : s => 1}", summary: "Duplicate object key", detailContains: "ellipsis", column: 24),
        .init(name: "attribute of list", source: "var.list.name", summary: "Unsupported attribute", detailContains: "[*]", column: 9),
        .init(name: "division by zero", source: "1 / 0", summary: "Division by zero", detailContains: "zero", column: 5),
    ]

    @Test(arguments: cases)
    func reports(_ c: EvaluationErrorCase) throws {
        let (_, diagnostics) = evaluate(c.source)
        let first = try #require(diagnostics.errors.first)
        #expect(first.summary == c.summary)
        #expect(first.detail.contains(c.detailContains), "\(first.detail)")
        #expect(first.subject?.start.column == c.column)
    }
}

@Suite struct UnknownElementsTests {
    static let cases: [EvaluationCase] = [
        .init(name: "flatten keeps unknown elements in place", source: "length(flatten([[1, var.pending], [2]]))", expected: "3"),
        .init(name: "flatten of an unknown nested list is unknown", source: "flatten([[1], unknown_list])", expected: "unknown(dynamic)"),
        .init(name: "concat passes unknown elements", source: "concat([var.pending], [\"a\"])[1]", expected: "\"a\""),
        .init(name: "slice passes unknown elements", source: "slice([var.pending, \"b\", \"c\"], 1, 3)", expected: "[\"b\", \"c\"]"),
        .init(name: "element of a known position", source: "element([var.pending, \"z\"], 1)", expected: "\"z\""),
        .init(name: "values of a map with unknown values", source: "length(values({a = var.pending, b = 1}))", expected: "2"),
        .init(name: "a wholly unknown argument is still unknown", source: "concat(unknown_list, [1])", expected: "unknown(dynamic)"),
        .init(name: "join needs every element", source: "join(\",\", [\"a\", var.pending])", expected: "unknown(string)"),
    ]

    @Test(arguments: cases)
    func evaluates(_ c: EvaluationCase) {
        let (value, diagnostics) = evaluate(c.source, variables: ["unknown_list": .unknown(.list(.number))])
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(value.debugDescription == c.expected)
    }
}
