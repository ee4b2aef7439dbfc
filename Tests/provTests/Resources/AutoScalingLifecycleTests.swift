import Foundation
import Testing
import TestSupport

/// aws_launch_configuration, aws_autoscaling_group, aws_autoscaling_policy and
/// aws_autoscaling_attachment through their whole life on a VPC of their own. The IAM instance
/// profile and the target group belong to other families and are made through the oracle.
///
/// The launch configuration has `create_before_destroy` and a name prefix: changing it makes a
/// new one, moves the group to it and deletes the old one. The group protects its instances
/// from scale-in, so replacing it exercises the draining delete.
@Suite struct AutoScalingLifecycleTests {
    struct Settings {
        var instanceType = "t3.micro"
        var greeting = "hello"
        var groupName = "prov-asglc-web"
        var desired = 1
        var maxSize = 2
        var team = "a"
        var suspended = "\"AZRebalance\""
        var metrics = "\"GroupMinSize\""
        var adjustment = 1
        var targetValue = 40
    }

    static let network = """
        resource "aws_vpc" "asg" {
          cidr_block = "10.86.0.0/16"
        }
        resource "aws_subnet" "a" {
          vpc_id            = aws_vpc.asg.id
          cidr_block        = "10.86.1.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_subnet" "b" {
          vpc_id            = aws_vpc.asg.id
          cidr_block        = "10.86.2.0/24"
          availability_zone = "eu-west-1b"
        }
        resource "aws_security_group" "asg" {
          name   = "prov-asglc-asg"
          vpc_id = aws_vpc.asg.id
        }

        """

    static func configuration(ami: String, targetGroup: String, _ settings: Settings = Settings()) -> String {
        network + """
        resource "aws_launch_configuration" "web" {
          name_prefix          = "prov-asglc-lc-"
          image_id             = "\(ami)"
          instance_type        = "\(settings.instanceType)"
          security_groups      = [aws_security_group.asg.id]
          iam_instance_profile = "prov-asglc-profile"
          user_data            = "#!/bin/sh\\necho \(settings.greeting)"
          enable_monitoring    = false
          root_block_device {
            volume_size = 10
            volume_type = "gp2"
          }
          ebs_block_device {
            device_name = "/dev/sdf"
            volume_size = 5
          }
          metadata_options {
            http_endpoint = "enabled"
            http_tokens   = "required"
          }
          lifecycle {
            create_before_destroy = true
          }
        }
        resource "aws_autoscaling_group" "web" {
          name                      = "\(settings.groupName)"
          launch_configuration      = aws_launch_configuration.web.name
          vpc_zone_identifier       = [aws_subnet.a.id, aws_subnet.b.id]
          min_size                  = 1
          max_size                  = \(settings.maxSize)
          desired_capacity          = \(settings.desired)
          health_check_grace_period = 120
          protect_from_scale_in     = true
          termination_policies      = ["OldestInstance"]
          suspended_processes       = [\(settings.suspended)]
          enabled_metrics           = [\(settings.metrics)]
          tag {
            key                 = "Team"
            value               = "\(settings.team)"
            propagate_at_launch = true
          }
          tag {
            key                 = "Role"
            value               = "web"
            propagate_at_launch = false
          }
        }
        resource "aws_autoscaling_policy" "simple" {
          name                   = "prov-asglc-simple"
          autoscaling_group_name = aws_autoscaling_group.web.name
          adjustment_type        = "ChangeInCapacity"
          scaling_adjustment     = \(settings.adjustment)
          cooldown               = 60
        }
        resource "aws_autoscaling_policy" "step" {
          name                      = "prov-asglc-step"
          autoscaling_group_name    = aws_autoscaling_group.web.name
          policy_type               = "StepScaling"
          adjustment_type           = "PercentChangeInCapacity"
          metric_aggregation_type   = "Average"
          estimated_instance_warmup = 60
          step_adjustment {
            scaling_adjustment          = 10
            metric_interval_lower_bound = "0"
            metric_interval_upper_bound = "10"
          }
          step_adjustment {
            scaling_adjustment          = 20
            metric_interval_lower_bound = "10"
          }
        }
        resource "aws_autoscaling_policy" "tracking" {
          name                   = "prov-asglc-tracking"
          autoscaling_group_name = aws_autoscaling_group.web.name
          policy_type            = "TargetTrackingScaling"
          target_tracking_configuration {
            target_value = \(settings.targetValue)
            predefined_metric_specification {
              predefined_metric_type = "ASGAverageCPUUtilization"
            }
          }
        }
        resource "aws_autoscaling_attachment" "web" {
          autoscaling_group_name = aws_autoscaling_group.web.id
          lb_target_group_arn    = "\(targetGroup)"
        }
        resource "aws_launch_template" "templated" {
          name          = "prov-asglc-templated"
          image_id      = "\(ami)"
          instance_type = "t3.micro"
        }
        resource "aws_autoscaling_group" "templated" {
          name_prefix         = "prov-asglc-tpl-"
          vpc_zone_identifier = [aws_subnet.a.id]
          min_size            = 0
          max_size            = 2
          desired_capacity    = 1
          force_delete        = true
          launch_template {
            id      = aws_launch_template.templated.id
            version = "$Latest"
          }
          initial_lifecycle_hook {
            name                 = "prov-asglc-hook"
            lifecycle_transition = "autoscaling:EC2_INSTANCE_LAUNCHING"
            default_result       = "CONTINUE"
            heartbeat_timeout    = 60
          }
        }
        """
    }

