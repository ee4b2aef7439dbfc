import Foundation
import Testing
import TestSupport

/// aws_ecs_task_definition through its whole life, including container definitions that AWS
/// stores in another form than the configuration's.
@Suite struct ECSTaskDefinitionLifecycleTests {
    static let containers = """
        jsonencode([{
            name         = "web"
            image        = "nginx:1.27"
            portMappings = [{ containerPort = 80 }]
            environment  = [{ name = "B", value = "2" }, { name = "A", value = "1" }]
          }])
        """
    /// The same container, written as JSON with what AWS fills in spelled out.
    static let containersSpelledOut = """
        <<-JSON
            [
              {
                "essential": true, "cpu": 0, "mountPoints": [], "volumesFrom": [],
                "environment": [ { "name": "A", "value": "1" }, { "name": "B", "value": "2" } ],
                "portMappings": [ { "containerPort": 80, "hostPort": 80, "protocol": "tcp" } ],
                "image": "nginx:1.27", "name": "web"
              }
            ]
          JSON
        """

    static func configuration(containers: String = containers, team: String = "a", skipDestroy: Bool = false) -> String {
        """
        resource "aws_ecs_task_definition" "app" {
          family                   = "prov-ecslc-app"
          network_mode             = "awsvpc"
          requires_compatibilities = ["FARGATE"]
          cpu                      = "256"
          memory                   = "512"
          skip_destroy             = \(skipDestroy)
          container_definitions    = \(containers)
          runtime_platform {
            operating_system_family = "LINUX"
            cpu_architecture        = "X86_64"
          }
          volume {
            name = "data"
            efs_volume_configuration {
              file_system_id     = "fs-0123456789abcdef0"
              transit_encryption = "ENABLED"
            }
          }
          tags = { Team = "\(team)" }
        }
        """
    }

    static func definition(_ lifecycle: ResourceLifecycle, _ arn: String) throws -> [String: Any]? {
        try lifecycle.oracle("ecs", "describe_task_definition", ["taskDefinition": arn, "include": ["TAGS"]]).response
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.configuration())
        try lifecycle.expectNoChanges()
        let arn = try #require(try lifecycle.attribute("aws_ecs_task_definition.app", "arn") as? String)
        #expect(arn.hasPrefix("arn:aws:ecs:eu-west-1:123456789012:task-definition/prov-ecslc-app:"))
        #expect(try lifecycle.attribute("aws_ecs_task_definition.app", "id") as? String == "prov-ecslc-app")
        #expect(try lifecycle.attribute("aws_ecs_task_definition.app", "arn_without_revision") as? String == "arn:aws:ecs:eu-west-1:123456789012:task-definition/prov-ecslc-app")
        let revision = try #require(try lifecycle.attribute("aws_ecs_task_definition.app", "revision") as? Int)
        #expect(arn.hasSuffix(":\(revision)"))
        let created = try #require(try Self.definition(lifecycle, arn))
        let body = try #require(created["taskDefinition"] as? [String: Any])
        #expect(body["networkMode"] as? String == "awsvpc")
        #expect(body["cpu"] as? String == "256")
        let container = try #require((body["containerDefinitions"] as? [[String: Any]])?.first)
        #expect(container["image"] as? String == "nginx:1.27")
        let volume = (body["volumes"] as? [[String: Any]])?.first
        #expect((volume?["efsVolumeConfiguration"] as? [String: Any])?["fileSystemId"] as? String == "fs-0123456789abcdef0")
        #expect(UserTags.of(created["tags"] as? [[String: String]]) == [["key": "Team", "value": "a"]])

        // The same containers written the way AWS reports them is no change.
        try lifecycle.write(Self.configuration(containers: Self.containersSpelledOut))
        try lifecycle.expectNoChanges()

        // In place: tags only; the revision stays.
        try lifecycle.apply(Self.configuration(containers: Self.containersSpelledOut, team: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_ecs_task_definition.app", "arn") as? String == arn)
        #expect(try UserTags.of(Self.definition(lifecycle, arn)?["tags"] as? [[String: String]]) == [["key": "Team", "value": "b"]])

        try lifecycle.reimport("aws_ecs_task_definition.app", id: arn)
        try lifecycle.reimport("aws_ecs_task_definition.app", id: "prov-ecslc-app")

        // A new image is a new revision; the old one is deregistered.
        let newImage = Self.containers.replacingOccurrences(of: "nginx:1.27", with: "nginx:1.28")
        try lifecycle.write(Self.configuration(containers: newImage, team: "b"))
        #expect(try lifecycle.plan().stdout.contains("# aws_ecs_task_definition.app must be replaced"))
        try lifecycle.apply()
        let second = try #require(try lifecycle.attribute("aws_ecs_task_definition.app", "arn") as? String)
        #expect(second != arn)
        #expect((try Self.definition(lifecycle, arn)?["taskDefinition"] as? [String: Any])?["status"] as? String == "INACTIVE")

        // With skip_destroy, replacing keeps the old revision registered.
        try lifecycle.apply(Self.configuration(containers: newImage, team: "b", skipDestroy: true))
        try lifecycle.apply(Self.configuration(containers: Self.containers, team: "b", skipDestroy: true))
        let third = try #require(try lifecycle.attribute("aws_ecs_task_definition.app", "arn") as? String)
        #expect(third != second)
        #expect((try Self.definition(lifecycle, second)?["taskDefinition"] as? [String: Any])?["status"] as? String == "ACTIVE")
        try lifecycle.reimport("aws_ecs_task_definition.app", id: third, configurationOnly: ["skip_destroy"])

        try lifecycle.apply(Self.configuration(containers: Self.containers, team: "b"))
        try lifecycle.destroy()
        #expect((try Self.definition(lifecycle, third)?["taskDefinition"] as? [String: Any])?["status"] as? String == "INACTIVE")
    }
}
