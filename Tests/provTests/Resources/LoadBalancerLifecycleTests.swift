import Foundation
import Testing
import TestSupport

/// aws_lb (and its aws_alb name) through its whole life: an application load balancer's
/// attributes, subnets, security groups and tags in place; a new one for a new name.
@Suite struct LoadBalancerLifecycleTests {
    struct Settings {
        var name = "prov-lblc-alb"
        var idleTimeout = 90
        var http2 = true
        var subnets = "aws_subnet.a.id, aws_subnet.b.id"
        var securityGroups = "aws_security_group.one.id"
        var logs = ""
        var tag = "first"
    }

    static func configuration(_ settings: Settings) -> String {
        """
        resource "aws_vpc" "lb" {
          cidr_block = "10.81.0.0/16"
        }
        resource "aws_subnet" "a" {
          vpc_id            = aws_vpc.lb.id
          cidr_block        = "10.81.1.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_subnet" "b" {
          vpc_id            = aws_vpc.lb.id
          cidr_block        = "10.81.2.0/24"
          availability_zone = "eu-west-1b"
        }
        resource "aws_subnet" "c" {
          vpc_id            = aws_vpc.lb.id
          cidr_block        = "10.81.3.0/24"
          availability_zone = "eu-west-1c"
        }
        resource "aws_security_group" "one" {
          name   = "prov-lblc-alb-one"
          vpc_id = aws_vpc.lb.id
        }
        resource "aws_security_group" "two" {
          name   = "prov-lblc-alb-two"
          vpc_id = aws_vpc.lb.id
        }
        resource "aws_lb" "web" {
          name                       = "\(settings.name)"
          internal                   = true
          security_groups            = [\(settings.securityGroups)]
          subnets                    = [\(settings.subnets)]
          idle_timeout               = \(settings.idleTimeout)
          enable_http2               = \(settings.http2)
          drop_invalid_header_fields = true
          desync_mitigation_mode     = "strictest"
          \(settings.logs)
          tags = { Name = "\(settings.tag)" }
        }
        resource "aws_alb" "generated" {
          name_prefix = "lblc-"
          internal    = true
          subnets     = [aws_subnet.a.id, aws_subnet.b.id]
        }
        """
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        let oracle = ELBv2Oracle(lifecycle)
        var settings = Settings()
        try lifecycle.apply(Self.configuration(settings))
        try lifecycle.expectNoChanges()

        let web = try #require(try lifecycle.values("aws_lb.web"))
        let arn = try #require(web["arn"] as? String)
        #expect(web["id"] as? String == arn)
        #expect(arn.hasPrefix("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/prov-lblc-alb/"))
        #expect(web["arn_suffix"] as? String == String(arn.split(separator: ":").last!.dropFirst("loadbalancer/".count)))
        #expect(web["load_balancer_type"] as? String == "application")
        #expect(web["vpc_id"] as? String == (try lifecycle.attribute("aws_vpc.lb", "id") as? String))
        let subnetA = try #require(try lifecycle.attribute("aws_subnet.a", "id") as? String)
        let subnetB = try #require(try lifecycle.attribute("aws_subnet.b", "id") as? String)
        let subnetC = try #require(try lifecycle.attribute("aws_subnet.c", "id") as? String)
        let groupOne = try #require(try lifecycle.attribute("aws_security_group.one", "id") as? String)
        let groupTwo = try #require(try lifecycle.attribute("aws_security_group.two", "id") as? String)
        #expect(Set(web["subnets"] as? [String] ?? []) == [subnetA, subnetB])
        #expect(Set((web["subnet_mapping"] as? [[String: Any]] ?? []).compactMap { $0["subnet_id"] as? String }) == [subnetA, subnetB])

        // AWS's view, through boto3.
        let described = try #require(try oracle.loadBalancer(arn))
        #expect(described["Scheme"] as? String == "internal")
        #expect(described["DNSName"] as? String == web["dns_name"] as? String)
        #expect(described["CanonicalHostedZoneId"] as? String == web["zone_id"] as? String)
        #expect(described["SecurityGroups"] as? [String] == [groupOne])
        var attributes = try oracle.loadBalancerAttributes(arn)
        #expect(attributes["idle_timeout.timeout_seconds"] == "90")
        #expect(attributes["routing.http2.enabled"] == "true")
        #expect(attributes["routing.http.drop_invalid_header_fields.enabled"] == "true")
        #expect(attributes["routing.http.desync_mitigation_mode"] == "strictest")
        #expect(attributes["access_logs.s3.enabled"] == "false")
        #expect(try oracle.tags(arn) == ["Name": "first"])

        // The alias and a generated name from the prefix.
        let generated = try #require(try lifecycle.values("aws_alb.generated"))
        let generatedName = try #require(generated["name"] as? String)
        #expect(generatedName.hasPrefix("lblc-") && generatedName.count == "lblc-".count + 26)
        #expect(generated["name_prefix"] as? String == "lblc-")
        #expect(generated["idle_timeout"] as? Int == 60)
        let generatedARN = try #require(generated["arn"] as? String)
        #expect(try oracle.loadBalancer(generatedARN)?["LoadBalancerName"] as? String == generatedName)

        // In place: attributes, access logs, a third subnet, another security group, tags.
        settings.idleTimeout = 120
        settings.http2 = false
        settings.subnets = "aws_subnet.a.id, aws_subnet.b.id, aws_subnet.c.id"
        settings.securityGroups = "aws_security_group.one.id, aws_security_group.two.id"
        settings.logs = """
        access_logs {
            bucket  = "prov-lblc-logs"
            prefix  = "web"
            enabled = true
          }
        """
        settings.tag = "second"
        try lifecycle.apply(Self.configuration(settings))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_lb.web", "id") as? String == arn)
        attributes = try oracle.loadBalancerAttributes(arn)
        #expect(attributes["idle_timeout.timeout_seconds"] == "120")
        #expect(attributes["routing.http2.enabled"] == "false")
        #expect(attributes["access_logs.s3.enabled"] == "true")
        #expect(attributes["access_logs.s3.bucket"] == "prov-lblc-logs")
        #expect(attributes["access_logs.s3.prefix"] == "web")
        let updated = try #require(try oracle.loadBalancer(arn))
        #expect(Set(updated["SecurityGroups"] as? [String] ?? []) == [groupOne, groupTwo])
        #expect(Set((updated["AvailabilityZones"] as? [[String: Any]] ?? []).compactMap { $0["SubnetId"] as? String }) == [subnetA, subnetB, subnetC])
        #expect(try oracle.tags(arn) == ["Name": "second"])

        // An attribute changed outside prov is drift the next apply undoes.
        _ = try lifecycle.oracle("elbv2", "modify_load_balancer_attributes", ["LoadBalancerArn": arn, "Attributes": [["Key": "idle_timeout.timeout_seconds", "Value": "30"]]])
        let drift = try lifecycle.plan()
        #expect(drift.stdout.contains("aws_lb.web will be updated in-place"), "\(drift.output)")
        try lifecycle.apply()
        #expect(try oracle.loadBalancerAttributes(arn)["idle_timeout.timeout_seconds"] == "120")

        try lifecycle.reimport("aws_lb.web", id: arn)
        try lifecycle.reimport("aws_alb.generated", id: generatedARN)

        // Replace: a new name is a new load balancer, and the old one is deleted.
        settings.name = "prov-lblc-alb-renamed"
        try lifecycle.apply(Self.configuration(settings))
        try lifecycle.expectNoChanges()
        let renamedARN = try #require(try lifecycle.attribute("aws_lb.web", "arn") as? String)
        #expect(renamedARN != arn)
        #expect(try oracle.loadBalancer(renamedARN)?["LoadBalancerName"] as? String == "prov-lblc-alb-renamed")
        #expect(try oracle.isGone("describe_load_balancers", ["LoadBalancerArns": [arn]], code: "LoadBalancerNotFound"))

        try lifecycle.destroy()
        for gone in [renamedARN, generatedARN] {
            #expect(try oracle.isGone("describe_load_balancers", ["LoadBalancerArns": [gone]], code: "LoadBalancerNotFound"))
        }
    }

