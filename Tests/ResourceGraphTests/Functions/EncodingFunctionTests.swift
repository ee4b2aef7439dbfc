import Testing
@testable import ResourceGraph

@Suite struct EncodingFunctionTests {
    static let documented: [FunctionCase] = [
        .init("base64encode", #"base64encode("Hello World")"#, #""SGVsbG8gV29ybGQ=""#),
        .init("base64decode", #"base64decode("SGVsbG8gV29ybGQ=")"#, #""Hello World""#),
        .init("textencodebase64 UTF-16LE", #"textencodebase64("Hello World", "UTF-16LE")"#, #""SABlAGwAbABvACAAVwBvAHIAbABkAA==""#),
        .init("textdecodebase64 UTF-16LE", #"textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")"#, #""Hello World""#),
        .init("urlencode", #"urlencode("Hello World!")"#, #""Hello+World%21""#),
        .init("urlencode unicode", #"urlencode("☃")"#, #""%E2%98%83""#),
        .init("urlencode in template", #""http://example.com/search?q=${urlencode("terraform urlencode")}""#,
              #""http://example.com/search?q=terraform+urlencode""#),
        .init("csvdecode", #"csvdecode("a,b,c\n1,2,3\n4,5,6")"#, #"[{a = "1", b = "2", c = "3"}, {a = "4", b = "5", c = "6"}]"#),
        .init("yamldecode mapping", #"yamldecode("hello: world")"#, #"{hello = "world"}"#),
        .init("yamldecode bool", #"yamldecode("true")"#, "true"),
        .init("yamldecode alias", #"yamldecode("{a: &foo [1, 2, 3], b: *foo}")"#, "{a = [1, 2, 3], b = [1, 2, 3]}"),
    ]

    static let behaviour: [FunctionCase] = [
        .init("base64 of unicode", #"base64encode("☃")"#, #""4piD""#),
        .init("base64decode ignores line breaks", #"base64decode("SGVs\nbG8=")"#, #""Hello""#),
        .init("textencodebase64 UTF-8 is base64encode", #"textencodebase64("☃", "utf-8")"#, #""4piD""#),
        .init("textencodebase64 UTF-16 has a byte order mark", #"textencodebase64("A", "UTF-16")"#, #""/v8AQQ==""#),
        .init("textencodebase64 latin1 alias", #"textencodebase64("é", "latin1")"#, #""6Q==""#),
        .init("textdecodebase64 windows-1252", #"textdecodebase64("gA==", "windows-1252")"#, #""€""#),
        .init("urlencode keeps unreserved", #"urlencode("a-b_c.d~e/f")"#, #""a-b_c.d~e%2Ff""#),
        .init("csvdecode quoted fields", #"csvdecode("a,b\n\"x,y\",\"he said \"\"hi\"\"\"\n")"#, #"[{a = "x,y", b = "he said \"hi\""}]"#),
        .init("csvdecode multi-line field", #"csvdecode("a,b\r\n\"1\r\n2\",3\r\n")"#, #"[{a = "1\n2", b = "3"}]"#),
        .init("csvdecode skips empty lines", #"csvdecode("a\n\n1\n\n2")"#, #"[{a = "1"}, {a = "2"}]"#),
        .init("csvdecode header only", #"csvdecode("a,b\n")"#, "[]"),
        .init("csvdecode empty fields", #"csvdecode("a,b\n,\n")"#, #"[{a = "", b = ""}]"#),
        .init("yamldecode nested block", #"yamldecode("a:\n  b: 1\n  c: [x, z]\nd:\n- 1\n- two\n")"#, #"{a = {b = 1, c = ["x", "z"]}, d = [1, "two"]}"#),
        .init("yamldecode compact sequence of mappings", #"yamldecode("- a: 1\n  b: 2\n- c\n- - d\n  - e\n")"#, #"[{a = 1, b = 2}, "c", ["d", "e"]]"#),
        .init("yamldecode scalars", #"yamldecode("a: yes\nb: ~\nc: 1_000\nd: 0x1F\ne: '007'\nf: \"tab\\tend\"\ng: 1.5e3\nh: -.5\ni: 2001-12-14\nj: off\n")"#,
              #"{a = true, b = null, c = 1000, d = "0x1F", e = "007", f = "tab\tend", g = 1500, h = -0.5, i = "2001-12-14T00:00:00Z", j = false}"#),
        .init("yamldecode timestamp with offset", #"yamldecode("2001-12-14t21:59:43.10-05:00")"#, #""2001-12-14T21:59:43-05:00""#),
        .init("yamldecode block scalars", #"yamldecode("a: |\n  line1\n  line2\nb: >\n  folded\n  text\n\n  para\nc: |-\n  strip\nd: |+\n  keep\n\ne: >-\n  one\n    two\n  three\n")"#,
              #"{a = "line1\nline2\n", b = "folded text\npara\n", c = "strip", d = "keep\n\n", e = "one\n  two\nthree"}"#),
        .init("yamldecode block scalar indentation indicator", #"yamldecode("a: |2\n    indented\n  text\n")"#, #"{a = "  indented\ntext\n"}"#),
        .init("yamldecode comments", ##"yamldecode("# c\na: 1 # trailing\n# more\nb: x#y\n")"##, #"{a = 1, b = "x#y"}"#),
        .init("yamldecode multi-line plain", #"yamldecode("a: this is\n  folded\n\n  twice\n")"#, #"{a = "this is folded\ntwice"}"#),
        .init("yamldecode multi-line quoted", #"yamldecode("a: \"x\n  y\"\nb: 'it''s'\n")"#, #"{a = "x y", b = "it's"}"#),
        .init("yamldecode document markers", #"yamldecode("---\na: 1\n...\n")"#, "{a = 1}"),
        .init("yamldecode empty", #"yamldecode("")"#, "null"),
        .init("yamldecode only comments", ##"yamldecode("# nothing\n")"##, "null"),
        .init("yamldecode merge key", #"yamldecode("base: &b {x: 1}\nderived:\n  <<: *b\n  w: 2\n")"#, "{base = {x = 1}, derived = {w = 2, x = 1}}"),
        .init("yamldecode tags", #"yamldecode("a: !!str 123\nb: !!int \"42\"\nc: !!float 1\nd: !!int 0o17\n")"#, #"{a = "123", b = 42, c = 1, d = 15}"#),
        .init("yamldecode keys become strings", #"yamldecode("1: a\ntrue: b\n")"#, #"{1 = "a", true = "b"}"#),
        .init("yamldecode flow collections", #"yamldecode("[1, [2, 3], {a: b, c: [d]}, \"e\", f: g]")"#, #"[1, [2, 3], {a = "b", c = ["d"]}, "e", {f = "g"}]"#),
        .init("yamldecode multi-line flow", #"yamldecode("{a: 1,\n b: [x,\n  z]}")"#, #"{a = 1, b = ["x", "z"]}"#),
        .init("yamldecode CRLF", #"yamldecode("a: 1\r\nb: 2\r\n")"#, "{a = 1, b = 2}"),
        .init("yamldecode empty values", #"yamldecode("a:\nb: 1\nc:\n")"#, "{a = null, b = 1, c = null}"),
        .init("yamldecode indentless sequence", #"yamldecode("a:\n- 1\n- 2\nb: 3\n")"#, "{a = [1, 2], b = 3}"),
        .init("yamldecode urls stay strings", #"yamldecode("url: http://example.com:8080/x")"#, #"{url = "http://example.com:8080/x"}"#),
        .init("yamldecode escapes", #"yamldecode("\"\\u263A \\x41\\n\"")"#, #""☺ A\n""#),
        .init("yamldecode later key wins", #"yamldecode("a: 1\na: 2")"#, "{a = 2}"),
        .init("yamldecode anchored scalar", #"yamldecode("a: &x hello\nb: *x")"#, #"{a = "hello", b = "hello"}"#),
        .init("yamldecode of unknown", "yamldecode(pending)", "unknown(dynamic)"),
        .init("yamlencode of unknown", "yamlencode({a = pending})", "unknown(string)"),
    ]

    @Test(arguments: documented) func documentedExamples(_ c: FunctionCase) { c.check() }
    @Test(arguments: behaviour) func behaves(_ c: FunctionCase) { c.check() }

    static let yaml: [StringResultCase] = [
        .init("yamlencode documented flat", #"yamlencode({"a":"b", "c":"d"})"#, "\"a\": \"b\"\n\"c\": \"d\"\n"),
        .init("yamlencode documented sequence", #"yamlencode({"foo":[1, 2, 3], "bar": "baz"})"#, "\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n"),
        .init("yamlencode documented nested", #"yamlencode({"foo":[1, {"a":"b","c":"d"}, 3], "bar": "baz"})"#,
              "\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n"),
        .init("yamlencode number ends the document", "yamlencode(1)", "1\n...\n"),
        .init("yamlencode null", "yamlencode(null)", "null\n...\n"),
        .init("yamlencode string", #"yamlencode("foo")"#, "\"foo\"\n"),
        .init("yamlencode empty object", "yamlencode({})", "{}\n"),
        .init("yamlencode empty list value", "yamlencode({a = []})", "\"a\": []\n"),
        .init("yamlencode nested mapping", "yamlencode({a = {b = true}})", "\"a\":\n  \"b\": true\n"),
        .init("yamlencode nested sequences", "yamlencode([[1, 2], [3]])", "- - 1\n  - 2\n- - 3\n"),
        .init("yamlencode literal block", #"yamlencode({a = "x\ny\n"})"#, "\"a\": |\n  x\n  y\n"),
        .init("yamlencode literal block without final newline", #"yamlencode({a = "x\ny"})"#, "\"a\": |-\n  x\n  y\n"),
        .init("yamlencode literal block keeping newlines", #"yamlencode({a = "x\n\n"})"#, "\"a\": |+\n  x\n\n"),
        .init("yamlencode literal block with leading space", #"yamlencode({a = " x\ny"})"#, "\"a\": |2-\n   x\n  y\n"),
        .init("yamlencode root literal block", #"yamlencode("a\nb\n")"#, "|\n  a\n  b\n"),
        .init("yamlencode tab prevents literal block", #"yamlencode({a = "x\ty\n"})"#, "\"a\": \"x\\ty\\n\"\n"),
        .init("yamlencode trailing space prevents literal block", #"yamlencode({a = "x \ny"})"#, "\"a\": \"x \\ny\"\n"),
        .init("yamlencode escapes", #"yamlencode(["say \"hi\"", "back\\slash", "😀", "\u0007"])"#,
              "- \"say \\\"hi\\\"\"\n- \"back\\\\slash\"\n- \"\\U0001F600\"\n- \"\\a\"\n"),
        .init("yamlencode keeps other unicode", #"yamlencode("☃ é")"#, "\"☃ é\"\n"),
        .init("yamlencode multi-line key", #"yamlencode({"a\nb" = 1})"#, "? |-\n  a\n  b\n: 1\n"),
        .init("yamlencode folds long strings", #"yamlencode({k = "aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd eeeeeeeee fffffffff ggggggggg hhhhhhhhh iiiiiiiii jjjjjjjjj"})"#,
              "\"k\": \"aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd eeeeeeeee fffffffff ggggggggg hhhhhhhhh\n  iiiiiiiii jjjjjjjjj\"\n"),
        .init("yamlencode sorts keys", "yamlencode({b = 1, a = 2, B = 3})", "\"B\": 3\n\"a\": 2\n\"b\": 1\n"),
        .init("yamlencode set", #"yamlencode(toset(["b", "a"]))"#, "- \"a\"\n- \"b\"\n"),
    ]

    @Test(arguments: yaml) func encodesYAML(_ c: StringResultCase) { c.check() }

    static let errors: [FunctionErrorCase] = [
        .init("yamldecode self reference", #"yamldecode("{a: &foo [1, *foo, 3]}")"#, #"cannot refer to anchor "foo" from inside its own definition"#, argument: 0),
        .init("yamldecode unsupported tag", #"yamldecode("{a: !not-supported foo}")"#, #"unsupported tag "!not-supported""#, argument: 0),
        .init("yamldecode several documents", #"yamldecode("a: 1\n---\nb: 2")"#, "on line 2, column 1: only a single document is allowed", argument: 0),
        .init("yamldecode mapping on one line", #"yamldecode("a: b: c")"#, "mapping values are not allowed in this context", argument: 0),
        .init("yamldecode unterminated flow", #"yamldecode("a: [1, 2")"#, "did not find expected ',' or ']'", argument: 0),
        .init("yamldecode undefined alias", #"yamldecode("a: *x")"#, #"reference to undefined anchor "x""#, argument: 0),
        .init("yamldecode null key", #"yamldecode("~: a")"#, "mapping key cannot be null", argument: 0),
        .init("yamldecode infinity", #"yamldecode("a: .inf")"#, "floating point infinity is not supported", argument: 0),
        .init("yamldecode bad int", #"yamldecode("a: !!int abc")"#, #"cannot parse "abc" as tag:yaml.org,2002:int"#, argument: 0),
        .init("yamldecode unterminated quote", #"yamldecode("a: \"x")"#, "found unexpected end of stream", argument: 0),
        .init("csvdecode wrong field count", #"csvdecode("a,b\n1")"#, "CSV parse error on line 2: wrong number of fields", argument: 0),
        .init("csvdecode bare quote", #"csvdecode("a\nx\"y")"#, #"CSV parse error on line 2: bare " in non-quoted-field"#, argument: 0),
        .init("csvdecode unterminated quote", #"csvdecode("a\n\"x")"#, #"CSV parse error on line 2: extraneous or missing " in quoted-field"#, argument: 0),
        .init("csvdecode empty", #"csvdecode("")"#, "missing header line", argument: 0),
        .init("csvdecode duplicate column", #"csvdecode("a,a\n1,2")"#, #"duplicate column name "a""#, argument: 0),
        .init("base64decode invalid", #"base64decode("SGVsbG8")"#, "failed to decode base64 data", argument: 0),
        .init("base64decode not UTF-8", #"base64decode("/w==")"#, "the result of decoding the provided string is not valid UTF-8", argument: 0),
        .init("textencodebase64 unknown encoding", #"textencodebase64("a", "klingon")"#, #""klingon" is not a supported IANA encoding name or alias in this Terraform version"#, argument: 1),
        .init("textencodebase64 unrepresentable", #"textencodebase64("☃", "US-ASCII")"#, "the given string contains characters that cannot be represented in US-ASCII", argument: 0),
        .init("textdecodebase64 bad symbol", #"textdecodebase64("SGV!", "UTF-8")"#, "the given value is has an invalid base64 symbol at offset 3", argument: 0),
        .init("textdecodebase64 invalid for encoding", #"textdecodebase64("/w==", "UTF-8")"#, "the given string contains symbols that are not defined for UTF-8", argument: 0),
    ]

    @Test(arguments: errors) func fails(_ c: FunctionErrorCase) throws { try c.check() }

    @Test func roundTripsThroughYAML() throws {
        let source = #"yamldecode(yamlencode({a = "x\ny\n", b = [1, 2.5, true, null], c = {d = "say \"hi\" 😀"}, e = " lead\n"}))"#
        let (value, diagnostics) = FunctionTesting.evaluate(source)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(value.debugDescription == #"{a = "x\ny\n", b = [1, 2.5, true, null], c = {d = "say \"hi\" 😀"}, e = " lead\n"}"#)
    }

    @Test func sensitiveArgumentGivesSensitiveResult() {
        #expect(FunctionTesting.evaluate("base64encode(secret)").0.isSensitive)
        #expect(FunctionTesting.evaluate("yamlencode({a = secret})").0.isSensitive)
    }
}
