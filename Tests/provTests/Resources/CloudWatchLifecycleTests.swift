import Foundation
import Testing
import TestSupport

/// aws_cloudwatch_metric_alarm and aws_cloudwatch_log_group through their whole life, checked
/// against boto3's view.
@Suite struct CloudWatchLifecycleTests {
    /// A topic for alarm actions, made through boto3 (prov has no aws_sns_topic).
    static func topic(_ lifecycle: ResourceLifecycle, _ name: String) throws -> String {
        try #require(try lifecycle.oracle("sns", "create_topic", ["Name": name]).response?["TopicArn"] as? String)
    }

    static func alarmConfiguration(name: String = "prov-fnlc-cpu", threshold: String = "80", description: String = "CPU high", actions: [String], team: String = "a") -> String {
        """
        resource "aws_cloudwatch_metric_alarm" "cpu" {
          alarm_name          = "\(name)"
          alarm_description   = "\(description)"
          comparison_operator = "GreaterThanOrEqualToThreshold"
          evaluation_periods  = 2
          datapoints_to_alarm = 2
          metric_name         = "CPUUtilization"
          namespace           = "AWS/EC2"
          period              = 120
          statistic           = "Average"
          threshold           = \(threshold)
          unit                = "Percent"
          dimensions = {
            InstanceId = "i-0123456789abcdef0"
          }
          alarm_actions = [\(actions.map { "\"\($0)\"" }.joined(separator: ", "))]
          ok_actions    = ["\(actions[0])"]
          tags = { Team = "\(team)" }
        }
        resource "aws_cloudwatch_metric_alarm" "math" {
          alarm_name          = "prov-fnlc-error-rate"
          comparison_operator = "GreaterThanThreshold"
          evaluation_periods  = 1
          threshold           = 5
          treat_missing_data  = "notBreaching"
          metric_query {
            id          = "rate"
            expression  = "100 * errors / requests"
            label       = "Error rate"
            return_data = true
          }
          metric_query {
            id = "errors"
            metric {
              metric_name = "5XXError"
              namespace   = "AWS/ApiGateway"
              period      = 60
              stat        = "Sum"
              dimensions = {
                ApiName = "prov-fnlc-api"
              }
            }
          }
          metric_query {
            id = "requests"
            metric {
              metric_name = "Count"
              namespace   = "AWS/ApiGateway"
              period      = 60
              stat        = "Sum"
            }
          }
        }
        """
    }

    static func alarm(_ lifecycle: ResourceLifecycle, _ name: String) throws -> [String: Any]? {
        (try lifecycle.oracle("cloudwatch", "describe_alarms", ["AlarmNames": [name]]).response?["MetricAlarms"] as? [[String: Any]])?.first
    }

