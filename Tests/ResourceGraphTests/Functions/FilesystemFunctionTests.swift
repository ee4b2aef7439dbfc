import Foundation
import Testing
@testable import ResourceGraph

@Suite struct FilesystemFunctionTests {
    static let documented: [FunctionCase] = [
        .init("dirname", #"dirname("foo/bar/baz.txt")"#, #""foo/bar""#),
        .init("basename", #"basename("foo/bar/baz.txt")"#, #""baz.txt""#),
        .init("file", #"file("hello.txt")"#, #""Hello World""#),
        .init("filebase64", #"filebase64("hello.txt")"#, #""SGVsbG8gV29ybGQ=""#),
        .init("fileexists present", #"fileexists("hello.txt")"#, "true"),
        .init("fileexists absent", #"fileexists("nope.txt")"#, "false"),
        .init("fileset star", #"fileset(".", "files/*.txt")"#, #"["files/hello.txt", "files/world.txt"]"#),
        .init("fileset alternatives", #"fileset(".", "files/{hello,world}.txt")"#, #"["files/hello.txt", "files/world.txt"]"#),
        .init("fileset in a directory", #"fileset("files", "*")"#, #"["hello.txt", "world.txt"]"#),
        // Documented in walk order; sets of strings are kept in lexical order.
        .init("fileset doublestar", #"fileset("files", "**")"#, #"["hello.txt", "subdirectory/anotherfile.txt", "world.txt"]"#),
    ]

    static let behaviour: [FunctionCase] = [
        .init("dirname of a bare name", #"dirname("baz.txt")"#, #"".""#),
        .init("dirname of empty", #"dirname("")"#, #"".""#),
        .init("dirname of root child", #"dirname("/foo")"#, #""/""#),
        .init("dirname cleans", #"dirname("a//b/./c")"#, #""a/b""#),
        .init("basename of empty", #"basename("")"#, #"".""#),
        .init("basename of root", #"basename("/")"#, #""/""#),
        .init("basename ignores trailing slash", #"basename("foo/bar/")"#, #""bar""#),
        .init("file with a path", #"file("files/hello.txt")"#, #""hello\n""#),
        .init("fileset doublestar prefix", #"fileset("files", "**/*.txt")"#, #"["hello.txt", "subdirectory/anotherfile.txt", "world.txt"]"#),
        .init("fileset class", #"fileset("files", "[h-i]*")"#, #"["hello.txt"]"#),
        .init("fileset question mark", #"fileset("files", "?orld.txt")"#, #"["world.txt"]"#),
        .init("fileset of a missing directory", #"fileset("missing", "*")"#, "[]"),
        .init("fileset type", #"fileset(".", "nothing")"#, "[]"),
        .init("templatefile list", #"templatefile("templates/backends.tftpl", { port = 8080, ip_addrs = ["10.0.0.1", "10.0.0.2"] })"#,
              #""backend 10.0.0.1:8080\nbackend 10.0.0.2:8080\n""#),
        .init("templatefile map", #"templatefile("templates/config.tftpl", { config = { "x" = "y", "foo" = "bar", "key" = "value" } })"#,
              #""set foo = bar\nset key = value\nset x = y\n""#),
        .init("templatefile jsonencode", #"templatefile("templates/json.tftpl", { port = 8080, ip_addrs = ["10.0.0.1", "10.0.0.2"] })"#,
              #""{\"backends\":[\"10.0.0.1:8080\",\"10.0.0.2:8080\"]}""#),
        .init("templatefile yamlencode", #"templatefile("templates/yaml.tftpl", { port = 8080, ip_addrs = ["10.0.0.1"] })"#,
              #""\"backends\":\n- \"10.0.0.1:8080\"\n""#),
        .init("templatefile keeps a single interpolation's type", #"templatefile("templates/wrap.tftpl", { items = [1, 2] })"#, "[1, 2]"),
        .init("templatefile escapes", #"templatefile("templates/escapes.tftpl", {})"#, #""literal $${not} and %%{ also }\n""#),
        .init("templatefile functions and conditionals", #"templatefile("templates/conditional.tftpl", { admin = true, name = "ann" })"#, #""admin ANN\n""#),
        .init("templatefile with unknown variable", #"templatefile("templates/conditional.tftpl", { admin = pending == "x", name = "ann" })"#, "unknown(string)"),
        .init("templatefile with unknown vars", #"templatefile("templates/conditional.tftpl", pendingAny)"#, "unknown(dynamic)"),
    ]

    @Test(arguments: documented) func documentedExamples(_ c: FunctionCase) { c.check() }
    @Test(arguments: behaviour) func behaves(_ c: FunctionCase) { c.check() }

    static let errors: [FunctionErrorCase] = [
        .init("file missing", #"file("nope.txt")"#, "/nope.txt\"; this function works only with files that are distributed as part of the configuration source code", argument: 0),
        .init("file not UTF-8", #"file("binary.bin")"#, "/binary.bin\" are not valid UTF-8; use the filebase64 function", argument: 0),
        .init("file of a directory", #"file("files")"#, "it is a directory", argument: 0),
        .init("fileexists of a directory", #"fileexists("files")"#, "/files\" is a directory, not a file", argument: 0),
        .init("fileset bad pattern", #"fileset(".", "[")"#, "syntax error in pattern", argument: 1),
        .init("templatefile missing variable", #"templatefile("templates/missing.tftpl", { name = "x" })"#,
              #"vars map does not contain key "other", referenced at "#, argument: 1),
        .init("templatefile invalid variable name", #"templatefile("templates/missing.tftpl", { "not-valid" = 1 })"#,
              #"invalid template variable name "not-valid": must start with a letter"#, argument: 1),
        .init("templatefile vars not a map", #"templatefile("templates/missing.tftpl", "x")"#, "invalid vars value: must be a map", argument: 1),
        .init("templatefile recursion", #"templatefile("templates/recursive.tftpl", {})"#,
              "cannot recursively call templatefile from inside templatefile call", argument: nil),
        .init("templatefile syntax error", #"templatefile("templates/broken.tftpl", {})"#, "broken.tftpl:2,1-1: Invalid expression", argument: 0),
        .init("templatefile missing file", #"templatefile("templates/nope.tftpl", {})"#, "no file exists at", argument: 0),
    ]

    @Test(arguments: errors) func fails(_ c: FunctionErrorCase) throws { try c.check() }

    @Test func abspathResolvesFromTheWorkingDirectory() {
        let (value, _) = FunctionTesting.evaluate(#"abspath("a/../b")"#)
        #expect(value.stringValue == FileManager.default.currentDirectoryPath + "/b")
        #expect(FunctionTesting.evaluate(#"abspath("/x/./y/")"#).0.stringValue == "/x/y")
    }

    @Test func homeDirectoryIsExpanded() {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        let expected = FileManager.default.fileExists(atPath: home + "/definitely-not-here.txt")
        #expect(FunctionTesting.evaluate(#"fileexists("~/definitely-not-here.txt")"#).0.boolValue == expected)
    }

    @Test func templateParserReadsWholeFileAsTemplate() {
        let (expression, diagnostics) = Parser.parseTemplate(SourceFile(filename: "t.tftpl", text: "a ${b}\nEOT\n  c"))
        #expect(!diagnostics.hasErrors)
        let context = EvaluationContext(variables: ["b": .string("B")])
        #expect(Evaluator.evaluate(expression, in: context).0.stringValue == "a B\nEOT\n  c")
    }
}
