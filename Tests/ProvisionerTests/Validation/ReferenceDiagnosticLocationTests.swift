import Testing

/// `prov validate` on references that cannot work: undeclared names (with "Did you mean"),
/// attributes a resource does not have, cycles, `count` / `each` / `self` where they do not
/// exist, and blocks that refer to themselves. Each points at the reference as written.
@Suite struct ReferenceDiagnosticLocationTests {
    static let undeclared: [DiagnosticLocationCase] = [
        .init("undeclared variable suggests the declared one", """
            variable "name" {
              default = "n"
            }
            resource "fake_thing" "a" {
              name = var.nmae
            }
            """, summary: "Reference to undeclared input variable", detail: "Did you mean \"name\"?", at: .init(line: 5, column: 10, covering: "var.nmae")),
        .init("undeclared local suggests the declared one", """
            locals {
              prefix = "p"
            }
            output "o" {
              value = local.prefx
            }
            """, summary: "Reference to undeclared local value", detail: "Did you mean \"prefix\"?", at: .init(line: 5, column: 11, covering: "local.prefx")),
        .init("undeclared resource name suggests the declared one", """
            resource "fake_thing" "parent" {
              name = "p"
            }
            resource "fake_thing" "child" {
              name = fake_thing.paretn.id
            }
            """, summary: "Reference to undeclared resource", detail: "Did you mean \"parent\"?", at: .init(line: 5, column: 10, covering: "fake_thing.paretn")),
        .init("misspelt resource type suggests the declared resource", """
            resource "fake_thing" "parent" {
              name = "p"
            }
            resource "fake_thing" "child" {
              name = fake_thng.parent.id
            }
            """, summary: "Reference to undeclared resource", detail: "Did you mean \"fake_thing.parent\"?", at: .init(line: 5, column: 10, covering: "fake_thng.parent")),
        .init("undeclared data source suggests the declared one", """
            data "fake_lookup" "image" {
              name = "i"
            }
            resource "fake_thing" "a" {
              name = data.fake_lookup.imgae.result
            }
            """, summary: "Reference to undeclared resource", detail: "Did you mean \"image\"?", at: .init(line: 5, column: 10, covering: "data.fake_lookup.imgae")),
        .init("undeclared module suggests the declared one", files: [
            "main.tf": """
                module "network" {
                  source = "./network"
                }
                output "o" {
                  value = module.netwrk.id
                }
                """,
            "network/outputs.tf": """
                output "id" {
                  value = "n"
                }
                """,
        ], summary: "Reference to undeclared module", detail: "Did you mean \"network\"?", at: .init(line: 5, column: 11, covering: "module.netwrk")),
        .init("undeclared module output suggests the declared one", files: [
            "main.tf": """
                module "network" {
                  source = "./network"
                }
                output "o" {
                  value = module.network.idd
                }
                """,
            "network/outputs.tf": """
                output "id" {
                  value = "n"
                }
                """,
        ], summary: "Unsupported attribute", detail: "Did you mean \"id\"?", at: .init(line: 5, column: 25, covering: ".idd")),
        .init("attribute a resource does not have suggests its attribute", """
            resource "fake_thing" "x" {
              name = "x"
            }
            output "o" {
              value = fake_thing.x.nmae
            }
            """, summary: "Unsupported attribute", detail: "Did you mean \"name\"?", at: .init(line: 5, column: 23, covering: ".nmae")),
    ]

    static let cycles: [DiagnosticLocationCase] = [
        .init("two locals", """
            locals {
              a = local.b
              b = local.a
            }
            """, summary: "Cycle: local.a, local.b", detail: "local.a → local.b → local.a", at: .init(line: 2, column: 7, covering: "local.b")),
        .init("a resource and a local", """
            locals {
              name = fake_thing.a.id
            }
            resource "fake_thing" "a" {
              name = local.name
            }
            """, summary: "Cycle: local.name, fake_thing.a", detail: "local.name → fake_thing.a → local.name", at: .init(line: 2, column: 10, covering: "fake_thing.a")),
        .init("three locals", """
            locals {
              a = local.b
              b = local.c
              c = "${local.a}-c"
            }
            """, summary: "Cycle: local.a, local.b, local.c", detail: "local.a → local.b → local.c → local.a", at: .init(line: 2, column: 7, covering: "local.b")),
        .init("two resources in two files", files: [
            "a.tf": """
                resource "fake_thing" "a" {
                  name = fake_thing.b.id
                }
                """,
            "b.tf": """
                resource "fake_thing" "b" {
                  name = fake_thing.a.id
                }
                """,
        ], summary: "Cycle: fake_thing.a, fake_thing.b", detail: "fake_thing.a → fake_thing.b → fake_thing.a", at: .init("a.tf", line: 2, column: 10, covering: "fake_thing.b")),
        // One step of this cycle, from the child's variable back to the call, is implied by the
        // module call rather than written as a reference; the diagnostic points at a written one.
        .init("a module's input from its own output", files: [
            "main.tf": """
                module "m" {
                  source = "./m"
                  x      = module.m.out
                }
                """,
            "m/main.tf": """
                variable "x" {
                }
                output "out" {
                  value = var.x
                }
                """,
        ], summary: "Cycle: module.m, module.m.output.out, module.m.var.x", detail: "module.m → module.m.output.out → module.m.var.x → module.m", at: .init(line: 3, column: 12, covering: "module.m")),
    ]

