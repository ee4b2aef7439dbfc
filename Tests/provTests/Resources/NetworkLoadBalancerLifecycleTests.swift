import Foundation
import Testing
import TestSupport

/// A network load balancer placed by subnet mappings, a TCP listener and target group, and an
/// instance registered by aws_lb_target_group_attachment; data "aws_lb" and "aws_alb".
@Suite struct NetworkLoadBalancerLifecycleTests {
    static func configuration(mappings: [String], crossZone: Bool, instance: String, port: Int) -> String {
        let blocks = mappings.map { "subnet_mapping {\n    subnet_id = aws_subnet.\($0).id\n  }" }.joined(separator: "\n  ")
        return """
        resource "aws_vpc" "nlb" {
          cidr_block = "10.82.0.0/16"
        }
        resource "aws_subnet" "a" {
          vpc_id            = aws_vpc.nlb.id
          cidr_block        = "10.82.1.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_subnet" "b" {
          vpc_id            = aws_vpc.nlb.id
          cidr_block        = "10.82.2.0/24"
          availability_zone = "eu-west-1b"
        }
        resource "aws_lb" "net" {
          name                             = "prov-lblc-nlb"
          load_balancer_type               = "network"
          internal                         = true
          enable_cross_zone_load_balancing = \(crossZone)
          \(blocks)
          tags = { Role = "prov-lblc-nlb" }
        }
        resource "aws_lb_target_group" "tcp" {
          name               = "prov-lblc-nlb-tcp"
          port               = 443
          protocol           = "TCP"
          vpc_id             = aws_vpc.nlb.id
          proxy_protocol_v2  = true
          preserve_client_ip = "true"
        }
        resource "aws_lb_listener" "tcp" {
          load_balancer_arn = aws_lb.net.arn
          port              = 443
          protocol          = "TCP"
          default_action {
            type             = "forward"
            target_group_arn = aws_lb_target_group.tcp.arn
          }
        }
        resource "aws_lb_target_group_attachment" "instance" {
          target_group_arn = aws_lb_target_group.tcp.arn
          target_id        = "\(instance)"
          port             = \(port)
        }
        """
    }

    static let dataSources = """

    data "aws_lb" "by_name" {
      name = aws_lb.net.name
    }
    data "aws_alb" "by_tags" {
      tags       = { Role = "prov-lblc-nlb" }
      depends_on = [aws_lb.net]
    }
    output "by_name" {
      value = data.aws_lb.by_name
    }
    output "by_tags" {
      value = data.aws_alb.by_tags
    }
    """

