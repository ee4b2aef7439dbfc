import Provisioner
import Testing

/// Mistakes only a plan can find, because `validate` treats every variable and resource value
/// as unknown: outputs exposing sensitive values, `count` and `for_each` that depend on values
/// known only after apply, and root variables failing their validation rules.
@Suite struct PlanDiagnosticLocationTests {
    struct PlanCase: CustomTestStringConvertible, Sendable {
        let expectation: DiagnosticLocationCase
        let variables: [String]
        var testDescription: String { expectation.name }

        init(_ expectation: DiagnosticLocationCase, variables: [String] = []) {
            self.expectation = expectation
            self.variables = variables
        }
    }

    static let sizeValidation = """
        variable "size" {
          type    = number
          default = 0
          validation {
            condition     = var.size > 0
            error_message = "The size must be positive."
          }
        }
        """

    static let cases: [PlanCase] = [
        .init(.init("output of a sensitive variable without sensitive = true", """
            variable "password" {
              default   = "hunter2"
              sensitive = true
            }
            output "password" {
              value = var.password
            }
            """, summary: "Output refers to sensitive values", detail: "sensitive = true", at: .init(line: 5, column: 1, covering: "output \"password\""))),
        .init(.init("output of a sensitive resource attribute without sensitive = true", """
            resource "fake_thing" "a" {
              name   = "a"
              secret = "s"
            }
            output "secret" {
              value = { name = fake_thing.a.name, secret = fake_thing.a.secret }
            }
            """, summary: "Output refers to sensitive values", detail: "sensitive = true", at: .init(line: 5, column: 1, covering: "output \"secret\""))),
        .init(.init("count known only after apply", """
            resource "fake_thing" "a" {
              name = "a"
            }
            resource "fake_thing" "b" {
              count = length(fake_thing.a.arn)
              name  = "b"
            }
            """, summary: "Invalid count argument", detail: "cannot be determined until apply", at: .init(line: 5, column: 11, covering: "length(fake_thing.a.arn)"))),
        .init(.init("for_each keys known only after apply", """
            resource "fake_thing" "a" {
              name = "a"
            }
            resource "fake_thing" "b" {
              for_each = toset([fake_thing.a.arn])
              name     = each.key
            }
            """, summary: "Invalid for_each argument", detail: "cannot be determined until apply", at: .init(line: 5, column: 14, covering: "toset([fake_thing.a.arn])"))),
        .init(.init("root variable default failing its validation", sizeValidation,
            summary: "Invalid value for variable", detail: "The size must be positive.\n\nThis was checked by the validation rule at main.tf:4,3.",
            at: .init(line: 1, column: 1, covering: "variable \"size\""))),
        .init(.init("root variable from -var failing its validation", sizeValidation,
            summary: "Invalid value for variable", detail: "The size must be positive.",
            at: .init(line: 1, column: 1, covering: "variable \"size\"")), variables: ["size=-3"]),
    ]

    @Test(arguments: cases)
    func planningErrorsPointAtTheirCause(_ c: PlanCase) async throws {
        let directory = try CaseDirectory(c.expectation.files)
        let session = try await directory.harness.session()
        defer { session.close() }
        let result = await session.plan(PlanOptions(directory: directory.path, variables: c.variables.map { .assignment($0) }))
        try expectDiagnostic(c.expectation, in: result.diagnostics, sources: result.sources)
    }
}
