import Testing

/// `prov validate` on declarations with one mistake each: unknown block types and arguments,
/// missing required arguments, values of the wrong type, bad labels and duplicates. Every case
/// checks the file, line and column the diagnostic points at and the text it underlines.
@Suite struct DiagnosticLocationTests {
    static let unknownBlocksAndArguments: [DiagnosticLocationCase] = [
        .init("unknown top-level block type suggests resource", """
            resouce "fake_thing" "a" {
              name = "a"
            }
            """, summary: "Unsupported block type", detail: "Did you mean \"resource\"?", at: .init(line: 1, column: 1, covering: "resouce")),
        .init("unknown block type in a resource suggests its nested block", """
            resource "fake_thing" "a" {
              name = "a"
              rulle {
                port = 80
              }
            }
            """, summary: "Unsupported block type", detail: "Did you mean \"rule\"?", at: .init(line: 3, column: 3, covering: "rulle")),
        .init("unknown block type in a variable suggests validation", """
            variable "v" {
              validaton {
                condition     = true
                error_message = "x"
              }
            }
            """, summary: "Unsupported block type", detail: "Did you mean \"validation\"?", at: .init(line: 2, column: 3, covering: "validaton")),
        .init("unknown block type in a lifecycle suggests precondition", """
            resource "fake_thing" "a" {
              name = "a"
              lifecycle {
                precondtion {
                  condition     = true
                  error_message = "x"
                }
              }
            }
            """, summary: "Unsupported block type", detail: "Did you mean \"precondition\"?", at: .init(line: 4, column: 5, covering: "precondtion")),
        .init("block inside locals", """
            locals {
              a = 1
              nested {
              }
            }
            """, summary: "Unsupported block type", detail: "holds only arguments", at: .init(line: 3, column: 3, covering: "nested")),
        .init("argument at the top level", """
            name = "a"
            """, summary: "Unsupported argument", detail: "Arguments belong inside blocks", at: .init(line: 1, column: 1, covering: "name")),
        .init("unknown resource argument suggests size", """
            resource "fake_thing" "a" {
              name = "a"
              sise = 2
            }
            """, summary: "Unsupported argument", detail: "Did you mean \"size\"?", at: .init(line: 3, column: 3, covering: "sise")),
        .init("unknown argument in a nested block suggests cidr", """
            resource "fake_thing" "a" {
              name = "a"
              rule {
                port = 80
                cdir = "10.0.0.0/8"
              }
            }
            """, summary: "Unsupported argument", detail: "Did you mean \"cidr\"?", at: .init(line: 5, column: 5, covering: "cdir")),
        .init("unknown variable argument suggests type", """
            variable "v" {
              tpye = string
            }
            """, summary: "Unsupported argument", detail: "Did you mean \"type\"?", at: .init(line: 2, column: 3, covering: "tpye")),
        .init("unknown output argument suggests description", """
            output "o" {
              value      = 1
              descripton = "x"
            }
            """, summary: "Unsupported argument", detail: "Did you mean \"description\"?", at: .init(line: 3, column: 3, covering: "descripton")),
        .init("unknown provider argument suggests region", """
            provider "fake" {
              regon = "eu"
            }
            """, summary: "Unsupported argument", detail: "Did you mean \"region\"?", at: .init(line: 2, column: 3, covering: "regon")),
        .init("unknown lifecycle argument suggests create_before_destroy", """
            resource "fake_thing" "a" {
              name = "a"
              lifecycle {
                create_before_destory = true
              }
            }
            """, summary: "Unsupported argument", detail: "Did you mean \"create_before_destroy\"?", at: .init(line: 4, column: 5, covering: "create_before_destory")),
        .init("unknown module input suggests the child's variable", files: [
            "main.tf": """
                module "net" {
                  source = "./net"
                  nmae   = "x"
                }
                """,
            "net/main.tf": """
                variable "name" {
                  default = "n"
                }
                """,
        ], summary: "Unsupported argument", detail: "Did you mean \"name\"?", at: .init(line: 3, column: 3, covering: "nmae")),
        .init("unknown resource type suggests the provider's type", """
            resource "fake_thng" "a" {
              name = "a"
            }
            """, summary: "Invalid resource type", detail: "Did you mean \"fake_thing\"?", at: .init(line: 1, column: 1, covering: "resource \"fake_thng\" \"a\"")),
        .init("unknown data source suggests the provider's data source", """
            data "fake_lookp" "a" {
              name = "a"
            }
            """, summary: "Invalid data source", detail: "Did you mean \"fake_lookup\"?", at: .init(line: 1, column: 1, covering: "data \"fake_lookp\" \"a\"")),
    ]

