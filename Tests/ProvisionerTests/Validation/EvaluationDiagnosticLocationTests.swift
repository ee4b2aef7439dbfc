import Foundation
import Testing

/// `prov validate` on values that evaluate wrongly: bad `count` and `for_each` values, failed
/// variable validations, function and operator errors, unreadable modules and files. Each
/// points at the expression (or argument) that produced the bad value.
@Suite struct EvaluationDiagnosticLocationTests {
    static let expansions: [DiagnosticLocationCase] = [
        .init("negative count", """
            resource "fake_thing" "a" {
              count = -1
              name  = "a"
            }
            """, summary: "Invalid count argument", detail: "must be greater than or equal to zero", at: .init(line: 2, column: 11, covering: "-1")),
        .init("fractional count", """
            resource "fake_thing" "a" {
              count = 1.5
              name  = "a"
            }
            """, summary: "Invalid count argument", detail: "a whole number is required", at: .init(line: 2, column: 11, covering: "1.5")),
        .init("string count", """
            resource "fake_thing" "a" {
              count = "two"
              name  = "a"
            }
            """, summary: "Invalid count argument", detail: "a number is required, but have string", at: .init(line: 2, column: 11, covering: "\"two\"")),
        .init("null count", """
            resource "fake_thing" "a" {
              count = null
              name  = "a"
            }
            """, summary: "Invalid count argument", detail: "the given value is null", at: .init(line: 2, column: 11, covering: "null")),
        .init("sensitive count", """
            resource "fake_thing" "a" {
              count = sensitive(2)
              name  = "a"
            }
            """, summary: "Invalid count argument", detail: "Sensitive values", at: .init(line: 2, column: 11, covering: "sensitive(2)")),
        .init("list for for_each", """
            resource "fake_thing" "a" {
              for_each = ["a", "b"]
              name     = each.key
            }
            """, summary: "Invalid for_each argument", detail: "Use toset() to convert a list of strings to a set", at: .init(line: 2, column: 14, covering: "[\"a\", \"b\"]")),
        .init("null for_each", """
            resource "fake_thing" "a" {
              for_each = null
              name     = each.key
            }
            """, summary: "Invalid for_each argument", detail: "argument value is null", at: .init(line: 2, column: 14, covering: "null")),
        .init("sensitive for_each", """
            resource "fake_thing" "a" {
              for_each = sensitive(toset(["a"]))
              name     = each.key
            }
            """, summary: "Invalid for_each argument", detail: "Sensitive values", at: .init(line: 2, column: 14, covering: "sensitive(toset([\"a\"]))")),
        .init("set of numbers for for_each", """
            resource "fake_thing" "a" {
              for_each = toset([1, 2])
              name     = "a"
            }
            """, summary: "Invalid for_each argument", detail: "a set containing type number", at: .init(line: 2, column: 14, covering: "toset([1, 2])")),
        .init("invalid count on a module call", files: [
            "main.tf": """
                module "m" {
                  source = "./m"
                  count  = -2
                }
                """,
            "m/main.tf": "",
        ], summary: "Invalid count argument", detail: "must be greater than or equal to zero", at: .init(line: 3, column: 12, covering: "-2")),
    ]

    static let validations: [DiagnosticLocationCase] = [
        .init("module input failing its validation shows the author's message", files: [
            "main.tf": """
                module "net" {
                  source = "./net"
                  cidr   = "banana"
                }
                """,
            "net/main.tf": """
                variable "cidr" {
                  type = string
                  validation {
                    condition     = can(cidrhost(var.cidr, 0))
                    error_message = "The cidr must be a CIDR block, like 10.0.0.0/16."
                  }
                }
                """,
        ], summary: "Invalid value for variable", detail: "The cidr must be a CIDR block, like 10.0.0.0/16.\n\nThis was checked by the validation rule at net/main.tf:3,3.", at: .init(line: 3, column: 12, covering: "\"banana\"")),
        .init("validation condition that is not a bool", files: [
            "main.tf": """
                module "net" {
                  source = "./net"
                  cidr   = "x"
                }
                """,
            "net/main.tf": """
                variable "cidr" {
                  validation {
                    condition     = "sometimes"
                    error_message = "x"
                  }
                }
                """,
        ], summary: "Invalid validation result", detail: "must return true or false", at: .init("net/main.tf", line: 3, column: 21, covering: "\"sometimes\"")),
    ]