    static let misplacedObjects: [DiagnosticLocationCase] = [
        .init("count.index in a resource without count", """
            resource "fake_thing" "a" {
              name = "a-${count.index}"
            }
            """, summary: "Reference to \"count\" in non-counted context", detail: "only when the \"count\" argument is set", at: .init(line: 2, column: 15, covering: "count.index")),
        .init("count.index in an output", """
            output "o" {
              value = count.index
            }
            """, summary: "Reference to \"count\" in non-counted context", detail: "only when the \"count\" argument is set", at: .init(line: 2, column: 11, covering: "count.index")),
        .init("count.index in the count argument itself", """
            resource "fake_thing" "a" {
              count = count.index
              name  = "a"
            }
            """, summary: "Reference to \"count\" in non-counted context", detail: "only when the \"count\" argument is set", at: .init(line: 2, column: 11, covering: "count.index")),
        .init("count attribute other than index", """
            resource "fake_thing" "a" {
              count = 2
              name  = "a-${count.indx}"
            }
            """, summary: "Invalid \"count\" attribute", detail: "The only supported attribute is count.index", at: .init(line: 3, column: 16, covering: "count.indx")),
        .init("each.key in a local", """
            locals {
              k = each.key
            }
            """, summary: "Reference to \"each\" in context without for_each", detail: "only when the \"for_each\" argument is set", at: .init(line: 2, column: 7, covering: "each.key")),
        .init("each.value in a counted resource", """
            resource "fake_thing" "a" {
              count = 2
              name  = each.value
            }
            """, summary: "Reference to \"each\" in context without for_each", detail: "only when the \"for_each\" argument is set", at: .init(line: 3, column: 11, covering: "each.value")),
        .init("self in a resource argument", """
            resource "fake_thing" "a" {
              name = self.id
            }
            """, summary: "Invalid \"self\" reference", detail: "only in a resource's postcondition blocks", at: .init(line: 2, column: 10, covering: "self")),
        .init("self in a precondition", """
            resource "fake_thing" "a" {
              name = "a"
              lifecycle {
                precondition {
                  condition     = self.name != ""
                  error_message = "x"
                }
              }
            }
            """, summary: "Invalid \"self\" reference", detail: "only in a resource's postcondition blocks", at: .init(line: 5, column: 23, covering: "self")),
        .init("self in an output", """
            output "o" {
              value = self
            }
            """, summary: "Invalid \"self\" reference", detail: "only in a resource's postcondition blocks", at: .init(line: 2, column: 11, covering: "self")),
        .init("resource referring to itself", """
            resource "fake_thing" "a" {
              name = fake_thing.a.arn
            }
            """, summary: "Self-referential block", detail: "fake_thing.a may not refer to itself", at: .init(line: 2, column: 10, covering: "fake_thing.a")),
        .init("local referring to itself", """
            locals {
              a = "${local.a}-again"
            }
            """, summary: "Self-referencing local value", detail: "local.a cannot use its own result", at: .init(line: 2, column: 10, covering: "local.a")),
        .init("variable validation referring to another variable", """
            variable "low" {
            }
            variable "high" {
              validation {
                condition     = var.high > var.low
                error_message = "x"
              }
            }
            """, summary: "Invalid reference in variable validation", detail: "can only refer to the variable itself", at: .init(line: 5, column: 32, covering: "var.low")),
    ]

    @Test(arguments: undeclared)
    func undeclaredNamesPointAtTheReference(_ c: DiagnosticLocationCase) async throws {
        try await check(c)
    }

    @Test(arguments: cycles)
    func cyclesNameEveryAddressAndPointAtTheFirstReference(_ c: DiagnosticLocationCase) async throws {
        try await check(c)
    }

    @Test(arguments: misplacedObjects)
    func misplacedReferencesPointAtTheReference(_ c: DiagnosticLocationCase) async throws {
        try await check(c)
    }
}
