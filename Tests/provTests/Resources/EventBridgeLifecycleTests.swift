import Foundation
import Testing
import TestSupport

/// aws_cloudwatch_event_rule and aws_cloudwatch_event_target through their whole life, on the
/// default bus and on a custom one, checked against boto3's view.
@Suite struct EventBridgeLifecycleTests {
    struct Fixtures {
        let topic: String
        let queue: String
        let bus = "prov-fnlc-bus"
    }

    /// A topic, a dead-letter queue and a custom bus, made through boto3.
    static func fixtures(_ lifecycle: ResourceLifecycle) throws -> Fixtures {
        let topic = try #require(try lifecycle.oracle("sns", "create_topic", ["Name": "prov-fnlc-events"]).response?["TopicArn"] as? String)
        let queueURL = try #require(try lifecycle.oracle("sqs", "create_queue", ["QueueName": "prov-fnlc-dlq"]).response?["QueueUrl"] as? String)
        let attributes = try lifecycle.oracle("sqs", "get_queue_attributes", ["QueueUrl": queueURL, "AttributeNames": ["QueueArn"]])
        let queue = try #require((attributes.response?["Attributes"] as? [String: String])?["QueueArn"])
        _ = try lifecycle.oracle("events", "create_event_bus", ["Name": "prov-fnlc-bus"])
        return Fixtures(topic: topic, queue: queue)
    }

    static let pattern = #"{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}"#
    /// `pattern` written differently: spaces, keys in another order.
    static let patternReformatted = #"{ "detail-type": [ "EC2 Instance State-change Notification" ], "source": [ "aws.ec2" ] }"#
    static let otherPattern = #"{"source":["aws.s3"]}"#

    static func configuration(_ f: Fixtures, scheduleName: String = "prov-fnlc-nightly", description: String = "nightly", state: String = "ENABLED", pattern: String = pattern, input: String = "{\\\"job\\\":\\\"a\\\"}", team: String = "a") -> String {
        """
        resource "aws_cloudwatch_event_rule" "nightly" {
          name                = "\(scheduleName)"
          description         = "\(description)"
          schedule_expression = "rate(1 day)"
          state               = "\(state)"
          tags = { Team = "\(team)" }
        }
        resource "aws_cloudwatch_event_rule" "ec2" {
          name           = "prov-fnlc-ec2"
          event_bus_name = "\(f.bus)"
          event_pattern  = <<-PATTERN
        \(pattern)
        PATTERN
        }
        resource "aws_cloudwatch_event_target" "nightly" {
          rule      = aws_cloudwatch_event_rule.nightly.name
          target_id = "notify"
          arn       = "\(f.topic)"
          input     = "\(input)"
          retry_policy {
            maximum_event_age_in_seconds = 3600
            maximum_retry_attempts       = 3
          }
          dead_letter_config {
            arn = "\(f.queue)"
          }
        }
        resource "aws_cloudwatch_event_target" "ec2" {
          rule           = aws_cloudwatch_event_rule.ec2.name
          event_bus_name = "\(f.bus)"
          arn            = "\(f.topic)"
          input_transformer {
            input_paths = {
              instance = "$.detail.instance-id"
            }
            input_template = "\\"<instance> changed\\""
          }
        }
        resource "aws_cloudwatch_event_target" "task" {
          rule      = aws_cloudwatch_event_rule.nightly.name
          target_id = "task"
          arn       = "arn:aws:ecs:eu-west-1:123456789012:cluster/prov-fnlc"
          role_arn  = "arn:aws:iam::123456789012:role/prov-fnlc-events"
          ecs_target {
            task_definition_arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/prov-fnlc:1"
            launch_type         = "FARGATE"
            task_count          = 2
            network_configuration {
              subnets          = ["subnet-0fnlc0000000000a", "subnet-0fnlc0000000000b"]
              assign_public_ip = true
            }
            tags = { Job = "nightly" }
          }
        }
        """
    }

    static func rule(_ lifecycle: ResourceLifecycle, _ name: String, bus: String? = nil) throws -> [String: Any]? {
        var params: [String: Any] = ["Name": name]
        if let bus { params["EventBusName"] = bus }
        return try lifecycle.oracle("events", "describe_rule", params).response
    }

    static func targets(_ lifecycle: ResourceLifecycle, _ rule: String, bus: String? = nil) throws -> [[String: Any]] {
        var params: [String: Any] = ["Rule": rule]
        if let bus { params["EventBusName"] = bus }
        return try lifecycle.oracle("events", "list_targets_by_rule", params).response?["Targets"] as? [[String: Any]] ?? []
    }

