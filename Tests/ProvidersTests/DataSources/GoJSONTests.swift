import Testing

@testable import Providers

/// JSON text as Go's encoding/json writes it, which policy documents must match byte for byte.
struct GoJSONTests {
    @Test(arguments: [
        (1.0, "1"), (1.5, "1.5"), (-2.5, "-2.5"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
        (1e-7, "1e-7"), (0.000001, "0.000001"), (1.2345e-10, "1.2345e-10"), (123456789.0, "123456789"), (0.1, "0.1"),
    ])
    func floats(value: Double, expected: String) {
        #expect(GoJSON.formatFloat(value) == expected)
    }

    @Test func stringsAreEscapedForHTML() {
        var out = ""
        GoJSON.writeString("<a & b>\u{2028}\"\\\n\t\u{08}\u{0C}\u{01}é", into: &out)
        #expect(out == #""\u003ca \u0026 b\u003e\u2028\"\\\n\t\b\f\u0001é""#)
    }

    @Test func indentationKeepsEmptyCollectionsOnOneLine() {
        let value = GoJSON.object([
            .init(key: "b", value: .array([])), .init(key: "a", value: .map([:])), .init(key: "c", value: .array([.number(1), .bool(true), .null])),
        ])
        #expect(value.indented == "{\n  \"b\": [],\n  \"a\": {},\n  \"c\": [\n    1,\n    true,\n    null\n  ]\n}")
        #expect(value.compact == #"{"b":[],"a":{},"c":[1,true,null]}"#)
        #expect(GoJSON.map(["b": .null, "B": .null, "a": .null]).compact == #"{"B":null,"a":null,"b":null}"#)
    }
}
