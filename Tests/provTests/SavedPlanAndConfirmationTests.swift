import Foundation
import Testing
import TestSupport

/// Saved plans, confirmation on a terminal, and missing files.
@Suite struct SavedPlanAndConfirmationTests {
    static func configuration(cidr: String) -> [String: String] {
        ["main.tf": """
            provider "aws" {
              region = "eu-west-1"
            }
            variable "name" {
              type = string
            }
            resource "aws_vpc" "main" {
              cidr_block = "\(cidr)"
              tags       = { Name = var.name }
            }
            output "name" {
              value = aws_vpc.main.tags["Name"]
            }
            """]
    }

    @Test func aSavedPlanAppliesWithItsVariablesAndIsRefusedOnceStale() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let prov = ProvProcess(directory: try ProvProcess.workspace(files: Self.configuration(cidr: "10.91.0.0/16")), environment: server.environment)

        let plan = try prov.run("plan", "-var", "name=saved", "-out=tfplan")
        #expect(plan.status == 0, "\(plan.output)")
        #expect(plan.stdout.contains("prov apply \"tfplan\""))
        let attributes = try FileManager.default.attributesOfItem(atPath: prov.directory + "/tfplan")
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "plan files may hold secrets")

        // No -var now: the saved plan carries the value.
        let apply = try prov.run("apply", "tfplan")
        #expect(apply.status == 0, "\(apply.output)")
        #expect(apply.stdout.contains("Apply complete! Resources: 1 added"))
        #expect(try prov.run("output", "-raw", "name").stdout == "saved")

        // The same saved plan again: the state has moved on since it was made.
        let again = try prov.run("apply", "tfplan")
        #expect(again.status == 1)
        #expect(again.stderr.contains("Saved plan is stale"))
        #expect(try prov.run("destroy", "-auto-approve", "-var", "name=saved").status == 0)
    }

    @Test func aSavedPlanIsRefusedWhenTheConfigurationChanged() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let directory = try ProvProcess.workspace(files: Self.configuration(cidr: "10.92.0.0/16"))
        let prov = ProvProcess(directory: directory, environment: server.environment)
        #expect(try prov.run("plan", "-var=name=x", "-out", "tfplan").status == 0)
        try Self.configuration(cidr: "10.93.0.0/16")["main.tf"]!.write(toFile: directory + "/main.tf", atomically: true, encoding: .utf8)
        let apply = try prov.run("apply", "tfplan")
        #expect(apply.status == 1)
        #expect(apply.messages.contains("the configuration files have changed since the plan was made"))
    }

    @Test func applyAsksForYesOnATerminal() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let prov = ProvProcess(directory: try ProvProcess.workspace(files: Self.configuration(cidr: "10.94.0.0/16")), environment: server.environment)
        // `script` gives prov a pseudo-terminal and passes our input to it.
        let declined = try prov.runOnTerminal("\(ProvProcess.executable) apply -var name=t", input: "no\n")
        #expect(declined.contains("Do you want to perform these actions?"))
        #expect(declined.contains("Apply cancelled."))
        #expect(!declined.contains("Creating..."))

        let accepted = try prov.runOnTerminal("\(ProvProcess.executable) apply -var name=t", input: "yes\n")
        #expect(accepted.contains("Apply complete! Resources: 1 added"), "\(accepted)")
        let destroy = try prov.runOnTerminal("\(ProvProcess.executable) destroy -var name=t", input: "yes\n")
        #expect(destroy.contains("Do you really want to destroy all resources?"))
        #expect(destroy.contains("Destroy complete! Resources: 1 destroyed."))
    }

    @Test func missingFilesAreNamed() throws {
        let prov = ProvProcess(directory: try ProvProcess.workspace(files: Self.configuration(cidr: "10.95.0.0/16")))
        let plan = try prov.run("apply", "no-such.tfplan")
        #expect(plan.status == 1)
        #expect(plan.messages.contains("no-such.tfplan does not exist or cannot be read"))
        let variables = try prov.run("plan", "-var-file=missing.tfvars")
        #expect(variables.status == 1)
        #expect(variables.messages.contains("missing.tfvars does not exist or cannot be read"))
        let unset = try prov.run("validate")
        #expect(unset.status == 0, "validate needs no variable values: \(unset.output)")
        let noValue = try prov.run("plan")
        #expect(noValue.status == 1)
        #expect(noValue.stderr.contains("No value for required variable"))
        #expect(noValue.stderr.contains("on main.tf line 4, column 1"))
    }
}

extension ProvProcess {
    /// Runs a shell command line on a pseudo-terminal (through util-linux's `script`), feeding
    /// it `input`; returns everything it printed.
    func runOnTerminal(_ commandLine: String, input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", commandLine, "/dev/null"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? stdin.fileHandleForWriting.close()
        return String(decoding: output, as: UTF8.self)
    }
}
