import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// prov's system tags: how addresses become tag values, where the tags are added and where
/// they are kept out, and how objects are found by them.
struct AWSSystemTagsTests {
    static let addresses = [
        "aws_vpc.main",
        "aws_subnet.public[0]",
        #"module.net["eu-west-1a"].aws_subnet.this["private"]"#,
        #"aws_route53_record.www["a+b * c?"]"#,
        #"aws_s3_bucket.logs["café/été"]"#,
    ]

    @Test(arguments: addresses)
    func addressesSurviveAsTagValuesWithOnlyCharactersEveryServiceAccepts(_ text: String) throws {
        let address = try #require(InstanceAddress.parse(text))
        let value = AWSSystemTags.encode(address)
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:/=+-@")
        #expect(value.unicodeScalars.allSatisfy(allowed.contains), "\(value)")
        #expect(!value.contains("*") && !value.contains("?"), "EC2 filters read these as wildcards")
        #expect(AWSSystemTags.decode(value) == address)
    }

    @Test func plainAddressesStayReadable() throws {
        #expect(AWSSystemTags.encode(try #require(InstanceAddress.parse("aws_subnet.public[0]"))) == "aws_subnet.public+5B0+5D")
        #expect(AWSSystemTags.encode(try #require(InstanceAddress.parse("aws_vpc.main"))) == "aws_vpc.main")
    }

    @Test func addressesTooLongForATagValueAreShortenedButStayDistinct() throws {
        let long = String(repeating: "k", count: 300)
        let first = try #require(InstanceAddress.parse(#"aws_vpc.main[""# + long + #"1"]"#))
        let second = try #require(InstanceAddress.parse(#"aws_vpc.main[""# + long + #"2"]"#))
        let (a, b) = (AWSSystemTags.encode(first), AWSSystemTags.encode(second))
        #expect(a.count <= AWSSystemTags.maximumValueLength && b.count <= AWSSystemTags.maximumValueLength)
        #expect(a != b)
        #expect(AWSSystemTags.decode(a) == nil)
    }

    static let operation = OperationContext(address: InstanceAddress.parse("aws_vpc.main")!, idempotencyToken: "t", stack: "stack-1")

    @Test func createsAddThemToTagsAllForTypesThatCreateTheirObjects() {
        let planned = Value.object(["cidr_block": .string("10.0.0.0/16"), "tags": .stringMap(["Name": "a"]), "tags_all": .stringMap(["Name": "a"])])
        let tagged = AWSSystemTags.adding(to: planned, for: VPCResource(), operation: Self.operation)
        #expect(tagged.stringMap("tags_all") == ["Name": "a", "prov:stack": "stack-1", "prov:address": "aws_vpc.main"])
        #expect(tagged.stringMap("tags") == ["Name": "a"], "the configuration's own tags are left as they are")
    }

    @Test func typesThatAdoptADefaultObjectOrHaveNoTagsGetNone() {
        let planned = Value.object(["tags_all": .stringMap([:])])
        #expect(AWSSystemTags.adding(to: planned, for: DefaultSecurityGroupResource(), operation: Self.operation) == planned)
        #expect(AWSSystemTags.adding(to: .object(["route_table_id": .string("rtb-1")]), for: RouteResource(), operation: Self.operation) == .object(["route_table_id": .string("rtb-1")]))
        let noStack = OperationContext(address: Self.operation.address, idempotencyToken: "t")
        #expect(AWSSystemTags.adding(to: planned, for: VPCResource(), operation: noStack) == planned)
        let unknown = Value.object(["tags_all": .unknown(.map(.string))])
        #expect(AWSSystemTags.adding(to: unknown, for: VPCResource(), operation: Self.operation) == unknown)
    }

    @Test func theyAreKeptOutOfWhatIsReadAndRecorded() throws {
        let settings = try AWSProviderBlock(.object(["default_tags": .object(["tags": .stringMap(["Team": "a"])])]))
        let remote = ["Name": "x", "Team": "a", "prov:stack": "s", "prov:address": "aws_vpc.main"]
        let attributes = AWSTags.attributes(remote: remote, prior: .object(["tags": .stringMap(["Name": "x"])]), settings: settings)
        #expect(attributes["tags"]?.unmarkedDeep().attributes?.keys.sorted() == ["Name"])
        #expect(attributes["tags_all"]?.unmarkedDeep().attributes?.keys.sorted() == ["Name", "Team"])
        let echoed = Value.object(["tags_all": .stringMap(remote), "tags": .stringMap(["Name": "x"])])
        #expect(AWSSystemTags.removing(from: echoed).stringMap("tags_all") == ["Name": "x", "Team": "a"])
    }

    // MARK: Identities from the tagging API's ARNs

