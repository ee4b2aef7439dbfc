import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// Elastic Load Balancing v2 as AWS really behaves where the emulator does not: a load
/// balancer is `provisioning` for a while, a partition may not know an attribute, a target
/// group is refused for deletion while a listener still goes, a rule's next priority can be
/// taken by another. Answers come from a script, waits from a virtual clock.
struct ELBv2ScriptedTests {
    static let arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/0123456789abcdef"
    static let groupARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef"
    static let listenerARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/0123456789abcdef/fedcba9876543210"
    static let ruleARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/web/0123456789abcdef/fedcba9876543210/1111222233334444"

    static func ok(_ action: String, _ result: String = "") -> RecordingTransport.Answer {
        .answer(200, "<\(action)Response><\(action)Result>\(result)</\(action)Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></\(action)Response>")
    }

    static func refused(_ code: String, _ message: String) -> RecordingTransport.Answer {
        .answer(400, "<ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error><RequestId>r</RequestId></ErrorResponse>")
    }

    static func loadBalancer(_ state: String) -> RecordingTransport.Answer {
        ok("DescribeLoadBalancers", """
            <LoadBalancers><member><LoadBalancerArn>\(arn)</LoadBalancerArn><LoadBalancerName>web</LoadBalancerName>
            <DNSName>web-1.eu-west-1.elb.amazonaws.com</DNSName><CanonicalHostedZoneId>Z32O12XQLNTSW2</CanonicalHostedZoneId>
            <Scheme>internal</Scheme><VpcId>vpc-1</VpcId><State><Code>\(state)</Code></State><Type>application</Type>
            <AvailabilityZones><member><ZoneName>eu-west-1a</ZoneName><SubnetId>subnet-a</SubnetId></member>
            <member><ZoneName>eu-west-1b</ZoneName><SubnetId>subnet-b</SubnetId></member></AvailabilityZones>
            <SecurityGroups><member>sg-1</member></SecurityGroups><IpAddressType>ipv4</IpAddressType></member></LoadBalancers>
            """)
    }

    static func context(_ transport: RecordingTransport, clock: VirtualClock, progress: StatusLog = StatusLog()) throws -> AWSContext {
        let operation = OperationContext(address: InstanceAddress(resource: ResourceAddress(type: "aws_lb", name: "web")), idempotencyToken: "token-1") { progress.append($0) }
        return AWSContext(client: AWSClient.forTesting(transport: transport, clock: clock), settings: try AWSProviderBlock(.null), operation: operation)
    }

    @Test func createWaitsUntilActiveAndDropsAttributesThePartitionDoesNotKnow() async throws {
        let transport = RecordingTransport([
            Self.refused("LoadBalancerNotFound", "Load balancers '[web]' not found"),
            Self.ok("CreateLoadBalancer", "<LoadBalancers><member><LoadBalancerArn>\(Self.arn)</LoadBalancerArn></member></LoadBalancers>"),
            Self.loadBalancer("provisioning"),
            Self.loadBalancer("active"),
            Self.refused("ValidationError", "Load balancer attribute key 'routing.http.desync_mitigation_mode' is not recognized"),
            Self.ok("ModifyLoadBalancerAttributes"),
            Self.loadBalancer("active"),
            Self.loadBalancer("active"),
            Self.ok("DescribeLoadBalancerAttributes", "<Attributes><member><Key>idle_timeout.timeout_seconds</Key><Value>90</Value></member></Attributes>"),
            Self.ok("DescribeTags", "<TagDescriptions><member><ResourceArn>\(Self.arn)</ResourceArn><Tags/></member></TagDescriptions>"),
        ])
        let clock = VirtualClock()
        let progress = StatusLog()
        let planned = Value.object([
            "name": .string("web"), "load_balancer_type": .string("application"), "internal": .true,
            "subnets": .stringSet(["subnet-a", "subnet-b"]), "security_groups": .stringSet(["sg-1"]),
            "idle_timeout": .number(90), "desync_mitigation_mode": .string("defensive"), "enable_http2": .true,
            "tags": .null(.map(.string)), "tags_all": .stringMap([:]),
        ])
        let created = try await LoadBalancerResource().create(planned, in: try Self.context(transport, clock: clock, progress: progress))

        #expect(created.string("id") == Self.arn)
        #expect(created.string("arn_suffix") == "app/web/0123456789abcdef")
        #expect(created.int("idle_timeout") == 90)
        #expect(progress.entries.contains("state: provisioning"))
        let bodies = transport.requests.map(\.bodyText)
        #expect(bodies[1].contains("Action=CreateLoadBalancer") && bodies[1].contains("Scheme=internal") && bodies[1].contains("Subnets.member.2=subnet-b"))
        #expect(bodies[4].contains("routing.http.desync_mitigation_mode"))
        #expect(!bodies[5].contains("routing.http.desync_mitigation_mode") && bodies[5].contains("idle_timeout.timeout_seconds"))
    }