    /// What the oracle sees of the groups, launch configurations, policies and hooks, asked in
    /// one Python run (each run takes a second or more to start).
    struct Seen {
        var groups: [String: [String: Any]] = [:]
        var launchConfigurations: [String: [String: Any]] = [:]
        var policies: [String: [String: Any]] = [:]
        var hooks: [[String: Any]] = []

        init(_ lifecycle: ResourceLifecycle, groups groupNames: [String], launchConfigurations configurationNames: [String] = [], policiesOf policyGroup: String? = nil, hooksOf hookGroup: String? = nil) throws {
            var calls = [MotoServer.OracleCall("autoscaling", "describe_auto_scaling_groups", ["AutoScalingGroupNames": groupNames], region: lifecycle.region)]
            if !configurationNames.isEmpty {
                calls.append(.init("autoscaling", "describe_launch_configurations", ["LaunchConfigurationNames": configurationNames], region: lifecycle.region))
            }
            if let policyGroup {
                calls.append(.init("autoscaling", "describe_policies", ["AutoScalingGroupName": policyGroup], region: lifecycle.region))
            }
            if let hookGroup {
                calls.append(.init("autoscaling", "describe_lifecycle_hooks", ["AutoScalingGroupName": hookGroup], region: lifecycle.region))
            }
            var answers = try lifecycle.server.oracle(calls)[...]
            groups = Self.byName(answers.removeFirst().response?["AutoScalingGroups"], "AutoScalingGroupName")
            if !configurationNames.isEmpty {
                launchConfigurations = Self.byName(answers.removeFirst().response?["LaunchConfigurations"], "LaunchConfigurationName")
            }
            if policyGroup != nil {
                policies = Self.byName(answers.removeFirst().response?["ScalingPolicies"], "PolicyName")
            }
            if hookGroup != nil {
                hooks = answers.removeFirst().response?["LifecycleHooks"] as? [[String: Any]] ?? []
            }
        }

        private static func byName(_ list: Any?, _ key: String) -> [String: [String: Any]] {
            Dictionary((list as? [[String: Any]] ?? []).compactMap { item in (item[key] as? String).map { ($0, item) } }, uniquingKeysWith: { a, _ in a })
        }
    }

    static func tags(_ group: [String: Any]?) -> [String: String] {
        Dictionary((group?["Tags"] as? [[String: Any]] ?? []).compactMap { tag in
            (tag["Key"] as? String).map { ($0, "\(tag["Value"] as? String ?? "")/\(tag["PropagateAtLaunch"] as? Bool ?? false)") }
        }, uniquingKeysWith: { a, _ in a })
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.network)
        let vpc = try #require(try lifecycle.attribute("aws_vpc.asg", "id") as? String)
        let setup = try lifecycle.server.oracle([
            .init("ec2", "describe_images", ["Filters": [["Name": "name", "Values": [EC2TestImages.ubuntuName]]]], region: lifecycle.region),
            .init("elbv2", "create_target_group", ["Name": "prov-asglc-tg", "Protocol": "HTTP", "Port": 80, "VpcId": vpc], region: lifecycle.region),
            .init("iam", "create_instance_profile", ["InstanceProfileName": "prov-asglc-profile"], region: lifecycle.region),
        ])
        let ami = try #require((setup[0].response?["Images"] as? [[String: Any]])?.first?["ImageId"] as? String)
        let targetGroupARN = try #require((setup[1].response?["TargetGroups"] as? [[String: Any]])?.first?["TargetGroupArn"] as? String)
        defer {
            _ = try? lifecycle.server.oracle([
                .init("elbv2", "delete_target_group", ["TargetGroupArn": targetGroupARN], region: lifecycle.region),
                .init("iam", "delete_instance_profile", ["InstanceProfileName": "prov-asglc-profile"], region: lifecycle.region),
            ])
        }

        try lifecycle.apply(Self.configuration(ami: ami, targetGroup: targetGroupARN))
        try lifecycle.expectNoChanges()
        let configurationName = try #require(try lifecycle.attribute("aws_launch_configuration.web", "name") as? String)
        let templatedName = try #require(try lifecycle.attribute("aws_autoscaling_group.templated", "name") as? String)
        var seen = try Seen(lifecycle, groups: ["prov-asglc-web", templatedName], launchConfigurations: [configurationName], policiesOf: "prov-asglc-web", hooksOf: templatedName)