    @Test func rulesAndTargetsThroughTheirLife() throws {
        let lifecycle = try ResourceLifecycle()
        let f = try Self.fixtures(lifecycle)
        try lifecycle.apply(Self.configuration(f))
        try lifecycle.expectNoChanges()
        let nightlyARN = try #require(try lifecycle.attribute("aws_cloudwatch_event_rule.nightly", "arn") as? String)
        #expect(nightlyARN == "arn:aws:events:eu-west-1:123456789012:rule/prov-fnlc-nightly")
        #expect(try lifecycle.attribute("aws_cloudwatch_event_rule.nightly", "id") as? String == "prov-fnlc-nightly")
        #expect(try lifecycle.attribute("aws_cloudwatch_event_rule.nightly", "is_enabled") as? Bool == true)
        #expect(try lifecycle.attribute("aws_cloudwatch_event_rule.ec2", "id") as? String == "prov-fnlc-bus/prov-fnlc-ec2")
        #expect(try lifecycle.attribute("aws_cloudwatch_event_rule.ec2", "event_pattern") as? String == #"{"detail-type":["EC2 Instance State-change Notification"],"source":["aws.ec2"]}"#)
        #expect(try lifecycle.attribute("aws_cloudwatch_event_rule.ec2", "state") as? String == "ENABLED")
        let nightly = try #require(try Self.rule(lifecycle, "prov-fnlc-nightly"))
        #expect(nightly["ScheduleExpression"] as? String == "rate(1 day)")
        #expect(nightly["Description"] as? String == "nightly")
        #expect(try UserTags.of(lifecycle.oracle("events", "list_tags_for_resource", ["ResourceARN": nightlyARN]).response?["Tags"] as? [[String: String]]) == [["Key": "Team", "Value": "a"]])

        #expect(try lifecycle.attribute("aws_cloudwatch_event_target.nightly", "id") as? String == "prov-fnlc-nightly-notify")
        let generated = try #require(try lifecycle.attribute("aws_cloudwatch_event_target.ec2", "target_id") as? String)
        #expect(generated.hasPrefix("terraform-"))
        #expect(try lifecycle.attribute("aws_cloudwatch_event_target.ec2", "id") as? String == "prov-fnlc-bus-prov-fnlc-ec2-\(generated)")
        let notify = try #require(try Self.targets(lifecycle, "prov-fnlc-nightly").first { $0["Id"] as? String == "notify" })
        #expect(notify["Input"] as? String == #"{"job":"a"}"#)
        #expect((notify["RetryPolicy"] as? [String: Int]) == ["MaximumEventAgeInSeconds": 3600, "MaximumRetryAttempts": 3])
        #expect((notify["DeadLetterConfig"] as? [String: String])?["Arn"] == f.queue)
        let task = try #require(try Self.targets(lifecycle, "prov-fnlc-nightly").first { $0["Id"] as? String == "task" })
        let ecs = try #require(task["EcsParameters"] as? [String: Any])
        #expect(ecs["TaskCount"] as? Int == 2)
        #expect(ecs["LaunchType"] as? String == "FARGATE")
        let transformed = try #require(try Self.targets(lifecycle, "prov-fnlc-ec2", bus: f.bus).first)
        #expect((transformed["InputTransformer"] as? [String: Any])?["InputTemplate"] as? String == "\"<instance> changed\"")

        // The same pattern written differently is no change.
        try lifecycle.write(Self.configuration(f, pattern: Self.patternReformatted))
        try lifecycle.expectNoChanges()

        // In place: description, state, pattern, tags; the target's input.
        try lifecycle.apply(Self.configuration(f, description: "nightly, paused", state: "DISABLED", pattern: Self.otherPattern, input: "{\\\"job\\\":\\\"b\\\"}", team: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_cloudwatch_event_rule.nightly", "arn") as? String == nightlyARN)
        #expect(try lifecycle.attribute("aws_cloudwatch_event_rule.nightly", "is_enabled") as? Bool == false)
        let paused = try #require(try Self.rule(lifecycle, "prov-fnlc-nightly"))
        #expect(paused["State"] as? String == "DISABLED")
        #expect(paused["Description"] as? String == "nightly, paused")
        #expect(try Self.rule(lifecycle, "prov-fnlc-ec2", bus: f.bus)?["EventPattern"] as? String == Self.otherPattern)
        #expect(try UserTags.of(lifecycle.oracle("events", "list_tags_for_resource", ["ResourceARN": nightlyARN]).response?["Tags"] as? [[String: String]]) == [["Key": "Team", "Value": "b"]])
        #expect(try Self.targets(lifecycle, "prov-fnlc-nightly").first { $0["Id"] as? String == "notify" }?["Input"] as? String == #"{"job":"b"}"#)

        try lifecycle.reimport("aws_cloudwatch_event_rule.nightly", id: "prov-fnlc-nightly")
        try lifecycle.reimport("aws_cloudwatch_event_rule.ec2", id: "prov-fnlc-bus/prov-fnlc-ec2")
        try lifecycle.reimport("aws_cloudwatch_event_target.nightly", id: "prov-fnlc-nightly/notify")
        try lifecycle.reimport("aws_cloudwatch_event_target.task", id: "prov-fnlc-nightly/task")
        try lifecycle.reimport("aws_cloudwatch_event_target.ec2", id: "prov-fnlc-bus/prov-fnlc-ec2/\(generated)")

        // Replace: a new rule name replaces the rule and the targets on it.
        try lifecycle.apply(Self.configuration(f, scheduleName: "prov-fnlc-daily", description: "nightly, paused", state: "DISABLED", pattern: Self.otherPattern, input: "{\\\"job\\\":\\\"b\\\"}", team: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_cloudwatch_event_rule.nightly", "id") as? String == "prov-fnlc-daily")
        #expect(try lifecycle.attribute("aws_cloudwatch_event_target.nightly", "id") as? String == "prov-fnlc-daily-notify")
        #expect(try Self.rule(lifecycle, "prov-fnlc-nightly") == nil)
        #expect(try Self.targets(lifecycle, "prov-fnlc-daily").count == 2)

        try lifecycle.destroy()
        #expect(try Self.rule(lifecycle, "prov-fnlc-daily") == nil)
        #expect(try Self.rule(lifecycle, "prov-fnlc-ec2", bus: f.bus) == nil)
    }
}
