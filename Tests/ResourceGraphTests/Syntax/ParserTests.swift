import Testing
@testable import ResourceGraph

/// Renders an expression's tree compactly, so parse results can be compared as text.
func sketch(_ e: Expression) -> String {
    switch e.node {
    case .literal(let v): return v.debugDescription
    case .template(let parts): return "tmpl(" + parts.map(sketch).joined(separator: ", ") + ")"
    case .templateWrap(let inner): return "wrap(\(sketch(inner)))"
    case .traversal(let t): return t.description
    case .relativeTraversal(let base, let steps):
        if case .splatItem = base.node { return "_" + Traversal(root: "", rootRange: e.range, steps: steps).description }
        return "(\(sketch(base)))" + Traversal(root: "", rootRange: e.range, steps: steps).description
    case .functionCall(let call):
        return call.name + "(" + call.arguments.map(sketch).joined(separator: ", ") + (call.expandFinalArgument ? "..." : "") + ")"
    case .tuple(let es): return "[" + es.map(sketch).joined(separator: ", ") + "]"
    case .object(let items):
        return "{" + items.map { item in
            let key: String
            switch item.key {
            case .name(let n, _): key = n
            case .expression(let k): key = "(\(sketch(k)))"
            }
            return "\(key)=\(sketch(item.value))"
        }.joined(separator: ", ") + "}"
    case .unary(let op, let x): return "(\(op.rawValue)\(sketch(x)))"
    case .binary(let op, let a, let b): return "(\(sketch(a)) \(op.rawValue) \(sketch(b)))"
    case .conditional(let c, let t, let f): return "(\(sketch(c)) ? \(sketch(t)) : \(sketch(f)))"
    case .index(let c, let k): return "\(sketch(c))[\(sketch(k))]"
    case .splat(let s, let each): return "splat(\(sketch(s)), \(sketch(each)))"
    case .splatItem: return "_"
    case .forExpression(let f):
        let names = (f.keyVariable.map { $0 + ", " } ?? "") + f.valueVariable
        let key = f.keyExpression.map { sketch($0) + " => " } ?? ""
        let cond = f.condition.map { " if " + sketch($0) } ?? ""
        return "for(\(names) in \(sketch(f.collection)) : \(key)\(sketch(f.valueExpression))\(f.grouped ? "..." : "")\(cond))"
    case .parenthesized(let inner): return "(\(sketch(inner)))"
    }
}

func sketch(_ part: TemplatePart) -> String {
    switch part {
    case .literal(let s, _): return Value.quoted(s)
    case .interpolation(let e): return "${\(sketch(e))}"
    case .conditional(let c, let t, let f, _):
        return "if(\(sketch(c)): " + t.map(sketch).joined(separator: " ") + " else " + f.map(sketch).joined(separator: " ") + ")"
    case .loop(let k, let v, let coll, let body, _):
        return "for(\(k.map { $0 + "," } ?? "")\(v) in \(sketch(coll)): " + body.map(sketch).joined(separator: " ") + ")"
    }
}

func parseExpression(_ text: String) -> (String, Diagnostics) {
    let (expression, diagnostics) = Parser.parseExpression(SourceFile(filename: "test.hcl", text: text))
    return (sketch(expression), diagnostics)
}

func parseFile(_ text: String) -> (Body, Diagnostics) {
    Parser.parse(SourceFile(filename: "main.tf", text: text))
}

struct ExpressionSyntaxCase: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let expected: String
    var testDescription: String { name }
}