        // The launch configuration: a generated name, user data kept as its SHA-1.
        #expect(configurationName.hasPrefix("prov-asglc-lc-"))
        #expect(try lifecycle.attribute("aws_launch_configuration.web", "id") as? String == configurationName)
        #expect(try lifecycle.attribute("aws_launch_configuration.web", "user_data") as? String == "12fa244b5fce655cad7e956e74e3248840916307")
        let configuration = try #require(seen.launchConfigurations[configurationName])
        #expect(try lifecycle.attribute("aws_launch_configuration.web", "arn") as? String == configuration["LaunchConfigurationARN"] as? String)
        #expect(configuration["UserData"] as? String == Data("#!/bin/sh\necho hello".utf8).base64EncodedString())
        #expect(configuration["IamInstanceProfile"] as? String == "prov-asglc-profile")
        #expect((configuration["InstanceMonitoring"] as? [String: Any])?["Enabled"] as? Bool == false)
        let groupID = try #require(try lifecycle.attribute("aws_security_group.asg", "id") as? String)
        #expect(configuration["SecurityGroups"] as? [String] == [groupID])
        let devices = Dictionary((configuration["BlockDeviceMappings"] as? [[String: Any]] ?? []).compactMap { mapping in
            (mapping["DeviceName"] as? String).map { ($0, (mapping["Ebs"] as? [String: Any])?["VolumeSize"] as? Int) }
        }, uniquingKeysWith: { a, _ in a })
        #expect(devices == ["/dev/sda1": 10, "/dev/sdf": 5])
        #expect((configuration["MetadataOptions"] as? [String: Any])?["HttpTokens"] as? String == "required")

        // The group, sized, tagged, with its processes, metrics and the attached target group.
        var group = try #require(seen.groups["prov-asglc-web"])
        #expect(try lifecycle.attribute("aws_autoscaling_group.web", "arn") as? String == group["AutoScalingGroupARN"] as? String)
        #expect(group["LaunchConfigurationName"] as? String == configurationName)
        #expect(group["DesiredCapacity"] as? Int == 1 && group["MaxSize"] as? Int == 2)
        #expect((group["Instances"] as? [[String: Any]])?.count == 1)
        #expect(group["HealthCheckGracePeriod"] as? Int == 120)
        #expect(group["NewInstancesProtectedFromScaleIn"] as? Bool == true)
        #expect(group["TerminationPolicies"] as? [String] == ["OldestInstance"])
        #expect(Self.tags(group) == ["Team": "a/true", "Role": "web/false"])
        #expect((group["SuspendedProcesses"] as? [[String: Any]])?.compactMap { $0["ProcessName"] as? String } == ["AZRebalance"])
        #expect((group["EnabledMetrics"] as? [[String: Any]])?.compactMap { $0["Metric"] as? String } == ["GroupMinSize"])
        #expect(group["TargetGroupARNs"] as? [String] == [targetGroupARN])
        let subnets = Set(((group["VPCZoneIdentifier"] as? String) ?? "").split(separator: ",").map(String.init))
        #expect(subnets == Set([try lifecycle.attribute("aws_subnet.a", "id") as? String, try lifecycle.attribute("aws_subnet.b", "id") as? String].compactMap { $0 }))
        let attachment = try #require(try lifecycle.attribute("aws_autoscaling_attachment.web", "id") as? String)
        #expect(attachment.hasPrefix("prov-asglc-web-"))

        // The policies and their ARNs.
        #expect(Set(seen.policies.keys) == ["prov-asglc-simple", "prov-asglc-step", "prov-asglc-tracking"])
        #expect(try lifecycle.attribute("aws_autoscaling_policy.simple", "arn") as? String == seen.policies["prov-asglc-simple"]?["PolicyARN"] as? String)
        #expect(seen.policies["prov-asglc-simple"]?["ScalingAdjustment"] as? Int == 1)
        #expect(seen.policies["prov-asglc-step"]?["PolicyType"] as? String == "StepScaling")
        #expect((seen.policies["prov-asglc-step"]?["StepAdjustments"] as? [[String: Any]])?.count == 2)
        #expect(((seen.policies["prov-asglc-tracking"]?["TargetTrackingConfiguration"] as? [String: Any])?["TargetValue"] as? Double) == 40)