    @Test func metricAlarmThroughItsLife() throws {
        let lifecycle = try ResourceLifecycle()
        let first = try Self.topic(lifecycle, "prov-fnlc-alarms")
        let second = try Self.topic(lifecycle, "prov-fnlc-pager")
        try lifecycle.apply(Self.alarmConfiguration(actions: [first]))
        try lifecycle.expectNoChanges()
        let arn = try #require(try lifecycle.attribute("aws_cloudwatch_metric_alarm.cpu", "arn") as? String)
        #expect(arn == "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:prov-fnlc-cpu")
        #expect(try lifecycle.attribute("aws_cloudwatch_metric_alarm.cpu", "id") as? String == "prov-fnlc-cpu")
        #expect(try lifecycle.attribute("aws_cloudwatch_metric_alarm.cpu", "treat_missing_data") as? String == "missing")
        #expect(try lifecycle.attribute("aws_cloudwatch_metric_alarm.cpu", "actions_enabled") as? Bool == true)
        let created = try #require(try Self.alarm(lifecycle, "prov-fnlc-cpu"))
        #expect(created["Threshold"] as? Double == 80)
        #expect(created["AlarmActions"] as? [String] == [first])
        #expect(created["OKActions"] as? [String] == [first])
        #expect(created["Dimensions"] as? [[String: String]] == [["Name": "InstanceId", "Value": "i-0123456789abcdef0"]])
        #expect(created["DatapointsToAlarm"] as? Int == 2)
        #expect(created["Unit"] as? String == "Percent")
        #expect(try UserTags.of(lifecycle.oracle("cloudwatch", "list_tags_for_resource", ["ResourceARN": arn]).response?["Tags"] as? [[String: String]]) == [["Key": "Team", "Value": "a"]])
        let math = try #require(try Self.alarm(lifecycle, "prov-fnlc-error-rate"))
        let queries = try #require(math["Metrics"] as? [[String: Any]])
        #expect(Set(queries.compactMap { $0["Id"] as? String }) == ["rate", "errors", "requests"])
        #expect(queries.first { $0["Id"] as? String == "rate" }?["Expression"] as? String == "100 * errors / requests")
        #expect(math["TreatMissingData"] as? String == "notBreaching")

        // In place: threshold, description, actions and tags.
        try lifecycle.apply(Self.alarmConfiguration(threshold: "90.5", description: "CPU very high", actions: [first, second], team: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_cloudwatch_metric_alarm.cpu", "arn") as? String == arn)
        let updated = try #require(try Self.alarm(lifecycle, "prov-fnlc-cpu"))
        #expect(updated["Threshold"] as? Double == 90.5)
        #expect(updated["AlarmDescription"] as? String == "CPU very high")
        #expect(Set(updated["AlarmActions"] as? [String] ?? []) == [first, second])
        #expect(try UserTags.of(lifecycle.oracle("cloudwatch", "list_tags_for_resource", ["ResourceARN": arn]).response?["Tags"] as? [[String: String]]) == [["Key": "Team", "Value": "b"]])

        try lifecycle.reimport("aws_cloudwatch_metric_alarm.cpu", id: "prov-fnlc-cpu")
        try lifecycle.reimport("aws_cloudwatch_metric_alarm.math", id: "prov-fnlc-error-rate")

        // Replace: a new name is a new alarm; the old one goes.
        try lifecycle.apply(Self.alarmConfiguration(name: "prov-fnlc-cpu-2", threshold: "90.5", description: "CPU very high", actions: [first, second], team: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_cloudwatch_metric_alarm.cpu", "id") as? String == "prov-fnlc-cpu-2")
        #expect(try Self.alarm(lifecycle, "prov-fnlc-cpu") == nil)
        #expect(try Self.alarm(lifecycle, "prov-fnlc-cpu-2") != nil)

        try lifecycle.destroy()
        #expect(try Self.alarm(lifecycle, "prov-fnlc-cpu-2") == nil)
        #expect(try Self.alarm(lifecycle, "prov-fnlc-error-rate") == nil)
    }

    @Test func metricAlarmRefusesAmbiguousStatistics() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.write("""
            resource "aws_cloudwatch_metric_alarm" "bad" {
              alarm_name          = "prov-fnlc-bad"
              comparison_operator = "GreaterThanThreshold"
              evaluation_periods  = 1
              metric_name         = "CPUUtilization"
              namespace           = "AWS/EC2"
              period              = 60
              threshold           = 1
            }
            """)
        let plan = try lifecycle.plan()
        #expect(plan.status != 0)
        #expect(plan.output.contains("Invalid metric alarm"))
        #expect(plan.output.contains("One of `statistic` or `extended_statistic`"))
    }

    static func logConfiguration(name: String = "prov-fnlc-logs/app", retention: Int = 7, team: String = "a") -> String {
        """
        resource "aws_cloudwatch_log_group" "app" {
          name              = "\(name)"
          retention_in_days = \(retention)
          tags = { Team = "\(team)" }
        }
        resource "aws_cloudwatch_log_group" "prefixed" {
          name_prefix = "prov-fnlc-prefixed-"
        }
        """
    }

    static func logGroup(_ lifecycle: ResourceLifecycle, _ name: String) throws -> [String: Any]? {
        let groups = try lifecycle.oracle("logs", "describe_log_groups", ["logGroupNamePrefix": name]).response?["logGroups"] as? [[String: Any]]
        return groups?.first { $0["logGroupName"] as? String == name }
    }

    @Test func logGroupThroughItsLife() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.logConfiguration())
        try lifecycle.expectNoChanges()
        let arn = try #require(try lifecycle.attribute("aws_cloudwatch_log_group.app", "arn") as? String)
        #expect(arn == "arn:aws:logs:eu-west-1:123456789012:log-group:prov-fnlc-logs/app")
        #expect(try lifecycle.attribute("aws_cloudwatch_log_group.app", "id") as? String == "prov-fnlc-logs/app")
        #expect(try lifecycle.attribute("aws_cloudwatch_log_group.app", "skip_destroy") as? Bool == false)
        let prefixed = try #require(try lifecycle.attribute("aws_cloudwatch_log_group.prefixed", "name") as? String)
        // The provider's generated names: the prefix and 26 digits, which an import recognises.
        #expect(prefixed.hasPrefix("prov-fnlc-prefixed-") && prefixed.count == "prov-fnlc-prefixed-".count + 26)
        #expect(try Self.logGroup(lifecycle, prefixed) != nil)
        #expect(try Self.logGroup(lifecycle, "prov-fnlc-logs/app")?["retentionInDays"] as? Int == 7)
        #expect(try UserTags.of(lifecycle.oracle("logs", "list_tags_for_resource", ["resourceArn": arn]).response?["tags"] as? [String: String]) == ["Team": "a"])

        // In place: retention and tags.
        try lifecycle.apply(Self.logConfiguration(retention: 14, team: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_cloudwatch_log_group.app", "arn") as? String == arn)
        #expect(try Self.logGroup(lifecycle, "prov-fnlc-logs/app")?["retentionInDays"] as? Int == 14)
        #expect(try UserTags.of(lifecycle.oracle("logs", "list_tags_for_resource", ["resourceArn": arn]).response?["tags"] as? [String: String]) == ["Team": "b"])

        // Retention 0 means logs never expire: the policy is removed.
        try lifecycle.apply(Self.logConfiguration(retention: 0, team: "b"))
        try lifecycle.expectNoChanges()
        #expect(try Self.logGroup(lifecycle, "prov-fnlc-logs/app")?["retentionInDays"] == nil)

        try lifecycle.reimport("aws_cloudwatch_log_group.app", id: "prov-fnlc-logs/app")
        try lifecycle.reimport("aws_cloudwatch_log_group.prefixed", id: prefixed)

        // Replace: a new name.
        try lifecycle.apply(Self.logConfiguration(name: "prov-fnlc-logs/app-2", retention: 0, team: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_cloudwatch_log_group.app", "id") as? String == "prov-fnlc-logs/app-2")
        #expect(try Self.logGroup(lifecycle, "prov-fnlc-logs/app") == nil)

        try lifecycle.destroy()
        #expect(try Self.logGroup(lifecycle, "prov-fnlc-logs/app-2") == nil)
        #expect(try Self.logGroup(lifecycle, prefixed) == nil)
    }
}