    static let missingArguments: [DiagnosticLocationCase] = [
        .init("resource without a required argument", """
            resource "fake_thing" "a" {
              size = 1
            }
            """, summary: "Missing required argument", detail: "The argument \"name\" is required", at: .init(line: 1, column: 1, covering: "resource \"fake_thing\" \"a\"")),
        .init("data source without a required argument", """
            data "fake_lookup" "a" {
            }
            """, summary: "Missing required argument", detail: "The argument \"name\" is required", at: .init(line: 1, column: 1, covering: "data \"fake_lookup\" \"a\"")),
        .init("nested block without a required argument", """
            resource "fake_thing" "a" {
              name = "a"
              rule {
                cidr = "10.0.0.0/8"
              }
            }
            """, summary: "Missing required argument", detail: "The argument \"port\" is required", at: .init(line: 3, column: 3, covering: "rule")),
        .init("output without a value", """
            output "o" {
              description = "x"
            }
            """, summary: "Missing required argument", detail: "The argument \"value\" is required", at: .init(line: 1, column: 1, covering: "output \"o\"")),
        .init("module call without a source", """
            module "m" {
              x = 1
            }
            """, summary: "Missing required argument", detail: "The argument \"source\" is required", at: .init(line: 1, column: 1, covering: "module \"m\"")),
        .init("validation without an error message", """
            variable "v" {
              validation {
                condition = true
              }
            }
            """, summary: "Missing required argument", detail: "The argument \"error_message\" is required", at: .init(line: 2, column: 3, covering: "validation")),
        .init("module call without an input the child requires", files: [
            "main.tf": """
                module "net" {
                  source = "./net"
                }
                """,
            "net/main.tf": """
                variable "cidr" {
                  type = string
                }
                """,
        ], summary: "Missing required argument", detail: "The argument \"cidr\" is required", at: .init(line: 1, column: 1, covering: "module \"net\"")),
    ]

    static let wrongTypes: [DiagnosticLocationCase] = [
        .init("string for a number attribute", """
            resource "fake_thing" "a" {
              name = "a"
              size = "big"
            }
            """, summary: "Incorrect attribute value type", detail: "Inappropriate value for attribute \"size\"", at: .init(line: 3, column: 10, covering: "\"big\"")),
        .init("list for a map attribute", """
            resource "fake_thing" "a" {
              name = "a"
              tags = ["x"]
            }
            """, summary: "Incorrect attribute value type", detail: "Inappropriate value for attribute \"tags\"", at: .init(line: 3, column: 10, covering: "[\"x\"]")),
        .init("wrong type inside a nested block", """
            resource "fake_thing" "a" {
              name = "a"
              rule {
                port = "http"
              }
            }
            """, summary: "Incorrect attribute value type", detail: "Inappropriate value for attribute \"port\"", at: .init(line: 4, column: 12, covering: "\"http\"")),
        .init("variable default that does not match its type", """
            variable "instances" {
              type    = number
              default = "many"
            }
            """, summary: "Invalid default value for variable", detail: "not compatible with the variable's type constraint", at: .init(line: 3, column: 13, covering: "\"many\"")),
        .init("variable default missing an object attribute", """
            variable "settings" {
              type    = object({ name = string })
              default = {}
            }
            """, summary: "Invalid default value for variable", detail: "attribute \"name\" is required", at: .init(line: 3, column: 13, covering: "{}")),
        .init("misspelt type keyword", """
            variable "v" {
              type = strng
            }
            """, summary: "Invalid type specification", detail: "The keyword \"strng\" is not a valid type specification", at: .init(line: 2, column: 10, covering: "strng")),
        .init("non-bool sensitive flag", """
            variable "v" {
              sensitive = "maybe"
            }
            """, summary: "Incorrect value type", detail: "Invalid value for the sensitive flag", at: .init(line: 2, column: 15, covering: "\"maybe\"")),
        .init("module input of the wrong type", files: [
            "main.tf": """
                module "net" {
                  source = "./net"
                  size   = "big"
                }
                """,
            "net/main.tf": """
                variable "size" {
                  type = number
                }
                """,
        ], summary: "Invalid value for input variable", detail: "The given value is not suitable for var.size", at: .init(line: 3, column: 12, covering: "\"big\"")),
    ]

