import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

@Suite struct InputVariablesTests {
    static let declarations = """
    variable "name" {
      type = string
    }
    variable "sizes" {
      type    = map(number)
      default = { small = 1 }
    }
    variable "tags" {
      type = object({ owner = string, team = optional(string, "core") })
      default = { owner = "nobody" }
    }
    variable "secret" {
      type      = string
      default   = "s3cr3t"
      sensitive = true
    }
    """

    func resolve(files: [String: String], commandLine: [CommandLineVariable] = [], environment: [String: String] = [:]) throws -> ([String: Value], Diagnostics) {
        let harness = try EngineHarness()
        try harness.write(Self.declarations)
        for (name, text) in files { try harness.write(text, to: name) }
        let (configuration, _) = ConfigurationLoader.load(directory: harness.directory)
        let variables = configuration.module.variables
        let (raw, collected) = InputVariables.collect(directory: harness.directory, commandLine: commandLine, environment: environment, declared: Set(variables.keys))
        let (values, resolvedDiagnostics) = InputVariables.resolve(declarations: variables, raw: raw, functions: FunctionLibrary.standard())
        var diagnostics = collected
        diagnostics.append(contentsOf: resolvedDiagnostics)
        return (values, diagnostics)
    }

    @Test func laterSourcesWinInTerraformsOrder() throws {
        let files = [
            "terraform.tfvars": "name = \"from-tfvars\"\n",
            "terraform.tfvars.json": "{\"name\": \"from-tfvars-json\"}",
            "b.auto.tfvars": "name = \"from-b-auto\"\n",
            "a.auto.tfvars.json": "{\"name\": \"from-a-auto-json\", \"sizes\": {\"large\": 3}}",
        ]
        let (fromFiles, _) = try resolve(files: files, environment: ["TF_VAR_name": "from-env"])
        #expect(fromFiles["name"] == .string("from-b-auto"), "*.auto.tfvars in lexical order come last among files")
        #expect(fromFiles["sizes"] == Value.map(["large": .number(3)], of: .number))

        let (fromCommandLine, _) = try resolve(
            files: files.merging(["extra.tfvars": "name = \"from-var-file\"\n"]) { a, _ in a },
            commandLine: [.file("extra.tfvars"), .assignment("name=from-var")], environment: ["TF_VAR_name": "from-env"])
        #expect(fromCommandLine["name"] == .string("from-var"), "-var and -var-file apply in command-line order, after every file")
        let (fileLast, _) = try resolve(
            files: files.merging(["extra.tfvars": "name = \"from-var-file\"\n"]) { a, _ in a },
            commandLine: [.assignment("name=from-var"), .file("extra.tfvars")])
        #expect(fileLast["name"] == .string("from-var-file"))

        let (environmentOnly, _) = try resolve(files: [:], environment: ["TF_VAR_name": "from-env", "TF_VAR_sizes": "{ big = 9 }"])
        #expect(environmentOnly["name"] == .string("from-env"))
        #expect(environmentOnly["sizes"] == Value.map(["big": .number(9)], of: .number), "complex types are parsed from the environment as HCL")
    }

    @Test func optionalAttributesGetTheirDefaultsAndSensitiveVariablesAreMarked() throws {
        let (values, diagnostics) = try resolve(files: ["terraform.tfvars": "name = \"x\"\ntags = { owner = \"me\" }\n"])
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(values["tags"] == .object(["owner": .string("me"), "team": .string("core")]))
        #expect(values["secret"]?.isSensitive == true)
    }

    @Test func problemsAreReported() throws {
        let (_, missing) = try resolve(files: [:])
        #expect(missing.errors.contains { $0.summary == "No value for required variable" && $0.subject?.start.line == 1 })

        let (_, undeclared) = try resolve(files: ["terraform.tfvars": "name = \"x\"\nnmae = \"y\"\n"], commandLine: [.assignment("colour=red")])
        #expect(undeclared.items.contains { $0.severity == .warning && $0.detail.contains("Did you mean \"name\"?") })
        #expect(undeclared.errors.contains { $0.summary == "Value for undeclared variable" && $0.detail.contains("colour") })

        let (_, wrongType) = try resolve(files: ["terraform.tfvars": "name = \"x\"\nsizes = { small = \"big\" }\n"])
        let error = try #require(wrongType.errors.first { $0.summary == "Invalid value for input variable" })
        #expect(error.detail.contains("a number is required"))
        #expect(error.subject?.filename == "terraform.tfvars")
        #expect(error.subject?.start.line == 2)
    }
}
