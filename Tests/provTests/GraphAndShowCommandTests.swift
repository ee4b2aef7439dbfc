import Foundation
import Testing
import TestSupport

/// `prov graph` and `prov show`, of the state and of saved plans, for people and as JSON.
@Suite struct GraphAndShowCommandTests {
    static func configuration(cidr: String, secretName: String, tag: String = "one") -> [String: String] {
        ["main.tf": """
            provider "aws" {
              region = "eu-west-1"
            }
            resource "aws_vpc" "main" {
              cidr_block = "\(cidr)"
              tags       = { Name = "\(tag)" }
            }
            resource "aws_subnet" "a" {
              vpc_id     = aws_vpc.main.id
              cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, 1)
            }
            resource "aws_secretsmanager_secret" "s" {
              name                    = "\(secretName)"
              recovery_window_in_days = 0
            }
            resource "aws_secretsmanager_secret_version" "v" {
              secret_id     = aws_secretsmanager_secret.s.id
              secret_string = "correct-horse-battery"
            }
            output "vpc_id" {
              value = aws_vpc.main.id
            }
            """]
    }

    static let provider = #"provider[\"registry.terraform.io/hashicorp/aws\"]"#

    @Test func graphPrintsTheConfigurationGraphWithoutStateAndTheApplyGraphAfterPlanning() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let directory = try ProvProcess.workspace(files: Self.configuration(cidr: "10.161.0.0/16", secretName: "graph-secret"))
        let prov = ProvProcess(directory: directory, environment: server.environment)

        let graph = try prov.run("graph")
        #expect(graph.status == 0, "\(graph.output)")
        #expect(graph.stdout.hasPrefix("digraph {"))
        #expect(graph.stdout.contains(#""[root] aws_subnet.a" [label = "aws_subnet.a", shape = "box"]"#))
        #expect(graph.stdout.contains(#""[root] aws_subnet.a" -> "[root] aws_vpc.main""#))
        #expect(graph.stdout.contains("\"[root] aws_vpc.main\" -> \"[root] \(Self.provider)\""))
        #expect(!FileManager.default.fileExists(atPath: directory + "/prov.state.db"), "the plan graph needs no state")

        // From elsewhere, with -chdir and double dashes.
        let elsewhere = ProvProcess(directory: NSTemporaryDirectory(), environment: server.environment)
        let chdir = try elsewhere.run("-chdir=\(directory)", "graph", "--type=plan-refresh-only")
        #expect(chdir.status == 0, "\(chdir.output)")
        #expect(chdir.stdout == graph.stdout, "the same configuration gives the same text")

        let apply = try prov.run("graph", "-type=apply")
        #expect(apply.status == 0, "\(apply.output)")
        #expect(apply.stdout.contains(#""[root] aws_secretsmanager_secret_version.v" -> "[root] aws_secretsmanager_secret.s""#))
        #expect(!apply.stdout.contains("Refreshing"), "progress stays out of the graph")

