import Foundation
import Provisioner
import Testing
import TestSupport

/// Moving state between local files and S3 with `prov init -migrate-state` (every workspace,
/// lineage and serial kept), backend settings from `-backend-config`, and workspaces in S3
/// under `workspace_key_prefix`.
@Suite struct TeamStateMigrationEndToEndTests {
    /// A VPC per workspace: `cidrs.0` in default, `cidrs.1` in any other.
    static func network(_ cidrs: (String, String)) -> String {
        """
        provider "aws" {
          region = "eu-west-1"
        }
        resource "aws_vpc" "main" {
          cidr_block = terraform.workspace == "default" ? "\(cidrs.0)" : "\(cidrs.1)"
          tags = {
            Workspace = terraform.workspace
          }
        }
        """
    }

    static func metadata(_ path: String) throws -> (lineage: String, serial: Int) {
        try StateStore.open(at: path).metadata()
    }

    @Test func stateMovesFromLocalFilesToS3AndBack() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let bucket = try TeamStateBucket(server: server, prefix: "prov-team-move")
        // S3 from the environment leads nowhere (nothing listens on port 9): the backend
        // reaches the bucket only through its endpoints argument.
        let environment = server.environment.merging(["AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9"]) { _, new in new }
        let prov = ProvProcess(directory: try ProvProcess.workspace(files: ["main.tf": Self.network(("10.218.0.0/16", "10.219.0.0/16"))]), environment: environment)
        let directory = prov.directory
        #expect(try prov.run("apply", "-auto-approve").status == 0)
        #expect(try prov.run("workspace", "new", "staging").status == 0)
        #expect(try prov.run("apply", "-auto-approve").status == 0)
        #expect(FileManager.default.fileExists(atPath: directory + "/prov.state.d/staging/prov.state.db"))
        #expect(try prov.run("workspace", "select", "default").status == 0)
        let local = try Self.metadata(directory + "/prov.state.db")
        let localStaging = try Self.metadata(directory + "/prov.state.d/staging/prov.state.db")

        try """
            terraform {
              backend "s3" {
                bucket       = "\(bucket.name)"
                key          = "\(bucket.key)"
                use_lockfile = true
              }
            }
            """.write(toFile: directory + "/backend.tf", atomically: true, encoding: .utf8)
        try """
            region         = "eu-west-1"
            use_path_style = true
            endpoints = {
              s3 = "\(server.endpoint)"
            }
            """.write(toFile: directory + "/team.s3.tfbackend", atomically: true, encoding: .utf8)

        let uninitialized = try prov.run("plan")
        #expect(uninitialized.status == 1)
        #expect(uninitialized.messages.contains("Backend initialization required"))
        let unmoved = try prov.run("init", "-backend-config=team.s3.tfbackend", "-backend-config=encrypt=true")
        #expect(unmoved.status == 1)
        #expect(unmoved.messages.contains("prov init -migrate-state"), "\(unmoved.output)")
        #expect(try bucket.keys().isEmpty, "nothing moves without -migrate-state")

        let moved = try prov.run("init", "-migrate-state", "-backend-config=team.s3.tfbackend", "-backend-config=encrypt=true")
        #expect(moved.status == 0, "\(moved.output)")
        #expect(moved.stdout.contains("Moved the state of workspace \"default\" (lineage \(local.lineage), serial \(local.serial))"))
        #expect(try bucket.keys() == ["env:/staging/\(bucket.key)", bucket.key])
        #expect(try #require(try bucket.state()).metadata() == local)
        #expect(try #require(try bucket.state("env:/staging/\(bucket.key)")).metadata() == localStaging)
        #expect(try bucket.head(bucket.key)?["ServerSideEncryption"] as? String == "AES256", "-backend-config=encrypt=true")
        #expect(!FileManager.default.fileExists(atPath: directory + "/prov.state.db"), "the local file is not used any more")
        #expect(try Self.metadata(directory + "/prov.state.db-backup") == local, "but kept")
        #expect(try prov.run("plan", "-detailed-exitcode").status == 0)
        #expect(try prov.run("workspace", "select", "staging").status == 0)
        #expect(try prov.run("plan", "-detailed-exitcode").status == 0)
        #expect(try prov.run("workspace", "select", "default").status == 0)

        try FileManager.default.removeItem(atPath: directory + "/backend.tf")
        let changed = try prov.run("plan")
        #expect(changed.status == 1)
        #expect(changed.messages.contains("Backend configuration changed"))
        let back = try prov.run("init", "-migrate-state")
        #expect(back.status == 0, "\(back.output)")
        #expect(try Self.metadata(directory + "/prov.state.db") == local)
        #expect(try Self.metadata(directory + "/prov.state.d/staging/prov.state.db") == localStaging)
        #expect(!FileManager.default.fileExists(atPath: directory + "/.prov/backend.json"))
        #expect(try prov.run("plan", "-detailed-exitcode").status == 0)
        #expect(try prov.run("workspace", "list").stdout == "* default\n  staging\n\n")
    }

    @Test func workspacesInS3LiveUnderTheirPrefix() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let bucket = try TeamStateBucket(server: server, prefix: "prov-team-ws")
        let files = ["main.tf": Self.network(("10.220.0.0/16", "10.221.0.0/16")), "backend.tf": bucket.backendBlock("""
                workspace_key_prefix = "stacks"
                kms_key_id           = "arn:aws:kms:eu-west-1:123456789012:key/prov-state"
            """)]
        let prov = try TeamStateEndToEndTests.workingCopy(files, server: server)
        #expect(try prov.run("workspace", "show").stdout == "default\n")
        let created = try prov.run("workspace", "new", "staging")
        #expect(created.status == 0, "\(created.output)")
        #expect(created.stdout.contains("Created and switched to workspace \"staging\""))
        let stagingKey = "stacks/staging/\(bucket.key)"
        #expect(try bucket.keys() == [stagingKey], "a new workspace has an empty state at once")
        #expect(try prov.run("workspace", "new", "staging").messages.contains("already exists"))
        #expect(try prov.run("workspace", "list").stdout == "  default\n* staging\n\n")

        #expect(try prov.run("apply", "-auto-approve").status == 0)
        let head = try #require(try bucket.head(stagingKey))
        #expect(head["ServerSideEncryption"] as? String == "aws:kms")
        #expect(head["SSEKMSKeyId"] as? String == "arn:aws:kms:eu-west-1:123456789012:key/prov-state")
        let tagged = try bucket.vpcs(cidr: "10.221.0.0/16").filter { (($0["Tags"] as? [[String: Any]]) ?? []).contains { $0["Value"] as? String == "staging" } }
        #expect(tagged.count == 1, "terraform.workspace is the selected workspace")
        #expect(try bucket.state(stagingKey)?.snapshot().instanceAddresses.map(\.description) == ["aws_vpc.main"])

        #expect(try prov.run("workspace", "select", "default").status == 0)
        #expect(try prov.run("state", "list").stdout == "", "each workspace has its own state")
        #expect(try prov.run("workspace", "select", "prod").messages.contains("does not exist"))
        #expect(try prov.run("workspace", "delete", "default").status == 1)
        let notEmpty = try prov.run("workspace", "delete", "staging")
        #expect(notEmpty.status == 1)
        #expect(notEmpty.messages.contains("aws_vpc.main"))
        let deleted = try prov.run("workspace", "delete", "-force", "staging")
        #expect(deleted.status == 0, "\(deleted.output)")
        #expect(try bucket.keys().isEmpty)
        #expect(try prov.run("workspace", "list").stdout == "* default\n\n")
    }
}
