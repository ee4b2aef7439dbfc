import Foundation
import Testing
import TestSupport

/// Bad input gets a clear message that says what is wrong and where, never a crash.
@Suite struct CommandLineErrorTests {
    @Test func aDirectoryWithoutConfigurationIsExplained() throws {
        let prov = ProvProcess(directory: try ProvProcess.workspace())
        let result = try prov.run("plan")
        #expect(result.status == 1)
        #expect(result.stderr.contains("No configuration files"))
    }

    @Test func syntaxErrorsShowFileLineAndColumn() throws {
        let prov = ProvProcess(directory: try ProvProcess.workspace(files: ["main.tf": """
            resource "aws_vpc" "main" {
              cidr_block = "10.0.0.0/16
              tags = { Name = "x" }
            }
            """]))
        let result = try prov.run("validate")
        #expect(result.status == 1)
        #expect(result.stderr.contains("Error: Unterminated template string"))
        #expect(result.stderr.contains("on main.tf line 2, column 16"))
        #expect(result.stderr.contains("2:   cidr_block = \"10.0.0.0/16"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func unknownResourceTypesAndArgumentsSuggestTheRightName() throws {
        let prov = ProvProcess(directory: try ProvProcess.workspace(files: ["main.tf": """
            resource "aws_vpcc" "main" {
              cidr_block = "10.0.0.0/16"
            }
            resource "aws_subnet" "a" {
              vpc_id    = "vpc-1"
              cidr_blok = "10.0.1.0/24"
            }
            """]))
        let result = try prov.run("validate")
        #expect(result.status == 1)
        #expect(result.stderr.contains("Invalid resource type"))
        #expect(result.stderr.contains("Did you mean \"aws_vpc\"?"))
        #expect(result.messages.contains("An argument named \"cidr_blok\" is not expected here. Did you mean \"cidr_block\"?"))
        #expect(result.stderr.contains("on main.tf line 6, column 3"))
    }

    @Test func validateJSONHasTerraformsShape() throws {
        let prov = ProvProcess(directory: try ProvProcess.workspace(files: ["main.tf": "variable \"x\" {\n  tpye = string\n}\n"]))
        let result = try prov.run("validate", "-json")
        #expect(result.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(document["valid"] as? Bool == false)
        #expect(document["error_count"] as? Int == 1)
        let diagnostic = try #require((document["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["severity"] as? String == "error")
        let range = try #require(diagnostic["range"] as? [String: Any])
        #expect(range["filename"] as? String == "main.tf")
        #expect((range["start"] as? [String: Any])?["line"] as? Int == 2)
        #expect((range["start"] as? [String: Any])?["column"] as? Int == 3)
    }

    @Test func anEmulatorThatIsNotRunningIsSaidPlainly() throws {
        let closedPort = 1  // nothing listens on port 1 of loopback
        let prov = ProvProcess(
            directory: try ProvProcess.workspace(example: "quickstart"),
            environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:\(closedPort)", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"])
        let result = try prov.run("apply", "-auto-approve")
        #expect(result.status == 1)
        #expect(result.messages.contains("connection refused"), "\(result.output)")
        #expect(result.stderr.contains("127.0.0.1:\(closedPort)"))
        #expect(!result.output.contains("y\""), "no secret in the output")
    }

    @Test func applyWithoutATerminalRefusesWithoutAutoApprove() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let prov = ProvProcess(directory: try ProvProcess.workspace(files: ["main.tf": """
            provider "aws" {
              region = "eu-west-1"
            }
            resource "aws_vpc" "main" {
              cidr_block = "10.42.0.0/16"
            }
            """]), environment: server.environment)
        let result = try prov.run("apply")
        #expect(result.status == 1)
        #expect(result.stderr.contains("-auto-approve"))
        #expect(!result.stdout.contains("Creating..."))
    }

    @Test func outputOfAMissingNameIsAnError() throws {
        let prov = ProvProcess(directory: try ProvProcess.workspace(files: ["main.tf": "output \"a\" {\n  value = 1\n}\n"]))
        let apply = try prov.run("apply", "-auto-approve")
        #expect(apply.status == 0, "\(apply.output)")
        #expect(try prov.run("output", "a").stdout == "1\n")
        let missing = try prov.run("output", "b")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Output \"b\" not found"))
    }
}
