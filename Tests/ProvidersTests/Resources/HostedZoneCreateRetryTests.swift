import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// A create whose first answer was lost is sent again with the same caller reference; Route 53
/// refuses it (HostedZoneAlreadyExists) and prov adopts the zone the first request made rather
/// than failing or making a second one. The emulator does not check caller references, so this
/// is shown with scripted answers.
struct HostedZoneCreateRetryTests {
    static let namespace = #"xmlns="https://route53.amazonaws.com/doc/2013-04-01/""#

    @Test func aRefusedRepeatAdoptsTheZoneOfTheFirstRequest() async throws {
        let transport = RecordingTransport([
            .answer(400, "<ErrorResponse \(Self.namespace)><Error><Type>Sender</Type><Code>HostedZoneAlreadyExists</Code><Message>A hosted zone has already been created with the specified caller reference.</Message></Error><RequestId>r1</RequestId></ErrorResponse>"),
            .answer(200, """
                <ListHostedZonesResponse \(Self.namespace)><HostedZones>
                <HostedZone><Id>/hostedzone/ZOTHER</Id><Name>retry.example.</Name><CallerReference>someone-else</CallerReference></HostedZone>
                <HostedZone><Id>/hostedzone/ZMINE</Id><Name>retry.example.</Name><CallerReference>run-1-token</CallerReference></HostedZone>
                </HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>
                """),
            .answer(200, """
                <GetHostedZoneResponse \(Self.namespace)><HostedZone><Id>/hostedzone/ZMINE</Id><Name>retry.example.</Name>
                <CallerReference>run-1-token</CallerReference><Config><Comment>Managed by Terraform</Comment><PrivateZone>false</PrivateZone></Config>
                </HostedZone><DelegationSet><NameServers><NameServer>ns-2.example.net</NameServer><NameServer>ns-1.example.com</NameServer></NameServers></DelegationSet>
                </GetHostedZoneResponse>
                """),
            .answer(200, "<ListTagsForResourceResponse \(Self.namespace)><ResourceTagSet><ResourceType>hostedzone</ResourceType><ResourceId>ZMINE</ResourceId><Tags/></ResourceTagSet></ListTagsForResourceResponse>"),
        ])
        let client = AWSClient.forTesting(transport: transport)
        let operation = OperationContext(address: try #require(InstanceAddress.parse("aws_route53_zone.retry")), idempotencyToken: "run-1-token")
        let context = AWSContext(client: client, settings: try AWSProviderBlock(.null), operation: operation)
        let planned = Value.object([
            "name": .string("retry.example"), "comment": .string("Managed by Terraform"), "force_destroy": .false,
            "tags": .null(.map(.string)), "tags_all": .stringMap([:]),
        ])

        let zone = try await Route53ZoneResource().create(planned, in: context)

        #expect(zone.string("id") == "ZMINE")
        #expect(zone.string("primary_name_server") == "ns-2.example.net")
        #expect(zone.stringList("name_servers") == ["ns-1.example.com", "ns-2.example.net"])
        let requests = transport.requests
        #expect(requests.map(\.method) == ["POST", "GET", "GET", "GET"])
        #expect(requests.first?.bodyText.contains("<CallerReference>run-1-token</CallerReference>") == true)
        #expect(requests.first?.bodyText.contains("<HostedZoneConfig><Comment>Managed by Terraform</Comment></HostedZoneConfig>") == true)
    }
}