    static let labels: [DiagnosticLocationCase] = [
        .init("resource name with a space", """
            resource "fake_thing" "my thing" {
              name = "a"
            }
            """, summary: "Invalid resource name", detail: "A name must start with a letter or underscore", at: .init(line: 1, column: 23, covering: "\"my thing\"")),
        .init("resource without a name label", """
            resource "fake_thing" {
              name = "a"
            }
            """, summary: "Missing name for resource", detail: "All resource blocks must have 2 labels", at: .init(line: 1, column: 1, covering: "resource \"fake_thing\"")),
        .init("variable with two labels", """
            variable "a" "b" {
            }
            """, summary: "Extraneous label for variable", detail: "Only 1 label (name) is expected", at: .init(line: 1, column: 14, covering: "\"b\"")),
        .init("interpolation in a label", """
            resource "fake_${x}" "a" {
              name = "a"
            }
            """, summary: "Invalid block label", detail: "template sequences are not allowed", at: .init(line: 1, column: 16, covering: "${")),
        .init("label on a nested block", """
            resource "fake_thing" "a" {
              name = "a"
              rule "web" {
                port = 80
              }
            }
            """, summary: "Extraneous label for rule", detail: "No labels are expected for rule blocks", at: .init(line: 3, column: 8, covering: "\"web\"")),
        .init("reserved variable name", """
            variable "count" {
            }
            """, summary: "Invalid variable name", detail: "is reserved", at: .init(line: 1, column: 10, covering: "\"count\"")),
    ]

    static let duplicates: [DiagnosticLocationCase] = [
        .init("resource declared in two files", files: [
            "a.tf": "resource \"fake_thing\" \"a\" {\n  name = \"a\"\n}\n",
            "b.tf": "\n\nresource \"fake_thing\" \"a\" {\n  name = \"b\"\n}\n",
        ], summary: "Duplicate resource \"fake_thing\" configuration", detail: "was already declared at a.tf:1", at: .init("b.tf", line: 3, column: 1, covering: "resource \"fake_thing\" \"a\"")),
        .init("data source declared twice", """
            data "fake_lookup" "a" {
              name = "a"
            }
            data "fake_lookup" "a" {
              name = "b"
            }
            """, summary: "Duplicate data \"fake_lookup\" configuration", detail: "was already declared at main.tf:1", at: .init(line: 4, column: 1, covering: "data \"fake_lookup\" \"a\"")),
        .init("variable declared twice", """
            variable "v" {
            }
            variable "v" {
            }
            """, summary: "Duplicate variable declaration", detail: "was already declared at main.tf:1", at: .init(line: 3, column: 1, covering: "variable \"v\"")),
        .init("output defined twice", """
            output "o" {
              value = 1
            }
            output "o" {
              value = 2
            }
            """, summary: "Duplicate output definition", detail: "was already defined at main.tf:1", at: .init(line: 4, column: 1, covering: "output \"o\"")),
        .init("local defined in two locals blocks", """
            locals {
              a = 1
            }
            locals {
              a = 2
            }
            """, summary: "Duplicate local value definition", detail: "was already defined at main.tf:2", at: .init(line: 5, column: 3, covering: "a")),
        .init("default provider configured twice", """
            provider "fake" {
            }
            provider "fake" {
            }
            """, summary: "Duplicate provider configuration", detail: "was already given at main.tf:1", at: .init(line: 3, column: 1, covering: "provider \"fake\"")),
        .init("module called twice with one name", files: [
            "main.tf": """
                module "m" {
                  source = "./m"
                }
                module "m" {
                  source = "./m"
                }
                """,
            "m/main.tf": "",
        ], summary: "Duplicate module call", detail: "was already defined at main.tf:1", at: .init(line: 4, column: 1, covering: "module \"m\"")),
        .init("argument set twice", """
            resource "fake_thing" "a" {
              name = "a"
              name = "b"
            }
            """, summary: "Attribute redefined", detail: "was already set at main.tf:2,3", at: .init(line: 3, column: 3, covering: "name")),
        .init("two lifecycle blocks", """
            resource "fake_thing" "a" {
              name = "a"
              lifecycle {
              }
              lifecycle {
              }
            }
            """, summary: "Duplicate lifecycle block", detail: "Only one lifecycle block", at: .init(line: 5, column: 3, covering: "lifecycle")),
        .init("count and for_each together", """
            resource "fake_thing" "a" {
              count    = 2
              for_each = toset(["x"])
              name     = "a"
            }
            """, summary: "Invalid combination of \"count\" and \"for_each\"", detail: "mutually-exclusive", at: .init(line: 1, column: 1, covering: "resource \"fake_thing\" \"a\"")),
    ]

    @Test(arguments: unknownBlocksAndArguments)
    func unknownNamesPointAtTheName(_ c: DiagnosticLocationCase) async throws {
        try await check(c)
    }

    @Test(arguments: missingArguments)
    func missingArgumentsPointAtTheBlock(_ c: DiagnosticLocationCase) async throws {
        try await check(c)
    }

    @Test(arguments: wrongTypes)
    func wrongTypesPointAtTheValue(_ c: DiagnosticLocationCase) async throws {
        try await check(c)
    }

    @Test(arguments: labels)
    func badLabelsPointAtTheLabel(_ c: DiagnosticLocationCase) async throws {
        try await check(c)
    }

    @Test(arguments: duplicates)
    func duplicatesPointAtTheSecondDefinition(_ c: DiagnosticLocationCase) async throws {
        try await check(c)
    }
}
