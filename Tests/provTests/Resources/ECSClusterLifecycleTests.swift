import Foundation
import Testing
import TestSupport

/// aws_ecs_cluster and aws_ecs_cluster_capacity_providers through their whole life.
@Suite struct ECSClusterLifecycleTests {
    static func configuration(name: String = "prov-ecslc-cluster", insights: String = "enabled", env: String = "a", weight: Int = 1, withProviders: Bool = true) -> String {
        var text = """
            resource "aws_ecs_cluster" "main" {
              name = "\(name)"
              setting {
                name  = "containerInsights"
                value = "\(insights)"
              }
              configuration {
                execute_command_configuration {
                  logging = "DEFAULT"
                }
              }
              tags = { Env = "\(env)" }
            }
            resource "aws_ecs_cluster" "bare" {
              name = "prov-ecslc-bare"
            }

            """
        if withProviders {
            text += """
                resource "aws_ecs_cluster_capacity_providers" "main" {
                  cluster_name       = aws_ecs_cluster.main.name
                  capacity_providers = ["FARGATE", "FARGATE_SPOT"]
                  default_capacity_provider_strategy {
                    capacity_provider = "FARGATE"
                    weight            = \(weight)
                    base              = 1
                  }
                }
                """
        }
        return text
    }

    static func cluster(_ lifecycle: ResourceLifecycle, _ name: String) throws -> [String: Any]? {
        let response = try lifecycle.oracle("ecs", "describe_clusters", ["clusters": [name], "include": ["TAGS", "SETTINGS", "CONFIGURATIONS"]]).response
        return (response?["clusters"] as? [[String: Any]])?.first
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.configuration())
        try lifecycle.expectNoChanges()
        let arn = try #require(try lifecycle.attribute("aws_ecs_cluster.main", "arn") as? String)
        #expect(arn == "arn:aws:ecs:eu-west-1:123456789012:cluster/prov-ecslc-cluster")
        #expect(try lifecycle.attribute("aws_ecs_cluster.main", "id") as? String == arn)
        #expect(try lifecycle.attribute("aws_ecs_cluster_capacity_providers.main", "id") as? String == "prov-ecslc-cluster")
        let created = try #require(try Self.cluster(lifecycle, "prov-ecslc-cluster"))
        #expect(created["status"] as? String == "ACTIVE")
        #expect(created["settings"] as? [[String: String]] == [["name": "containerInsights", "value": "enabled"]])
        #expect(UserTags.of(created["tags"] as? [[String: String]]) == [["key": "Env", "value": "a"]])
        #expect(Set(created["capacityProviders"] as? [String] ?? []) == ["FARGATE", "FARGATE_SPOT"])
        #expect(((created["configuration"] as? [String: Any])?["executeCommandConfiguration"] as? [String: Any])?["logging"] as? String == "DEFAULT")

        // In place: the setting, the tags, the default strategy.
        try lifecycle.apply(Self.configuration(insights: "disabled", env: "b", weight: 3))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_ecs_cluster.main", "id") as? String == arn)
        let updated = try #require(try Self.cluster(lifecycle, "prov-ecslc-cluster"))
        #expect(updated["settings"] as? [[String: String]] == [["name": "containerInsights", "value": "disabled"]])
        #expect(UserTags.of(updated["tags"] as? [[String: String]]) == [["key": "Env", "value": "b"]])
        let strategy = (updated["defaultCapacityProviderStrategy"] as? [[String: Any]])?.first
        #expect(strategy?["weight"] as? Int == 3)

        try lifecycle.reimport("aws_ecs_cluster.main", id: "prov-ecslc-cluster")
        try lifecycle.reimport("aws_ecs_cluster.bare", id: "prov-ecslc-bare")
        try lifecycle.reimport("aws_ecs_cluster_capacity_providers.main", id: "prov-ecslc-cluster")

        // Destroying the capacity providers leaves the cluster with none.
        try lifecycle.apply(Self.configuration(insights: "disabled", env: "b", withProviders: false))
        let emptied = try #require(try Self.cluster(lifecycle, "prov-ecslc-cluster"))
        #expect((emptied["capacityProviders"] as? [String] ?? []).isEmpty)
        #expect((emptied["defaultCapacityProviderStrategy"] as? [Any] ?? []).isEmpty)

        // A new name is a new cluster.
        try lifecycle.apply(Self.configuration(name: "prov-ecslc-cluster2", insights: "disabled", env: "b", withProviders: false))
        #expect(try lifecycle.attribute("aws_ecs_cluster.main", "arn") as? String == "arn:aws:ecs:eu-west-1:123456789012:cluster/prov-ecslc-cluster2")
        #expect(try Self.cluster(lifecycle, "prov-ecslc-cluster")?["status"] as? String ?? "INACTIVE" == "INACTIVE")

        try lifecycle.destroy()
        for name in ["prov-ecslc-cluster2", "prov-ecslc-bare"] {
            #expect(try Self.cluster(lifecycle, name)?["status"] as? String ?? "INACTIVE" == "INACTIVE", "cluster \(name) still active")
        }
    }
}
