import Foundation
import Testing
import TestSupport

/// aws_ecs_service through its whole life, in a Fargate cluster on its own VPC. The service
/// runs no tasks (the emulator never starts any), so waiting for a steady state ends at once.
/// The emulator ignores CreateService's deployment configuration and execute-command switch and
/// replaces (rather than merges) the deployment configuration on UpdateService, so those are
/// set through updates here and the circuit breaker is left out.
@Suite struct ECSServiceLifecycleTests {
    static func configuration(name: String = "prov-ecslc-svc", executeCommand: Bool = false, minimumHealthy: Int = 50, team: String = "a", image: String = "nginx:1.27") -> String {
        """
        resource "aws_vpc" "main" {
          cidr_block = "10.93.0.0/16"
        }
        resource "aws_subnet" "a" {
          vpc_id            = aws_vpc.main.id
          cidr_block        = "10.93.1.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_ecs_cluster" "main" {
          name = "prov-ecslc-svc-cluster"
        }
        resource "aws_ecs_task_definition" "app" {
          family                   = "prov-ecslc-svc"
          network_mode             = "awsvpc"
          requires_compatibilities = ["FARGATE"]
          cpu                      = "256"
          memory                   = "512"
          container_definitions    = jsonencode([{ name = "web", image = "\(image)", portMappings = [{ containerPort = 80 }] }])
        }
        resource "aws_ecs_service" "app" {
          name                               = "\(name)"
          cluster                            = aws_ecs_cluster.main.id
          task_definition                    = aws_ecs_task_definition.app.arn
          desired_count                      = 0
          launch_type                        = "FARGATE"
          enable_execute_command             = \(executeCommand)
          deployment_minimum_healthy_percent = \(minimumHealthy)
          propagate_tags                     = "SERVICE"
          wait_for_steady_state              = true
          network_configuration {
            subnets          = [aws_subnet.a.id]
            security_groups  = [aws_vpc.main.default_security_group_id]
            assign_public_ip = false
          }
          tags = { Team = "\(team)" }
        }
        """
    }

    static func service(_ lifecycle: ResourceLifecycle, _ name: String) throws -> [String: Any]? {
        let response = try lifecycle.oracle("ecs", "describe_services", ["cluster": "prov-ecslc-svc-cluster", "services": [name], "include": ["TAGS"]]).response
        return (response?["services"] as? [[String: Any]])?.first
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        let created = try lifecycle.apply(Self.configuration())
        #expect(created.output.contains("aws_ecs_service.app: Creation complete"), "\(created.output)")
        try lifecycle.expectNoChanges()
        let arn = try #require(try lifecycle.attribute("aws_ecs_service.app", "id") as? String)
        #expect(arn == "arn:aws:ecs:eu-west-1:123456789012:service/prov-ecslc-svc-cluster/prov-ecslc-svc")
        #expect(try lifecycle.attribute("aws_ecs_service.app", "arn") as? String == arn)
        #expect(try lifecycle.attribute("aws_ecs_service.app", "cluster") as? String == "arn:aws:ecs:eu-west-1:123456789012:cluster/prov-ecslc-svc-cluster")
        let service = try #require(try Self.service(lifecycle, "prov-ecslc-svc"))
        #expect(service["status"] as? String == "ACTIVE")
        #expect(service["launchType"] as? String == "FARGATE")
        #expect(service["propagateTags"] as? String == "SERVICE")
        let taskDefinition = try #require(try lifecycle.attribute("aws_ecs_task_definition.app", "arn") as? String)
        #expect(service["taskDefinition"] as? String == taskDefinition)
        let network = (service["networkConfiguration"] as? [String: Any])?["awsvpcConfiguration"] as? [String: Any]
        let subnet = try #require(try lifecycle.attribute("aws_subnet.a", "id") as? String)
        #expect(network?["subnets"] as? [String] == [subnet])
        #expect(network?["assignPublicIp"] as? String == "DISABLED")
        #expect(UserTags.of(service["tags"] as? [[String: String]]) == [["key": "Team", "value": "a"]])

        // In place: execute command, deployment percentages, tags, and a new task definition
        // revision (the task definition is replaced, the service follows in place).
        try lifecycle.apply(Self.configuration(executeCommand: true, minimumHealthy: 100, team: "b", image: "nginx:1.28"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_ecs_service.app", "id") as? String == arn)
        let updated = try #require(try Self.service(lifecycle, "prov-ecslc-svc"))
        #expect(updated["enableExecuteCommand"] as? Bool == true)
        #expect((updated["deploymentConfiguration"] as? [String: Any])?["minimumHealthyPercent"] as? Int == 100)
        #expect(UserTags.of(updated["tags"] as? [[String: String]]) == [["key": "Team", "value": "b"]])
        let newTaskDefinition = try #require(try lifecycle.attribute("aws_ecs_task_definition.app", "arn") as? String)
        #expect(newTaskDefinition != taskDefinition)
        #expect(updated["taskDefinition"] as? String == newTaskDefinition)

        // As in Terraform, an imported service names its task definition as family:revision,
        // since the import cannot know the configuration gives an ARN.
        try lifecycle.reimport("aws_ecs_service.app", id: "prov-ecslc-svc-cluster/prov-ecslc-svc", configurationOnly: ["wait_for_steady_state", "task_definition"])
        #expect(try lifecycle.attribute("aws_ecs_service.app", "task_definition") as? String == newTaskDefinition)

        // A new name is a new service; the old one is deleted.
        try lifecycle.apply(Self.configuration(name: "prov-ecslc-svc2", executeCommand: true, minimumHealthy: 100, team: "b", image: "nginx:1.28"))
        #expect(try lifecycle.attribute("aws_ecs_service.app", "id") as? String == "arn:aws:ecs:eu-west-1:123456789012:service/prov-ecslc-svc-cluster/prov-ecslc-svc2")
        #expect(try Self.service(lifecycle, "prov-ecslc-svc")?["status"] as? String ?? "INACTIVE" == "INACTIVE")

        try lifecycle.destroy()
        #expect(try Self.service(lifecycle, "prov-ecslc-svc2")?["status"] as? String ?? "INACTIVE" == "INACTIVE")
    }
}
