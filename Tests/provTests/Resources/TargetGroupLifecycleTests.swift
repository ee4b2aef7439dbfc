import Foundation
import Testing
import TestSupport

/// aws_lb_target_group (and its aws_alb_target_group name) through its whole life: health
/// check, stickiness and attributes in place; a new group for a new port; AWS's defaults when
/// the configuration leaves the blocks out.
@Suite struct TargetGroupLifecycleTests {
    struct Settings {
        var port = 80
        var path = "/health"
        var interval = 30
        var deregistrationDelay = "30"
        var slowStart = 0
        var stickinessEnabled = true
        var cookieDuration = 3600
        var tag = "first"
    }

    static let network = """
    resource "aws_vpc" "tg" {
      cidr_block = "10.84.0.0/16"
    }
    """

    static func configuration(_ settings: Settings) -> String {
        network + """

        resource "aws_lb_target_group" "web" {
          name                 = "prov-lblc-tg-web"
          port                 = \(settings.port)
          protocol             = "HTTP"
          vpc_id               = aws_vpc.tg.id
          deregistration_delay = \(settings.deregistrationDelay)
          slow_start           = \(settings.slowStart)
          health_check {
            path                = "\(settings.path)"
            interval            = \(settings.interval)
            matcher             = "200-299"
            healthy_threshold   = 4
            unhealthy_threshold = 2
          }
          stickiness {
            type            = "lb_cookie"
            enabled         = \(settings.stickinessEnabled)
            cookie_duration = \(settings.cookieDuration)
          }
          tags = { Name = "\(settings.tag)" }
        }
        resource "aws_alb_target_group" "plain" {
          port     = 8080
          protocol = "TCP"
          vpc_id   = aws_vpc.tg.id
        }
        """
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        let oracle = ELBv2Oracle(lifecycle)
        var settings = Settings()
        try lifecycle.apply(Self.configuration(settings))
        try lifecycle.expectNoChanges()

        let web = try #require(try lifecycle.values("aws_lb_target_group.web"))
        let arn = try #require(web["arn"] as? String)
        #expect(web["id"] as? String == arn)
        #expect(arn.hasPrefix("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prov-lblc-tg-web/"))
        #expect(web["arn_suffix"] as? String == "targetgroup/" + arn.components(separatedBy: ":targetgroup/")[1])
        #expect(web["target_type"] as? String == "instance")
        #expect(web["protocol_version"] as? String == "HTTP1")
        #expect(web["deregistration_delay"] as? String == "30")
        let check = try #require((web["health_check"] as? [[String: Any]])?.first)
        #expect(check["port"] as? String == "traffic-port")
        #expect(check["protocol"] as? String == "HTTP")
        #expect(check["enabled"] as? Bool == true)

        // AWS's view, through boto3.
        var described = try #require(try oracle.targetGroup(arn))
        #expect(described["Port"] as? Int == 80)
        #expect(described["VpcId"] as? String == (try lifecycle.attribute("aws_vpc.tg", "id") as? String))
        #expect(described["HealthCheckPath"] as? String == "/health")
        #expect(described["HealthyThresholdCount"] as? Int == 4)
        #expect((described["Matcher"] as? [String: Any])?["HttpCode"] as? String == "200-299")
        var attributes = try oracle.targetGroupAttributes(arn)
        #expect(attributes["deregistration_delay.timeout_seconds"] == "30")
        #expect(attributes["stickiness.enabled"] == "true")
        #expect(attributes["stickiness.type"] == "lb_cookie")
        #expect(attributes["stickiness.lb_cookie.duration_seconds"] == "3600")
        #expect(try oracle.tags(arn) == ["Name": "first"])

        // Left to AWS: a generated name, the TCP health check AWS chooses.
        let plain = try #require(try lifecycle.values("aws_alb_target_group.plain"))
        let plainARN = try #require(plain["arn"] as? String)
        let plainName = try #require(plain["name"] as? String)
        #expect(plainName.hasPrefix("tf-") && plainName.count == "tf-".count + 26)
        #expect(plain["name_prefix"] as? String == "tf-")
        #expect((plain["health_check"] as? [[String: Any]])?.first?["protocol"] as? String == "TCP")
        #expect(try oracle.targetGroup(plainARN)?["TargetGroupName"] as? String == plainName)

        // In place: health check, attributes, stickiness, tags.
        settings.path = "/ready"
        settings.interval = 15
        settings.deregistrationDelay = "0"
        settings.slowStart = 60
        settings.stickinessEnabled = false
        settings.cookieDuration = 600
        settings.tag = "second"
        try lifecycle.apply(Self.configuration(settings))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_lb_target_group.web", "id") as? String == arn)
        described = try #require(try oracle.targetGroup(arn))
        #expect(described["HealthCheckPath"] as? String == "/ready")
        #expect(described["HealthCheckIntervalSeconds"] as? Int == 15)
        attributes = try oracle.targetGroupAttributes(arn)
        #expect(attributes["deregistration_delay.timeout_seconds"] == "0")
        #expect(attributes["slow_start.duration_seconds"] == "60")
        #expect(attributes["stickiness.enabled"] == "false")
        #expect(attributes["stickiness.lb_cookie.duration_seconds"] == "600")
        #expect(try oracle.tags(arn) == ["Name": "second"])

        try lifecycle.reimport("aws_lb_target_group.web", id: arn)
        try lifecycle.reimport("aws_alb_target_group.plain", id: plainARN)

        // Replace: another port is another target group.
        settings.port = 8000
        try lifecycle.apply(Self.configuration(settings))
        try lifecycle.expectNoChanges()
        let replacedARN = try #require(try lifecycle.attribute("aws_lb_target_group.web", "arn") as? String)
        #expect(replacedARN != arn)
        #expect(try oracle.targetGroup(replacedARN)?["Port"] as? Int == 8000)
        #expect(try oracle.isGone("describe_target_groups", ["TargetGroupArns": [arn]], code: "TargetGroupNotFound"))

        try lifecycle.destroy()
        for gone in [replacedARN, plainARN] {
            #expect(try oracle.isGone("describe_target_groups", ["TargetGroupArns": [gone]], code: "TargetGroupNotFound"))
        }
    }

    /// The provider's plan-time checks refuse what AWS would refuse later.
    @Test func refusesTCPHealthCheckWithPath() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.write(Self.network + """

        resource "aws_lb_target_group" "bad" {
          name     = "prov-lblc-tg-bad"
          port     = 443
          protocol = "TCP"
          vpc_id   = aws_vpc.tg.id
          health_check {
            protocol = "TCP"
            path     = "/health"
          }
        }
        """)
        let plan = try lifecycle.plan()
        #expect(plan.status != 0)
        #expect(plan.output.contains("health_check[0].path"), "\(plan.output)")

        try lifecycle.write(Self.network + """

        resource "aws_lb_target_group" "bad" {
          name     = "prov-lblc-tg-bad"
          protocol = "HTTP"
          vpc_id   = aws_vpc.tg.id
        }
        """)
        let missingPort = try lifecycle.plan()
        #expect(missingPort.status != 0)
        #expect(missingPort.output.contains("\"port\" must be specified"), "\(missingPort.output)")
    }
}