    @Test func deleteWaitsUntilTheLoadBalancerAndItsNetworkInterfacesAreGone() async throws {
        let interfaces = { (count: Int) -> RecordingTransport.Answer in
            let items = (0..<count).map { "<item><networkInterfaceId>eni-\($0)</networkInterfaceId><description>ELB app/web/0123456789abcdef</description></item>" }
            return .answer(200, "<DescribeNetworkInterfacesResponse><networkInterfaceSet>\(items.joined())</networkInterfaceSet></DescribeNetworkInterfacesResponse>")
        }
        let transport = RecordingTransport([
            Self.ok("DeleteLoadBalancer"),
            Self.loadBalancer("active"),
            Self.refused("LoadBalancerNotFound", "One or more load balancers not found"),
            interfaces(2), interfaces(1), interfaces(0),
        ])
        let clock = VirtualClock()
        try await LoadBalancerResource().delete(.object(["id": .string(Self.arn), "load_balancer_type": .string("application")]), in: try Self.context(transport, clock: clock))
        let bodies = transport.requests.map(\.bodyText)
        #expect(bodies.count == 6)
        #expect(bodies[3].contains("Action=DescribeNetworkInterfaces") && bodies[3].contains("Filter.2.Value.1=ELB+app%2Fweb%2F0123456789abcdef"))
        #expect(bodies[3].contains("Filter.1.Value.1=amazon-elb"))
        #expect(clock.sleeps.count == 3, "one pause while listed, two while interfaces remain")
    }

    @Test func aTargetGroupInUseIsDeletedOnceTheListenerHasGone() async throws {
        let inUse = Self.refused("ResourceInUse", "The target group '\(Self.groupARN)' is currently in use by a listener or a rule")
        let transport = RecordingTransport([inUse, inUse, Self.ok("DeleteTargetGroup")])
        let clock = VirtualClock()
        try await TargetGroupResource().delete(.object(["id": .string(Self.groupARN)]), in: try Self.context(transport, clock: clock))
        #expect(transport.requests.count == 3)
        #expect(clock.sleeps.count == 2)
    }

