import Foundation
import ResourceGraph
import Testing

@testable import Providers

struct AWSPaginationTests {
    @Test func followsEC2NextTokens() async throws {
        let transport = RecordingTransport([
            .answer(200, "<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-1</vpcId></item></vpcSet><nextToken>t1</nextToken></DescribeVpcsResponse>"),
            .answer(200, "<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-2</vpcId></item></vpcSet><nextToken>t2</nextToken></DescribeVpcsResponse>"),
            .answer(200, "<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-3</vpcId></item></vpcSet></DescribeVpcsResponse>"),
        ])
        let client = AWSClient.forTesting(transport: transport)
        var parameters = QueryParameters()
        parameters.set("MaxResults", 5)
        let pages = try await client.queryPages(.ec2, action: "DescribeVpcs", parameters: parameters, token: .ec2)
        #expect(pages.flatMap { $0.all("vpcSet", "item") }.compactMap { $0.string("vpcId") } == ["vpc-1", "vpc-2", "vpc-3"])
        #expect(transport.requests.map(\.bodyText) == [
            "Action=DescribeVpcs&Version=2016-11-15&MaxResults=5",
            "Action=DescribeVpcs&Version=2016-11-15&MaxResults=5&NextToken=t1",
            "Action=DescribeVpcs&Version=2016-11-15&MaxResults=5&NextToken=t2",
        ])
    }

    @Test func followsQueryMarkersInsideTheResult() async throws {
        let transport = RecordingTransport([
            .answer(200, "<ListRolesResponse><ListRolesResult><Roles><member><RoleName>a</RoleName></member></Roles><IsTruncated>true</IsTruncated><Marker>m1</Marker></ListRolesResult></ListRolesResponse>"),
            .answer(200, "<ListRolesResponse><ListRolesResult><Roles><member><RoleName>b</RoleName></member></Roles><IsTruncated>false</IsTruncated></ListRolesResult></ListRolesResponse>"),
        ])
        let client = AWSClient.forTesting(transport: transport)
        let pages = try await client.queryPages(.iam, action: "ListRoles", token: .marker)
        #expect(pages.flatMap { $0.all("Roles", "member") }.compactMap { $0.string("RoleName") } == ["a", "b"])
        #expect(transport.requests.last?.bodyText == "Action=ListRoles&Version=2010-05-08&Marker=m1")
    }

    @Test func followsJSONNextTokens() async throws {
        let transport = RecordingTransport([
            .answer(200, #"{"SecretList":[{"Name":"a"}],"NextToken":"n1"}"#),
            .answer(200, #"{"SecretList":[{"Name":"b"}],"NextToken":""}"#),
        ])
        let client = AWSClient.forTesting(transport: transport)
        let pages = try await client.jsonPages(
            .secretsManager, operation: "ListSecrets", body: .object(["MaxResults": .number(1)]))
        let names = pages.flatMap { $0[attribute: "SecretList"]?.elements ?? [] }.compactMap { $0[attribute: "Name"]?.stringValue }
        #expect(names == ["a", "b"])
        #expect(transport.requests.map(\.bodyText) == [#"{"MaxResults":1}"#, #"{"MaxResults":1,"NextToken":"n1"}"#])
    }

    @Test func stopsWhenAServiceRepeatsTheTokenItWasGiven() async throws {
        let transport = RecordingTransport([
            .answer(200, #"{"Items":[1],"NextToken":"same"}"#),
        ])
        let client = AWSClient.forTesting(transport: transport)
        let pages = try await client.jsonPages(.dynamoDB, operation: "ListTables")
        #expect(pages.count == 2)
        #expect(transport.requests.count == 2)
    }

    @Test func genericPaginationForRESTMarkers() async throws {
        let transport = RecordingTransport([
            .answer(200, "<ListHostedZonesResponse><HostedZones><HostedZone><Id>Z1</Id></HostedZone></HostedZones><IsTruncated>true</IsTruncated><NextMarker>Z2</NextMarker></ListHostedZonesResponse>"),
            .answer(200, "<ListHostedZonesResponse><HostedZones><HostedZone><Id>Z2</Id></HostedZone></HostedZones><IsTruncated>false</IsTruncated></ListHostedZonesResponse>"),
        ])
        let client = AWSClient.forTesting(transport: transport)
        var ids: [String] = []
        try await AWSClient.forEachPage { marker in
            let response = try await client.rest(
                .route53, operation: "ListHostedZones", method: "GET", path: "/2013-04-01/hostedzone",
                query: marker.map { [("marker", $0)] } ?? [])
            let page = try response.xml()
            return (page, page.string("NextMarker"))
        } _: { page in
            ids += page.all("HostedZones", "HostedZone").compactMap { $0.string("Id") }
        }
        #expect(ids == ["Z1", "Z2"])
        #expect(transport.requests.last?.url.hasSuffix("/2013-04-01/hostedzone?marker=Z2") == true)
    }
}
