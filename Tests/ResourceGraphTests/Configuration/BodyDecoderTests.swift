import Testing
@testable import ResourceGraph

/// Decoding a resource body against its schema: arguments, nested blocks, `dynamic` blocks and
/// Terraform's attributes-as-blocks mode.
struct BodyDecoderTests {
    static let route = BlockSchema(attributes: [
        "cidr_block": AttributeSchema(.string, .optional),
        "gateway_id": AttributeSchema(.string, .optional),
    ])

    static let schema = BlockSchema(
        attributes: [
            "name": AttributeSchema(.string, .required),
            "size": AttributeSchema(.number, .optional),
            "id": AttributeSchema(.string, .computed),
        ],
        blocks: [
            "rule": NestedBlockSchema(.list, BlockSchema(attributes: ["port": AttributeSchema(.number, .required)]), maxItems: 2),
            "route": NestedBlockSchema(.set, route, acceptsAttributeSyntax: true),
            "legacy": NestedBlockSchema(.list, BlockSchema(attributes: ["on": AttributeSchema(.bool, .optional)]), unsupported: "use the separate thing_legacy resource"),
        ])

    /// Decodes the body of the first block in `text`, with `var.routes` bound to `routes`.
    func decode(_ text: String, routes: Value = .null) -> (Value, Diagnostics) {
        let (file, parseDiagnostics) = Parser.parse(SourceFile(filename: "main.tf", text: text))
        #expect(!parseDiagnostics.hasErrors)
        let block = file.blocks[0]
        let context = EvaluationContext(variables: ["var": .object(["routes": routes])])
        return BodyDecoder.decode(block.body, schema: Self.schema, context: context, subject: block.range, owner: "test_thing")
    }

    func routes(_ value: Value) -> [[String: String]] {
        (value[attribute: "route"]?.elements ?? []).map { route in
            (route.attributes ?? [:]).compactMapValues { value in
                if case .string(let s) = value.kind { return s }
                return nil
            }
        }
    }

    @Test func argumentsAreConvertedAndUnsetOnesAreNull() {
        let (value, diagnostics) = decode(#"thing "a" { name = 5 }"#)
        #expect(!diagnostics.hasErrors)
        #expect(value[attribute: "name"] == .string("5"))
        #expect(value[attribute: "size"]?.isNull == true)
        #expect(value[attribute: "rule"]?.elements?.isEmpty == true)
    }

    @Test func missingRequiredArgumentAndUnknownNamesAreReported() {
        let (_, diagnostics) = decode("thing \"a\" {\n  nmae = \"x\"\n  id = \"y\"\n}")
        let summaries = diagnostics.errors.map(\.summary)
        #expect(summaries.contains("Missing required argument"))
        #expect(summaries.contains("Value for unconfigurable attribute"))
        let unsupported = diagnostics.errors.first { $0.summary == "Unsupported argument" }
        #expect(unsupported?.detail.contains("Did you mean \"name\"?") == true)
        #expect(unsupported?.subject?.start.line == 2)
    }

    @Test func tooManyBlocksPointsAtTheFirstExtraOne() {
        let (_, diagnostics) = decode("thing \"a\" {\n  name = \"x\"\n  rule { port = 1 }\n  rule { port = 2 }\n  rule { port = 3 }\n}")
        let error = diagnostics.errors.first { $0.summary == "Too many rule blocks" }
        #expect(error?.subject?.start.line == 5)
    }

    @Test func unsupportedBlocksAreReportedByNameWithTheReasonAndLeftEmpty() {
        let text = """
            thing "a" {
              name = "x"
              legacy { on = true }
              dynamic "legacy" {
                for_each = [1]
                content { on = false }
              }
            }
            """
        let (value, diagnostics) = decode(text)
        let errors = diagnostics.errors.filter { $0.summary == "Unsupported block type" }
        #expect(errors.count == 2)
        #expect(errors.first?.detail == "prov does not support \"legacy\" blocks in test_thing yet: use the separate thing_legacy resource.")
        #expect(errors.map { $0.subject?.start.line } == [3, 4])
        #expect(value[attribute: "legacy"]?.elements?.isEmpty == true)
    }

    @Test func dynamicBlocksExpandWithTheirIterator() {
        let text = """
            thing "a" {
              name = "x"
              dynamic "rule" {
                for_each = [80, 443]
                iterator = p
                content { port = p.value }
              }
            }
            """
        let (value, diagnostics) = decode(text)
        #expect(!diagnostics.hasErrors)
        #expect(value[attribute: "rule"]?.elements?.map { $0[attribute: "port"] } == [.number(80), .number(443)])
    }

    // MARK: Attributes as blocks

    @Test func attributeSyntaxAbsentIsNullSoProvidersCanLeaveTheCollectionAlone() {
        let (value, diagnostics) = decode(#"thing "a" { name = "x" }"#)
        #expect(!diagnostics.hasErrors)
        #expect(value[attribute: "route"]?.isNull == true)
    }

    @Test func attributeSyntaxEmptyListMeansNone() {
        let (value, diagnostics) = decode("thing \"a\" {\n  name = \"x\"\n  route = []\n}")
        #expect(!diagnostics.hasErrors)
        #expect(value[attribute: "route"]?.isNull == false)
        #expect(value[attribute: "route"]?.elements?.isEmpty == true)
    }

    @Test func attributeSyntaxTakesObjectsWithEveryAttribute() {
        let full = Value.tuple([.object(["cidr_block": .string("0.0.0.0/0"), "gateway_id": .string("igw-1")])])
        let (value, diagnostics) = decode("thing \"a\" {\n  name = \"x\"\n  route = var.routes\n}", routes: full)
        #expect(!diagnostics.hasErrors)
        #expect(routes(value) == [["cidr_block": "0.0.0.0/0", "gateway_id": "igw-1"]])

        let partial = Value.tuple([.object(["cidr_block": .string("0.0.0.0/0")])])
        let (_, errors) = decode("thing \"a\" {\n  name = \"x\"\n  route = var.routes\n}", routes: partial)
        let error = errors.errors.first
        #expect(error?.summary == "Incorrect attribute value type")
        #expect(error?.detail.contains("gateway_id") == true)
        #expect(error?.subject?.start.line == 3)
    }

    @Test func attributeSyntaxStillAcceptsBlocksAndEmptyDynamicBlocks() {
        let (value, diagnostics) = decode("thing \"a\" {\n  name = \"x\"\n  route {\n    cidr_block = \"10.0.0.0/8\"\n  }\n}")
        #expect(!diagnostics.hasErrors)
        #expect(routes(value) == [["cidr_block": "10.0.0.0/8"]])

        let dynamic = "thing \"a\" {\n  name = \"x\"\n  dynamic \"route\" {\n    for_each = []\n    content {}\n  }\n}"
        let (empty, dynamicDiagnostics) = decode(dynamic)
        #expect(!dynamicDiagnostics.hasErrors)
        #expect(empty[attribute: "route"]?.isNull == false, "a dynamic block that generates nothing still sets the collection")
    }

    @Test func attributeSyntaxAndBlocksTogetherAreAnError() {
        let (_, diagnostics) = decode("thing \"a\" {\n  name = \"x\"\n  route = []\n  route {\n    cidr_block = \"10.0.0.0/8\"\n  }\n}")
        let error = diagnostics.errors.first
        #expect(error?.summary == "Conflicting route definitions")
        #expect(error?.subject?.start.line == 4)
    }
}