        // The group launched from a template, with its initial lifecycle hook.
        #expect(templatedName.hasPrefix("prov-asglc-tpl-"))
        let templated = try #require(seen.groups[templatedName])
        #expect((templated["LaunchTemplate"] as? [String: Any])?["LaunchTemplateId"] as? String == (try lifecycle.attribute("aws_launch_template.templated", "id") as? String))
        #expect((templated["Instances"] as? [[String: Any]])?.count == 1)
        #expect(seen.hooks.first?["LifecycleHookName"] as? String == "prov-asglc-hook")
        #expect(seen.hooks.first?["HeartbeatTimeout"] as? Int == 60)

        // In place: capacity, tags, processes, metrics and a policy's adjustment.
        var changed = Settings()
        changed.desired = 2
        changed.maxSize = 3
        changed.team = "b"
        changed.suspended = "\"AZRebalance\", \"ScheduledActions\""
        // Metrics are only added: the emulator has no DisableMetricsCollection.
        changed.metrics = "\"GroupMinSize\", \"GroupMaxSize\""
        changed.adjustment = 2
        changed.targetValue = 50
        try lifecycle.apply(Self.configuration(ami: ami, targetGroup: targetGroupARN, changed))
        try lifecycle.expectNoChanges()
        seen = try Seen(lifecycle, groups: ["prov-asglc-web"], policiesOf: "prov-asglc-web")
        group = try #require(seen.groups["prov-asglc-web"])
        #expect(group["DesiredCapacity"] as? Int == 2 && group["MaxSize"] as? Int == 3)
        #expect((group["Instances"] as? [[String: Any]])?.count == 2)
        #expect(Self.tags(group) == ["Team": "b/true", "Role": "web/false"])
        #expect(Set((group["SuspendedProcesses"] as? [[String: Any]])?.compactMap { $0["ProcessName"] as? String } ?? []) == ["AZRebalance", "ScheduledActions"])
        #expect(Set((group["EnabledMetrics"] as? [[String: Any]])?.compactMap { $0["Metric"] as? String } ?? []) == ["GroupMinSize", "GroupMaxSize"])
        #expect(seen.policies["prov-asglc-simple"]?["ScalingAdjustment"] as? Int == 2)
        #expect(((seen.policies["prov-asglc-tracking"]?["TargetTrackingConfiguration"] as? [String: Any])?["TargetValue"] as? Double) == 50)

        // Replacement of the launch configuration, created before the old one is destroyed:
        // the group moves to the new one in place.
        changed.instanceType = "t3.small"
        changed.greeting = "again"
        try lifecycle.apply(Self.configuration(ami: ami, targetGroup: targetGroupARN, changed))
        try lifecycle.expectNoChanges()
        let newConfigurationName = try #require(try lifecycle.attribute("aws_launch_configuration.web", "name") as? String)
        #expect(newConfigurationName != configurationName && newConfigurationName.hasPrefix("prov-asglc-lc-"))
        #expect(try lifecycle.attribute("aws_launch_configuration.web", "user_data") as? String == "b0b6358ff86c661eb978691ebddb4b93beae75c0")
        seen = try Seen(lifecycle, groups: ["prov-asglc-web"], launchConfigurations: [configurationName, newConfigurationName])
        #expect(seen.groups["prov-asglc-web"]?["LaunchConfigurationName"] as? String == newConfigurationName)
        #expect(seen.launchConfigurations[configurationName] == nil && seen.launchConfigurations[newConfigurationName] != nil)

        // Replacement of the group (a new name): the old one is drained and deleted, the
        // policies and the attachment follow the new one.
        changed.groupName = "prov-asglc-web2"
        try lifecycle.apply(Self.configuration(ami: ami, targetGroup: targetGroupARN, changed))
        try lifecycle.expectNoChanges()
        seen = try Seen(lifecycle, groups: ["prov-asglc-web", "prov-asglc-web2"], policiesOf: "prov-asglc-web2")
        #expect(seen.groups["prov-asglc-web"] == nil)
        #expect(seen.groups["prov-asglc-web2"]?["TargetGroupARNs"] as? [String] == [targetGroupARN])
        #expect(Set(seen.policies.keys) == ["prov-asglc-simple", "prov-asglc-step", "prov-asglc-tracking"])

        try lifecycle.reimport("aws_launch_configuration.web", id: newConfigurationName)
        try lifecycle.reimport("aws_autoscaling_group.web", id: "prov-asglc-web2")
        try lifecycle.reimport("aws_autoscaling_policy.simple", id: "prov-asglc-web2/prov-asglc-simple")
        try lifecycle.reimport("aws_autoscaling_policy.step", id: "prov-asglc-web2/prov-asglc-step")
        try lifecycle.reimport("aws_autoscaling_policy.tracking", id: "prov-asglc-web2/prov-asglc-tracking")

        try lifecycle.destroy()
        seen = try Seen(lifecycle, groups: ["prov-asglc-web2", templatedName], launchConfigurations: [newConfigurationName])
        #expect(seen.groups.isEmpty)
        #expect(seen.launchConfigurations.isEmpty)
    }
}