@Suite struct ExpressionParsingTests {
    static let cases: [ExpressionSyntaxCase] = [
        .init(name: "integer", source: "42", expected: "42"),
        .init(name: "decimal with exponent", source: "1.5e3", expected: "1500"),
        .init(name: "negative literal folds", source: "-7", expected: "-7"),
        .init(name: "keywords", source: "[true, false, null]", expected: "[true, false, null]"),
        .init(name: "precedence of * over +", source: "1 + 2 * 3", expected: "(1 + (2 * 3))"),
        .init(name: "left associativity", source: "10 - 4 - 3", expected: "((10 - 4) - 3)"),
        .init(name: "comparison below arithmetic", source: "a + 1 > b * 2", expected: "((a + 1) > (b * 2))"),
        .init(name: "logical precedence", source: "a || b && !c", expected: "(a || (b && (!c)))"),
        .init(name: "equality", source: "a == b != c", expected: "((a == b) != c)"),
        .init(name: "conditional", source: "a ? b : c ? d : e", expected: "(a ? b : (c ? d : e))"),
        .init(name: "traversal", source: "aws_vpc.main.id", expected: "aws_vpc.main.id"),
        .init(name: "literal index folds into traversal", source: "aws_subnet.public[0].id", expected: "aws_subnet.public[0].id"),
        .init(name: "string index", source: "var.m[\"k\"]", expected: "var.m[\"k\"]"),
        .init(name: "legacy index", source: "a.0.b", expected: "a[0].b"),
        .init(name: "legacy index split", source: "a.0.1", expected: "a[0][1]"),
        .init(name: "dynamic index", source: "a[count.index]", expected: "a[count.index]"),
        .init(name: "full splat", source: "aws_subnet.public[*].id", expected: "splat(aws_subnet.public, _.id)"),
        .init(name: "attribute splat", source: "a.*.b", expected: "splat(a, _.b)"),
        .init(name: "full splat keeps index", source: "a[*].b[0]", expected: "splat(a, _.b[0])"),
        .init(name: "attribute splat stops at index", source: "a.*.b[0]", expected: "(splat(a, _.b))[0]"),
        .init(name: "function call", source: "cidrsubnet(var.cidr, 8, count.index)", expected: "cidrsubnet(var.cidr, 8, count.index)"),
        .init(name: "expanded argument", source: "max(list...)", expected: "max(list...)"),
        .init(name: "namespaced function", source: "provider::aws::arn_parse(x)", expected: "provider::aws::arn_parse(x)"),
        .init(name: "relative traversal", source: "f(x).a[1]", expected: "(f(x)).a[1]"),
        .init(name: "tuple with trailing comma and newlines", source: "[\n 1,\n 2,\n]", expected: "[1, 2]"),
        .init(name: "object with newlines and commas", source: "{\n a = 1\n b: 2, c = 3\n}", expected: "{a=1, b=2, c=3}"),
        .init(name: "object keys", source: "{ \"x y\" = 1, (k) = 2, var.z = 3 }", expected: "{(\"x y\")=1, ((k))=2, (var.z)=3}"),
        .init(name: "tuple for", source: "[for s in list : upper(s) if s != \"\"]", expected: "for(s in list : upper(s) if (s != \"\"))"),
        .init(name: "object for with key", source: "{for k, v in m : v => k...}", expected: "for(k, v in m : v => k...)"),
        .init(name: "template", source: "\"a-${b}-c\"", expected: "tmpl(\"a-\", ${b}, \"-c\")"),
        .init(name: "lone interpolation wraps", source: "\"${var.list}\"", expected: "wrap(var.list)"),
        .init(name: "plain string is literal", source: "\"plain\"", expected: "\"plain\""),
        .init(name: "escapes", source: #""a\tb\n\"q\" \\ \u00e9 \U0001F600""#, expected: "\"a\\tb\\n\\\"q\\\" \\\\ é 😀\""),
        .init(name: "escaped template sequences", source: "\"$${x} %%{y}\"", expected: "\"$${x} %%{y}\""),
        .init(name: "if directive", source: "\"%{ if a }yes%{ else }no%{ endif }\"", expected: "tmpl(if(a: \"yes\" else \"no\"))"),
        .init(name: "for directive", source: "\"%{ for k, v in m }${k}=${v};%{ endfor }\"", expected: "tmpl(for(k,v in m: ${k} \"=\" ${v} \";\"))"),
        .init(name: "strip markers", source: "\"a  ${~ b ~}  c\"", expected: "tmpl(\"a\", ${b}, \"c\")"),
        .init(name: "heredoc", source: "<<EOT\nhello\n  ${name}\nEOT\n", expected: "tmpl(\"hello\\n  \", ${name}, \"\\n\")"),
        .init(name: "indented heredoc", source: "<<-EOT\n    a\n      b\n\n    c\n    EOT\n", expected: "\"a\\n  b\\n\\nc\\n\""),
        .init(name: "indented heredoc with interpolation at line start", source: "<<-EOT\n    a\n  ${x}\n    EOT\n", expected: "tmpl(\"  a\\n\", ${x}, \"\\n\")"),
        .init(name: "operator at end of line continues inside parentheses only", source: "(a ?\n b :\n c)", expected: "((a ? b : c))"),
        .init(name: "strip markers reach across heredoc lines", source: "<<-EOT\n  a\n  %{~ for x in xs }\n  - ${x}\n  %{~ endfor }\n  EOT\n", expected: "tmpl(\"a\", for(x in xs: \"\\n- \" ${x}), \"\\n\")"),
        .init(name: "parentheses span lines", source: "(\n1 +\n2\n)", expected: "((1 + 2))"),
        .init(name: "nested function calls", source: "jsonencode({ subnets = aws_subnet.public[*].id })", expected: "jsonencode({subnets=splat(aws_subnet.public, _.id)})"),
    ]

    @Test(arguments: cases)
    func parses(_ c: ExpressionSyntaxCase) {
        let (result, diagnostics) = parseExpression(c.source)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(result == c.expected)
    }
}

struct SyntaxErrorCase: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let summary: String
    let line: Int
    let column: Int
    var testDescription: String { name }
}