    static let functionsAndOperators: [DiagnosticLocationCase] = [
        .init("function failing on one argument", """
            locals {
              host = cidrhost("10.0.0.0/24", 300)
            }
            """, summary: "Error in function call", detail: "does not accommodate a host numbered 300", at: .init(line: 2, column: 34, covering: "300")),
        .init("argument of the wrong type", """
            locals {
              u = upper([1])
            }
            """, summary: "Invalid function argument", detail: "Invalid value for \"str\" parameter", at: .init(line: 2, column: 13, covering: "[1]")),
        .init("null argument", """
            locals {
              u = upper(null)
            }
            """, summary: "Invalid function argument", detail: "argument must not be null", at: .init(line: 2, column: 13, covering: "null")),
        .init("unknown function suggests the library's function", """
            locals {
              u = uper("a")
            }
            """, summary: "Call to unknown function", detail: "Did you mean \"upper\"?", at: .init(line: 2, column: 7, covering: "uper")),
        .init("too many arguments", """
            locals {
              u = upper("a", "b")
            }
            """, summary: "Too many function arguments", detail: "expects only 1 argument", at: .init(line: 2, column: 18, covering: "\"b\"")),
        .init("too few arguments", """
            locals {
              h = cidrhost("10.0.0.0/24")
            }
            """, summary: "Not enough function arguments", detail: "Missing value for \"hostnum\"", at: .init(line: 2, column: 7, covering: "cidrhost(\"10.0.0.0/24\")")),
        .init("division by zero", """
            locals {
              d = 1 / 0
            }
            """, summary: "Division by zero", detail: "The right operand of \"/\" is zero", at: .init(line: 2, column: 11, covering: "0")),
        .init("string operand of arithmetic", """
            locals {
              s = "x" + 1
            }
            """, summary: "Invalid operand", detail: "Unsuitable value for left operand", at: .init(line: 2, column: 7, covering: "\"x\"")),
        .init("index beyond the end of a list", """
            locals {
              i = [1, 2][5]
            }
            """, summary: "Invalid index", detail: "the collection has 2 elements", at: .init(line: 2, column: 13, covering: "[5]")),
        .init("bare name that is not a reference", """
            locals {
              a = foo
            }
            """, summary: "Invalid reference", detail: "must be followed by at least one attribute access", at: .init(line: 2, column: 7, covering: "foo")),
    ]

    static let modulesAndFiles: [DiagnosticLocationCase] = [
        .init("module directory that does not exist", """
            module "net" {
              source = "./nowhere"
            }
            """, summary: "Unreadable module directory", detail: "it does not exist or is not a directory", at: .init(line: 2, column: 12, covering: "\"./nowhere\"")),
        .init("module source that is a file", files: [
            "main.tf": """
                module "net" {
                  source = "./notes.txt"
                }
                """,
            "notes.txt": "not a module",
        ], summary: "Unreadable module directory", detail: "it does not exist or is not a directory", at: .init(line: 2, column: 12, covering: "\"./notes.txt\"")),
        .init("module source that would be downloaded", """
            module "net" {
              source = "hashicorp/consul/aws"
            }
            """, summary: "Unsupported module source", detail: "Only local module sources", at: .init(line: 2, column: 12, covering: "\"hashicorp/consul/aws\"")),
        .init("syntax error in a second file", files: [
            "a.tf": "locals {\n  a = 1\n}\n",
            "b.tf": "locals {\n  b = [1 2]\n}\n",
        ], summary: "Missing item separator", detail: "Expected a comma", at: .init("b.tf", line: 2, column: 10, covering: "2")),
        .init("syntax error in a module's file", files: [
            "main.tf": "module \"net\" {\n  source = \"./net\"\n}\n",
            "net/main.tf": "variable \"x\" {\n  default = {a = 1 b = 2}\n}\n",
        ], summary: "Missing attribute separator", detail: "Expected a newline or comma", at: .init("net/main.tf", line: 2, column: 20, covering: "b")),
    ]

    @Test(arguments: expansions)
    func badExpansionsPointAtTheArgument(_ c: DiagnosticLocationCase) async throws {
        try await check(c)
    }

    @Test(arguments: validations)
    func failedValidationsPointAtTheValue(_ c: DiagnosticLocationCase) async throws {
        try await check(c)
    }

    @Test(arguments: functionsAndOperators)
    func evaluationErrorsPointAtTheOperand(_ c: DiagnosticLocationCase) async throws {
        try await check(c)
    }

    @Test(arguments: modulesAndFiles)
    func unreadableSourcesPointAtTheSource(_ c: DiagnosticLocationCase) async throws {
        try await check(c)
    }

    /// Invalid UTF-8 cannot be written as a Swift string, so this case writes bytes.
    @Test func invalidUTF8PointsAtTheFirstBadByte() async throws {
        let directory = try CaseDirectory([:])
        let bytes = Array("locals {\n  a = \"é".utf8) + [0xFF] + Array("\"\n}\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: directory.path + "/main.tf"))
        let (diagnostics, sources) = await directory.validate()
        let c = DiagnosticLocationCase(
            "invalid UTF-8", files: [:], summary: "Invalid UTF-8", detail: "main.tf contains bytes that are not valid UTF-8 (at byte 18)",
            at: .init(line: 2, column: 9))
        try expectDiagnostic(c, in: diagnostics, sources: sources)
    }
}