    /// The provider's plan-time checks: exactly one of subnets and subnet_mapping; a name or a
    /// prefix, not both (load balancers and target groups); listener rule transforms, which prov
    /// does not implement, are named as unsupported.
    @Test func refusesInvalidConfigurations() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.write("""
        resource "aws_lb" "unplaced" {
          name = "prov-lblc-unplaced"
        }
        """)
        let unplaced = try lifecycle.plan()
        #expect(unplaced.status != 0)
        #expect(unplaced.output.contains("one of `subnet_mapping,subnets` must be specified"), "\(unplaced.output)")

        try lifecycle.write("""
        resource "aws_lb" "named" {
          name        = "prov-lblc-named"
          name_prefix = "lblc-"
          subnets     = ["subnet-00000000000000001", "subnet-00000000000000002"]
        }

        resource "aws_lb_target_group" "named" {
          name        = "prov-lblc-named"
          name_prefix = "lblc-"
        }
        """)
        let named = try lifecycle.plan()
        #expect(named.status != 0)
        #expect(named.output.components(separatedBy: "conflicts with name_prefix").count == 3, "\(named.output)")

        try lifecycle.write("""
        resource "aws_lb_listener_rule" "rewriting" {
          listener_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/prov-lblc/0123456789abcdef/0123456789abcdef"
          action {
            type = "fixed-response"
            fixed_response {
              content_type = "text/plain"
            }
          }
          condition {
            path_pattern {
              values = ["/old/*"]
            }
          }
          transform {
            type = "url-rewrite"
            url_rewrite_config {
              rewrite {
                regex   = "^/old/(.*)$"
                replace = "/new/$1"
              }
            }
          }
        }
        """)
        let rewriting = try lifecycle.plan()
        #expect(rewriting.status != 0)
        #expect(rewriting.output.contains("prov does not support the argument \"type\""), "\(rewriting.output)")
    }
}