@Suite struct SyntaxErrorTests {
    static let cases: [SyntaxErrorCase] = [
        .init(name: "missing equals", source: "resource \"a\" \"b\" {\n  name \"x\"\n}\n", summary: "Invalid block definition", line: 2, column: 11),
        .init(name: "missing value", source: "a = \n", summary: "Invalid expression", line: 1, column: 5),
        .init(name: "unclosed block", source: "resource \"a\" \"b\" {\n  x = 1\n", summary: "Unclosed configuration block", line: 3, column: 1),
        .init(name: "unterminated string", source: "a = \"abc\nb = 1\n", summary: "Unterminated template string", line: 1, column: 5),
        .init(name: "single quotes", source: "a = 'x'\n", summary: "Invalid character", line: 1, column: 5),
        .init(name: "missing comma in list", source: "a = [1 2]\n", summary: "Missing item separator", line: 1, column: 8),
        .init(name: "attribute redefined", source: "a = 1\na = 2\n", summary: "Attribute redefined", line: 2, column: 1),
        .init(name: "two arguments on one line", source: "a = 1 b = 2\n", summary: "Missing newline after argument", line: 1, column: 7),
        .init(name: "bad escape", source: "a = \"\\q\"\n", summary: "Invalid escape sequence", line: 1, column: 6),
        .init(name: "unterminated heredoc", source: "a = <<EOT\nhello\n", summary: "Unterminated template string", line: 1, column: 5),
        .init(name: "unmatched endif", source: "a = \"%{ endif }\"\n", summary: "Unexpected \"endif\" directive", line: 1, column: 6),
        .init(name: "colon instead of equals", source: "a: 1\n", summary: "Invalid argument definition", line: 1, column: 2),
        .init(name: "unterminated comment", source: "/* never closed\na = 1\n", summary: "Unterminated comment", line: 1, column: 1),
    ]

    @Test(arguments: cases)
    func reportsWithPosition(_ c: SyntaxErrorCase) throws {
        let (_, diagnostics) = parseFile(c.source)
        let first = try #require(diagnostics.errors.first, "expected an error")
        #expect(first.summary == c.summary)
        #expect(first.subject?.start.line == c.line)
        #expect(first.subject?.start.column == c.column)
        #expect(first.subject?.filename == "main.tf")
    }

    @Test func recoversAndReportsEveryError() {
        let source = """
        a = [1 2]
        b = 3
        c = 1 +
        d = 4
        resource "x" "y" {
          e = "ok"
          f = *
        }
        g = 5
        """
        let (body, diagnostics) = parseFile(source)
        #expect(diagnostics.errors.count >= 3)
        #expect(body.attributes.map(\.name).contains("g"))
        #expect(body.blocks.first?.body.attribute("e") != nil)
    }

    @Test func refusesDeepNestingWithoutCrashing() {
        let depth = 20_000
        let source = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\nb = 1\n"
        let (body, diagnostics) = parseFile(source)
        #expect(diagnostics.errors.contains { $0.summary == "Nesting too deep" })
        #expect(body.attribute("b") != nil)
    }

    @Test func refusesDeepOperatorChainsAndUnaryChains() {
        let chain = "a = " + Array(repeating: "1", count: 20_000).joined(separator: " + ") + "\n"
        #expect(parseFile(chain).1.errors.contains { $0.summary == "Nesting too deep" })
        let unary = "a = " + String(repeating: "!", count: 20_000) + "true\n"
        #expect(parseFile(unary).1.errors.contains { $0.summary == "Nesting too deep" })
        let objects = "a = " + String(repeating: "{x = ", count: 20_000) + "1" + String(repeating: "}", count: 20_000) + "\n"
        #expect(parseFile(objects).1.errors.contains { $0.summary == "Nesting too deep" })
        let calls = "a = " + String(repeating: "f(", count: 20_000) + String(repeating: ")", count: 20_000) + "\n"
        #expect(parseFile(calls).1.errors.contains { $0.summary == "Nesting too deep" })
        let blocks = String(repeating: "b {\n", count: 20_000) + String(repeating: "}\n", count: 20_000)
        #expect(parseFile(blocks).1.errors.contains { $0.summary == "Nesting too deep" })
    }
}

@Suite struct BodyParsingTests {
    @Test func blocksLabelsAndAttributes() throws {
        let source = """
        # comment
        terraform {
          required_providers {
            aws = { source = "hashicorp/aws" }
          }
        }
        // another
        resource "aws_vpc" main {
          cidr_block = "10.0.0.0/16" /* inline */
          tags = {
            Name = "x"
          }
        }
        locals { a = 1 }
        empty {}
        """
        let (body, diagnostics) = parseFile(source)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(body.blocks.map(\.type) == ["terraform", "resource", "locals", "empty"])
        let resource = body.blocks[1]
        #expect(resource.labels == ["aws_vpc", "main"])
        #expect(resource.body.attributes.map(\.name) == ["cidr_block", "tags"])
        let cidr = try #require(resource.body.attribute("cidr_block"))
        #expect(cidr.nameRange.start.line == 9)
        #expect(cidr.nameRange.start.column == 3)
        #expect(cidr.expression.range.start.column == 16)
        #expect(body.blocks[2].body.attribute("a") != nil)
        #expect(body.blocks[0].body.blocks.first?.type == "required_providers")
    }

    @Test func identifiersMayContainDashes() {
        let (body, diagnostics) = parseFile("my-attr = some-value.x\n")
        #expect(diagnostics.isEmpty)
        #expect(body.attributes.first?.name == "my-attr")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let (_, diagnostics) = parseFile("a = \"é\" 'x'\n")
        let error = try #require(diagnostics.errors.first)
        #expect(error.subject?.start.column == 9)
    }
}