        let wrong = try prov.run("graph", "-type=sideways")
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("sideways"))
    }

    @Test func showPrintsTheStateWithSecretsHiddenAndItsJSONWithThemMarked() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let prov = ProvProcess(directory: try ProvProcess.workspace(files: Self.configuration(cidr: "10.162.0.0/16", secretName: "show-state-secret")), environment: server.environment)

        let empty = try prov.run("show", "-json")
        #expect(empty.stdout == "{\"format_version\":\"1.0\"}\n")
        #expect(try prov.run("show").stdout == "No state.\n")

        let apply = try prov.run("apply", "-auto-approve")
        #expect(apply.status == 0, "\(apply.output)")

        let human = try prov.run("show")
        #expect(human.status == 0, "\(human.output)")
        #expect(human.stdout.contains("# aws_vpc.main:\nresource \"aws_vpc\" \"main\" {\n"))
        #expect(human.stdout.contains("    cidr_block "))
        #expect(human.stdout.contains("\"Name\" = \"one\""))
        #expect(human.stdout.contains("secret_string        = (sensitive value)"))
        #expect(!human.output.contains("correct-horse-battery"), "secrets never reach human output")
        #expect(human.stdout.contains("Outputs:\n\nvpc_id = \"vpc-"))

        let json = try JSONOutput.object(try prov.run("show", "-json").stdout)
        #expect(json["format_version"] as? String == "1.0")
        let resources = try #require(json.at("values", "root_module", "resources") as? [[String: Any]])
        #expect(resources.compactMap { $0["address"] as? String } == [
            "aws_secretsmanager_secret.s", "aws_secretsmanager_secret_version.v", "aws_subnet.a", "aws_vpc.main",
        ])
        let vpc = resources[3]
        #expect(vpc["provider_name"] as? String == "registry.terraform.io/hashicorp/aws")
        #expect((vpc["values"] as? [String: Any])?["cidr_block"] as? String == "10.162.0.0/16")
        let version = resources[1]
        // The state keeps only a keyed digest of a secret from the configuration.
        #expect((version["values"] as? [String: Any])?["secret_string"] is NSNull)
        #expect((version["sensitive_values"] as? [String: Any])?["secret_string"] as? Bool == true)
        #expect((version["hashed_values"] as? [String: Any])?["secret_string"] as? Bool == true)
        #expect(json.at("values", "outputs", "vpc_id", "sensitive") as? Bool == false)
        #expect(try prov.run("destroy", "-auto-approve").status == 0)
    }

    @Test func showReadsASavedPlanBackAsPlannedForPeopleAndAsJSON() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let directory = try ProvProcess.workspace(files: Self.configuration(cidr: "10.163.0.0/16", secretName: "show-plan-secret"))
        let prov = ProvProcess(directory: directory, environment: server.environment)

        let plan = try prov.run("plan", "-out=create.tfplan")
        #expect(plan.status == 0, "\(plan.output)")
        let human = try prov.run("show", "create.tfplan")
        #expect(human.status == 0, "\(human.output)")
        #expect(human.stdout.contains("# aws_vpc.main will be created"))
        #expect(human.stdout.contains("Plan: 4 to add, 0 to change, 0 to destroy."))
        #expect(human.stdout.contains("+ secret_string        = (sensitive value)"))
        #expect(!human.output.contains("correct-horse-battery"))

        let json = try JSONOutput.object(try prov.run("show", "-json", "create.tfplan").stdout)
        #expect(json["format_version"] as? String == "1.2")
        let changes = try #require(json["resource_changes"] as? [[String: Any]])
        let vpc = try #require(changes.first { $0["address"] as? String == "aws_vpc.main" })
        #expect(vpc["mode"] as? String == "managed")
        #expect(vpc["type"] as? String == "aws_vpc")
        #expect(vpc["name"] as? String == "main")
        #expect(vpc["provider_name"] as? String == "registry.terraform.io/hashicorp/aws")
        let change = try #require(vpc["change"] as? [String: Any])
        #expect(change["actions"] as? [String] == ["create"])
        #expect(change["before"] is NSNull)
        #expect((change["after"] as? [String: Any])?["cidr_block"] as? String == "10.163.0.0/16")
        #expect((change["after_unknown"] as? [String: Any])?["id"] as? Bool == true)
        let version = try #require(changes.first { $0["address"] as? String == "aws_secretsmanager_secret_version.v" }?["change"] as? [String: Any])
        #expect((version["after_sensitive"] as? [String: Any])?["secret_string"] as? Bool == true)
        #expect(json.at("output_changes", "vpc_id", "actions") as? [String] == ["create"])
        #expect(json.at("output_changes", "vpc_id", "after_unknown") as? Bool == true)

        // Applying the saved plan still works, and a later update shows as one.
        #expect(try prov.run("apply", "create.tfplan").status == 0)
        try Self.configuration(cidr: "10.163.0.0/16", secretName: "show-plan-secret", tag: "two")["main.tf"]!.write(toFile: directory + "/main.tf", atomically: true, encoding: .utf8)
        #expect(try prov.run("plan", "-out=update.tfplan").status == 0)
        let update = try JSONOutput.object(try prov.run("show", "-json", "update.tfplan").stdout)
        let updated = (update["resource_changes"] as? [[String: Any]])?.first { $0["address"] as? String == "aws_vpc.main" }
        #expect((updated?["change"] as? [String: Any])?["actions"] as? [String] == ["update"])
        #expect(((updated?["change"] as? [String: Any])?["before"] as? [String: Any])?["tags"] as? [String: String] == ["Name": "one"])

        // A state file given as FILE is shown as a state.
        let state = try JSONOutput.object(try prov.run("show", "-json", "prov.state.db").stdout)
        #expect(state.at("values", "root_module") != nil)
        #expect(try prov.run("destroy", "-auto-approve").status == 0)
    }
}
