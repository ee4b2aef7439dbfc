import Foundation
import Testing
import TestSupport

/// aws_ecr_repository and aws_ecr_lifecycle_policy through their whole life.
@Suite struct ECRLifecycleTests {
    static let expireUntagged = """
        {"rules":[{"rulePriority":1,"description":"expire untagged","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}
        """
    /// The same policy as `expireUntagged`, written differently: keys reordered, whitespace.
    static let expireUntaggedReformatted = """
        {
          "rules": [
            {
              "action": { "type": "expire" },
              "selection": { "countNumber": 14, "countUnit": "days", "countType": "sinceImagePushed", "tagStatus": "untagged" },
              "description": "expire untagged",
              "rulePriority": 1
            }
          ]
        }
        """
    static let keepTen = """
        {"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":10},"action":{"type":"expire"}}]}
        """

    static func configuration(name: String = "prov-ecslc-app", mutability: String = "MUTABLE", scanOnPush: Bool = false, team: String = "a", policy: String = expireUntagged) -> String {
        """
        resource "aws_ecr_repository" "app" {
          name                 = "\(name)"
          image_tag_mutability = "\(mutability)"
          force_delete         = true
          image_scanning_configuration {
            scan_on_push = \(scanOnPush)
          }
          tags = { Team = "\(team)" }
        }
        resource "aws_ecr_repository" "bare" {
          name = "prov-ecslc-bare"
        }
        resource "aws_ecr_lifecycle_policy" "app" {
          repository = aws_ecr_repository.app.name
          policy     = <<-POLICY
        \(policy)
        POLICY
        }
        """
    }

    static func repository(_ lifecycle: ResourceLifecycle, _ name: String) throws -> [String: Any]? {
        (try lifecycle.oracle("ecr", "describe_repositories", ["repositoryNames": [name]]).response?["repositories"] as? [[String: Any]])?.first
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.configuration())
        try lifecycle.expectNoChanges()
        let arn = try #require(try lifecycle.attribute("aws_ecr_repository.app", "arn") as? String)
        #expect(try lifecycle.attribute("aws_ecr_repository.app", "id") as? String == "prov-ecslc-app")
        #expect(arn == "arn:aws:ecr:eu-west-1:123456789012:repository/prov-ecslc-app")
        #expect(try lifecycle.attribute("aws_ecr_repository.app", "registry_id") as? String == "123456789012")
        #expect(try lifecycle.attribute("aws_ecr_repository.app", "repository_url") as? String == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/prov-ecslc-app")
        #expect(try lifecycle.attribute("aws_ecr_lifecycle_policy.app", "registry_id") as? String == "123456789012")
        let created = try #require(try Self.repository(lifecycle, "prov-ecslc-app"))
        #expect(created["imageTagMutability"] as? String == "MUTABLE")
        #expect(try UserTags.of(lifecycle.oracle("ecr", "list_tags_for_resource", ["resourceArn": arn]).response?["tags"] as? [[String: String]]) == [["Key": "Team", "Value": "a"]])
        // The repository without blocks reads AWS's scanning and encryption settings back
        // without planning a change (checked by expectNoChanges above).
        let bareEncryption = try lifecycle.attribute("aws_ecr_repository.bare", "encryption_configuration") as? [[String: Any]]
        #expect(bareEncryption?.first?["encryption_type"] as? String == "AES256")

        // The same policy written differently is no change.
        try lifecycle.write(Self.configuration(policy: Self.expireUntaggedReformatted))
        try lifecycle.expectNoChanges()

        // In place: tag mutability, scanning, tags.
        try lifecycle.apply(Self.configuration(mutability: "IMMUTABLE", scanOnPush: true, team: "b", policy: Self.expireUntaggedReformatted))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_ecr_repository.app", "arn") as? String == arn)
        let updated = try #require(try Self.repository(lifecycle, "prov-ecslc-app"))
        #expect(updated["imageTagMutability"] as? String == "IMMUTABLE")
        #expect((updated["imageScanningConfiguration"] as? [String: Any])?["scanOnPush"] as? Bool == true)
        #expect(try UserTags.of(lifecycle.oracle("ecr", "list_tags_for_resource", ["resourceArn": arn]).response?["tags"] as? [[String: String]]) == [["Key": "Team", "Value": "b"]])

        // A different policy replaces the policy (Terraform has no update for it).
        try lifecycle.write(Self.configuration(mutability: "IMMUTABLE", scanOnPush: true, team: "b", policy: Self.keepTen))
        let replace = try lifecycle.plan()
        #expect(replace.stdout.contains("# aws_ecr_lifecycle_policy.app must be replaced"))
        try lifecycle.apply()
        let text = try #require(try lifecycle.oracle("ecr", "get_lifecycle_policy", ["repositoryName": "prov-ecslc-app"]).response?["lifecyclePolicyText"] as? String)
        #expect(text.contains("imageCountMoreThan"))

        try lifecycle.reimport("aws_ecr_repository.app", id: "prov-ecslc-app", configurationOnly: ["force_delete"])
        try lifecycle.reimport("aws_ecr_lifecycle_policy.app", id: "prov-ecslc-app")

        // A new name is a new repository; the policy follows it.
        try lifecycle.apply(Self.configuration(name: "prov-ecslc-app2", mutability: "IMMUTABLE", scanOnPush: true, team: "b", policy: Self.keepTen))
        #expect(try lifecycle.attribute("aws_ecr_repository.app", "id") as? String == "prov-ecslc-app2")
        #expect(try lifecycle.attribute("aws_ecr_lifecycle_policy.app", "id") as? String == "prov-ecslc-app2")
        if case .error(let code, _) = try lifecycle.oracle("ecr", "describe_repositories", ["repositoryNames": ["prov-ecslc-app"]]) {
            #expect(code == "RepositoryNotFoundException")
        } else {
            Issue.record("the replaced repository still exists")
        }

        try lifecycle.destroy()
        for name in ["prov-ecslc-app2", "prov-ecslc-bare"] {
            if case .error(let code, _) = try lifecycle.oracle("ecr", "describe_repositories", ["repositoryNames": [name]]) {
                #expect(code == "RepositoryNotFoundException")
            } else {
                Issue.record("repository \(name) still exists")
            }
        }
    }
}