    @Test func aTargetGroupStillInUseAfterTwoMinutesIsAnError() async throws {
        let transport = RecordingTransport([Self.refused("ResourceInUse", "The target group '\(Self.groupARN)' is currently in use by a listener or a rule")])
        let clock = VirtualClock()
        let error = try await #require(throws: ProviderError.self) {
            try await TargetGroupResource().delete(.object(["id": .string(Self.groupARN)]), in: try Self.context(transport, clock: clock))
        }
        #expect(error.summary == "Deleting ELBv2 Target Group (\(Self.groupARN))")
        #expect(error.detail.contains("ResourceInUse"))
        let waited = clock.sleeps.reduce(Duration.zero, +)
        #expect(waited >= .seconds(119) && waited <= .seconds(121))
    }

    @Test func aRuleWithoutPriorityTakesTheNextOneAgainWhenAnotherTookIt() async throws {
        func rules(_ priorities: [String]) -> RecordingTransport.Answer {
            let members = priorities.enumerated().map { "<member><RuleArn>\(Self.ruleARN)-\($0.offset)</RuleArn><Priority>\($0.element)</Priority></member>" }
            return Self.ok("DescribeRules", "<Rules>\(members.joined())</Rules>")
        }
        let rule = Self.ok("DescribeRules", """
            <Rules><member><RuleArn>\(Self.ruleARN)</RuleArn><Priority>9</Priority>
            <Actions><member><Type>fixed-response</Type><Order>1</Order><FixedResponseConfig><ContentType>text/plain</ContentType><StatusCode>200</StatusCode></FixedResponseConfig></member></Actions>
            <Conditions><member><Field>path-pattern</Field><PathPatternConfig><Values><member>/api/*</member></Values></PathPatternConfig></member></Conditions>
            </member></Rules>
            """)
        let transport = RecordingTransport([
            rules(["3", "7", "default"]),
            Self.refused("PriorityInUse", "Priority '8' is currently in use"),
            rules(["3", "7", "8", "default"]),
            Self.ok("CreateRule", "<Rules><member><RuleArn>\(Self.ruleARN)</RuleArn></member></Rules>"),
            rule, rule,
            Self.ok("DescribeTags", "<TagDescriptions><member><ResourceArn>\(Self.ruleARN)</ResourceArn><Tags/></member></TagDescriptions>"),
        ])
        let planned = Value.object([
            "listener_arn": .string(Self.listenerARN), "priority": .unknown(.number),
            "action": .list([.object(["type": .string("fixed-response"), "fixed_response": .list([.object(["content_type": .string("text/plain"), "status_code": .string("200")])])])]),
            "condition": .set([.object(["path_pattern": .list([.object(["values": .stringSet(["/api/*"])])])])]),
            "tags": .null(.map(.string)), "tags_all": .stringMap([:]),
        ])
        let created = try await ListenerRuleResource().create(planned, in: try Self.context(transport, clock: VirtualClock()))

        #expect(created.int("priority") == 9)
        #expect(created.string("listener_arn") == Self.listenerARN)
        let creates = transport.requests.map(\.bodyText).filter { $0.contains("Action=CreateRule") }
        #expect(creates.count == 2)
        #expect(creates[0].contains("Priority=8") && creates[1].contains("Priority=9"))
        #expect(creates[1].contains("Conditions.member.1.PathPatternConfig.Values.member.1=%2Fapi%2F%2A"))
    }

    /// An IP target registered in every zone without a port: the id keeps an empty port, as the
    /// provider writes it, and an import by that id asks for that target and learns its QUIC
    /// server id (which the emulator does not know).
    @Test func anAttachmentImportedByZoneWithoutPortReadsItsQUICServerID() async throws {
        let transport = RecordingTransport([
            Self.ok("DescribeTargetHealth", """
                <TargetHealthDescriptions><member><Target><Id>10.0.0.5</Id><Port>443</Port><AvailabilityZone>all</AvailabilityZone>
                <QuicServerId>0x1a2b3c4d5e6f7a8b</QuicServerId></Target><TargetHealth><State>healthy</State></TargetHealth></member></TargetHealthDescriptions>
                """),
        ])
        let id = "\(Self.groupARN),10.0.0.5,,all"
        let imported = try await TargetGroupAttachmentResource().importObject(id: id, in: try Self.context(transport, clock: VirtualClock()))

        #expect(imported.string("id") == id)
        #expect(TargetGroupAttachmentResource.identifier(imported) == id)
        #expect(imported.int("port") == nil)
        #expect(imported.string("availability_zone") == "all")
        #expect(imported.string("quic_server_id") == "0x1a2b3c4d5e6f7a8b")
        let body = try #require(transport.requests.first?.bodyText)
        #expect(body.contains("Targets.member.1.Id=10.0.0.5") && body.contains("Targets.member.1.AvailabilityZone=all") && !body.contains("Port"))

        await #expect(throws: ProviderError.self) {
            try await TargetGroupAttachmentResource().importObject(id: "\(Self.groupARN),10.0.0.5,http", in: try Self.context(transport, clock: VirtualClock()))
        }
        #expect(transport.requests.count == 1, "a malformed id is refused before asking AWS")
    }
}