    @Test func networkLoadBalancerListenerAndAttachment() throws {
        let lifecycle = try ResourceLifecycle()
        let oracle = ELBv2Oracle(lifecycle)
        // The instance is made through boto3 in a subnet of the test's own VPC, made first.
        try lifecycle.apply("""
        resource "aws_vpc" "nlb" {
          cidr_block = "10.82.0.0/16"
        }
        resource "aws_subnet" "a" {
          vpc_id            = aws_vpc.nlb.id
          cidr_block        = "10.82.1.0/24"
          availability_zone = "eu-west-1a"
        }
        """)
        let subnetA = try #require(try lifecycle.attribute("aws_subnet.a", "id") as? String)
        let instance = try oracle.runInstance(subnet: subnetA)
        defer { _ = try? lifecycle.oracle("ec2", "terminate_instances", ["InstanceIds": [instance]]) }

        try lifecycle.apply(Self.configuration(mappings: ["a"], crossZone: true, instance: instance, port: 8443) + Self.dataSources)
        try lifecycle.expectNoChanges()
        let net = try #require(try lifecycle.values("aws_lb.net"))
        let arn = try #require(net["arn"] as? String)
        #expect(net["load_balancer_type"] as? String == "network")
        #expect(net["subnets"] as? [String] == [subnetA])
        #expect(try oracle.loadBalancer(arn)?["Type"] as? String == "network")
        #expect(try oracle.loadBalancerAttributes(arn)["load_balancing.cross_zone.enabled"] == "true")
        // Attributes of application load balancers are left alone for a network one.
        #expect(try oracle.loadBalancerAttributes(arn)["idle_timeout.timeout_seconds"] == nil)

        let groupARN = try #require(try lifecycle.attribute("aws_lb_target_group.tcp", "arn") as? String)
        let groupAttributes = try oracle.targetGroupAttributes(groupARN)
        #expect(groupAttributes["proxy_protocol_v2.enabled"] == "true")
        #expect(groupAttributes["preserve_client_ip.enabled"] == "true")
        let listenerARN = try #require(try lifecycle.attribute("aws_lb_listener.tcp", "arn") as? String)
        #expect(try oracle.listener(listenerARN)?["Protocol"] as? String == "TCP")

        let attachmentID = try #require(try lifecycle.attribute("aws_lb_target_group_attachment.instance", "id") as? String)
        #expect(attachmentID == "\(groupARN),\(instance),8443")
        #expect(try oracle.registeredTargets(groupARN) == [instance])

        // The data sources find the load balancer by name and by tags.
        let described = try #require(try oracle.loadBalancer(arn))
        for output in ["by_name", "by_tags"] {
            let found = try #require(try lifecycle.output(output))
            #expect(found["arn"] as? String == arn)
            #expect(found["id"] as? String == arn)
            #expect(found["dns_name"] as? String == described["DNSName"] as? String)
            #expect(found["zone_id"] as? String == described["CanonicalHostedZoneId"] as? String)
            #expect(found["vpc_id"] as? String == described["VpcId"] as? String)
            #expect(found["internal"] as? Bool == true)
            #expect(found["load_balancer_type"] as? String == "network")
            #expect(found["subnets"] as? [String] == [subnetA])
            #expect(found["enable_cross_zone_load_balancing"] as? Bool == true)
            #expect(found["tags"] as? [String: String] == ["Role": "prov-lblc-nlb"])
        }

        // In place: a network load balancer may gain a subnet mapping.
        try lifecycle.apply(Self.configuration(mappings: ["a", "b"], crossZone: false, instance: instance, port: 8443))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_lb.net", "arn") as? String == arn)
        let subnetB = try #require(try lifecycle.attribute("aws_subnet.b", "id") as? String)
        let zones = try #require(try oracle.loadBalancer(arn)?["AvailabilityZones"] as? [[String: Any]])
        #expect(Set(zones.compactMap { $0["SubnetId"] as? String }) == [subnetA, subnetB])
        #expect(try oracle.loadBalancerAttributes(arn)["load_balancing.cross_zone.enabled"] == "false")

        // A target deregistered outside prov is registered again.
        _ = try lifecycle.oracle("elbv2", "deregister_targets", ["TargetGroupArn": groupARN, "Targets": [["Id": instance, "Port": 8443]]])
        let drift = try lifecycle.plan()
        #expect(drift.stdout.contains("aws_lb_target_group_attachment.instance will be created"), "\(drift.output)")
        try lifecycle.apply()
        #expect(try oracle.registeredTargets(groupARN) == [instance])

        try lifecycle.reimport("aws_lb.net", id: arn)
        try lifecycle.reimport("aws_lb_listener.tcp", id: listenerARN)
        try lifecycle.reimport("aws_lb_target_group.tcp", id: groupARN)
        try lifecycle.reimport("aws_lb_target_group_attachment.instance", id: attachmentID)
        #expect(try lifecycle.attribute("aws_lb_target_group_attachment.instance", "port") as? Int == 8443)
        // An id naming a target that is not registered imports nothing.
        #expect(try lifecycle.prov.run("state", "rm", "aws_lb_target_group_attachment.instance").status == 0)
        let missing = try lifecycle.prov.run("import", "aws_lb_target_group_attachment.instance", "\(groupARN),i-0ffffffffffffffff,8443")
        #expect(missing.status != 0)
        #expect(missing.output.contains("Cannot import non-existent remote object"), "\(missing.output)")
        let malformed = try lifecycle.prov.run("import", "aws_lb_target_group_attachment.instance", groupARN)
        #expect(malformed.status != 0)
        #expect(malformed.output.contains("expected TARGET_GROUP_ARN,TARGET_ID[,PORT][,AVAILABILITY_ZONE]"), "\(malformed.output)")
        #expect(try lifecycle.prov.run("import", "aws_lb_target_group_attachment.instance", attachmentID).status == 0)
        try lifecycle.expectNoChanges()

        // Replace: a network load balancer cannot lose a subnet mapping in place; an
        // attachment on another port is another registration.
        try lifecycle.apply(Self.configuration(mappings: ["b"], crossZone: false, instance: instance, port: 9443))
        try lifecycle.expectNoChanges()
        let replacedARN = try #require(try lifecycle.attribute("aws_lb.net", "arn") as? String)
        #expect(replacedARN != arn)
        #expect(try oracle.isGone("describe_load_balancers", ["LoadBalancerArns": [arn]], code: "LoadBalancerNotFound"))
        #expect(try lifecycle.attribute("aws_lb_target_group_attachment.instance", "id") as? String == "\(groupARN),\(instance),9443")
        let health = try lifecycle.oracle("elbv2", "describe_target_health", ["TargetGroupArn": groupARN]).response?["TargetHealthDescriptions"] as? [[String: Any]]
        #expect((health ?? []).compactMap { ($0["Target"] as? [String: Any])?["Port"] as? Int } == [9443])

        // Destroy deregisters the target before the group goes.
        try lifecycle.destroy()
        #expect(try oracle.isGone("describe_load_balancers", ["LoadBalancerArns": [replacedARN]], code: "LoadBalancerNotFound"))
        #expect(try oracle.isGone("describe_target_groups", ["TargetGroupArns": [groupARN]], code: "TargetGroupNotFound"))
    }
}