    @Test func arnsGiveWhatEachTypeReadsBy() {
        func identity(_ type: any AWSResourceType, _ arn: String) -> [String: String] {
            type.identity(fromARN: arn).compactMapValues(\.stringValue)
        }
        #expect(identity(VPCResource(), "arn:aws:ec2:eu-west-1:1:vpc/vpc-0abc")["id"] == "vpc-0abc")
        #expect(identity(LambdaFunctionResource(), "arn:aws:lambda:eu-west-1:1:function:worker")["id"] == "worker")
        #expect(identity(SecretResource(), "arn:aws:secretsmanager:eu-west-1:1:secret:db-AbCdEf")["id"] == "arn:aws:secretsmanager:eu-west-1:1:secret:db-AbCdEf")
        #expect(identity(LogGroupResource(), "arn:aws:logs:eu-west-1:1:log-group:/app/web:*")["id"] == "/app/web")
        #expect(identity(EventRuleResource(), "arn:aws:events:eu-west-1:1:rule/orders/nightly")["id"] == "orders/nightly")
        #expect(identity(EventRuleResource(), "arn:aws:events:eu-west-1:1:rule/nightly")["id"] == "nightly")
        #expect(identity(ECSServiceResource(), "arn:aws:ecs:eu-west-1:1:service/main/web")["cluster"] == "main")
        #expect(identity(ECSTaskDefinitionResource(), "arn:aws:ecs:eu-west-1:1:task-definition/web:7")["id"] == "web")
        #expect(identity(DBInstanceResource(), "arn:aws:rds:eu-west-1:1:db:orders")["identifier"] == "orders")
        #expect(identity(DBSubnetGroupResource(), "arn:aws:rds:eu-west-1:1:subgrp:orders")["id"] == "orders")
    }

    @Test func uniqueNamesIdentifyOnlyWhenKnown() {
        #expect(DBSubnetGroupResource().identity(fromConfiguration: .object(["name": .string("db")])) == [:])
        #expect(DBSubnetGroupResource().identity(fromConfiguration: .object(["name": .null(.string), "name_prefix": .string("db-")])) == nil)
        #expect(SecretResource().identity(fromConfiguration: .object(["name": .string("db")]))?["id"] == .string("db"))
        #expect(VPCResource().identity(fromConfiguration: .object(["cidr_block": .string("10.0.0.0/16")])) == nil)
    }

    // MARK: Finding objects by their tags

    /// DescribeTags finds objects by address; only those of this stack count (a copy of the
    /// same configuration applied from another state carries the same address).
    @Test func ec2SearchKeepsOnlyThisStacksObjects() async throws {
        let transport = RecordingTransport([
            .answer(200, """
                <DescribeTagsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><tagSet>
                <item><resourceId>vpc-mine</resourceId><resourceType>vpc</resourceType><key>prov:address</key><value>aws_vpc.main</value></item>
                <item><resourceId>vpc-theirs</resourceId><resourceType>vpc</resourceType><key>prov:address</key><value>aws_vpc.main</value></item>
                </tagSet></DescribeTagsResponse>
                """),
            .answer(200, """
                <DescribeTagsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><tagSet>
                <item><resourceId>vpc-mine</resourceId><resourceType>vpc</resourceType><key>prov:stack</key><value>stack-1</value></item>
                <item><resourceId>vpc-mine</resourceId><resourceType>vpc</resourceType><key>prov:address</key><value>aws_vpc.main</value></item>
                <item><resourceId>vpc-theirs</resourceId><resourceType>vpc</resourceType><key>prov:stack</key><value>stack-2</value></item>
                <item><resourceId>vpc-theirs</resourceId><resourceType>vpc</resourceType><key>prov:address</key><value>aws_vpc.main</value></item>
                </tagSet></DescribeTagsResponse>
                """),
        ])
        let context = AWSContext(client: AWSClient.forTesting(transport: transport), settings: try AWSProviderBlock(.null), operation: nil)
        let found = try await StackTagSearch.ec2Tagged(stack: "stack-1", address: "aws_vpc.main", in: context)
        #expect(found.map(\.id) == ["vpc-mine"])
        let first = String(decoding: transport.requests[0].body, as: UTF8.self)
        #expect(first.contains("Filter.1.Name=key&Filter.1.Value.1=prov%3Aaddress&Filter.2.Name=value&Filter.2.Value.1=aws_vpc.main"))
    }

    @Test func taggingAPISearchSendsBothTagsAndReadsEveryPage() async throws {
        let transport = RecordingTransport([
            .answer(200, #"{"ResourceTagMappingList": [{"ResourceARN": "arn:aws:rds:eu-west-1:1:db:orders", "Tags": [{"Key": "prov:stack", "Value": "stack-1"}]}], "PaginationToken": "page-2"}"#),
            .answer(200, #"{"ResourceTagMappingList": [{"ResourceARN": "arn:aws:rds:eu-west-1:1:db:orders-copy", "Tags": []}], "PaginationToken": ""}"#),
        ])
        let context = AWSContext(client: AWSClient.forTesting(transport: transport), settings: try AWSProviderBlock(.null), operation: nil)
        let found = try await StackTagSearch.taggedResources(["prov:stack": "stack-1", "prov:address": "aws_db_instance.db"], in: context)
        #expect(found.map(\.arn) == ["arn:aws:rds:eu-west-1:1:db:orders", "arn:aws:rds:eu-west-1:1:db:orders-copy"])
        #expect(found.first?.tags == ["prov:stack": "stack-1"])
        #expect(transport.requests.first?.headers["X-Amz-Target"] == "ResourceGroupsTaggingAPI_20170126.GetResources")
        let body = try JSONParser.parse(String(decoding: transport.requests[0].body, as: UTF8.self))
        #expect(body[attribute: "TagFilters"]?.elements?.count == 2)
        #expect(String(decoding: transport.requests[1].body, as: UTF8.self).contains(#""PaginationToken":"page-2""#))
    }
}
