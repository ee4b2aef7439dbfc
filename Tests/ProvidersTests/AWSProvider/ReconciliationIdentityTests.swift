import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// How each resource type finds an object whose create a killed run never recorded: the
/// identity its configuration gives leads read to that very object, the tagging API's ARNs
/// give what read takes, and no registered type is left without a way to look.
struct ReconciliationIdentityTests {
    /// A configuration of `type` with these arguments and every other one null.
    static func configuration(_ type: any AWSResourceType, _ arguments: [String: Value]) -> Value {
        Value.object(arguments).conformed(to: type.schema.block.valueType)
    }

    struct NamedCase: CustomTestStringConvertible, Sendable {
        var type: any AWSResourceType
        /// The arguments that name the object.
        var arguments: [String: String]
        /// What read's first request must name: every argument unless told.
        var sought: [String]
        var testDescription: String { Swift.type(of: type).typeName }

        init(_ type: any AWSResourceType, _ arguments: [String: String], sought: [String]? = nil) {
            self.type = type
            self.arguments = arguments
            self.sought = sought ?? Array(arguments.values)
        }
    }

    static let namedCases: [NamedCase] = [
        NamedCase(IAMRoleResource(), ["name": "recon-role"]),
        NamedCase(IAMUserResource(), ["name": "recon-user"]),
        NamedCase(IAMInstanceProfileResource(), ["name": "recon-profile"]),
        NamedCase(IAMRolePolicyResource(), ["role": "recon-role", "name": "recon-inline"]),
        NamedCase(IAMRolePolicyAttachmentResource(), ["role": "recon-role", "policy_arn": "arn:aws:iam::aws:policy/recon-managed"], sought: ["recon-role"]),
        NamedCase(S3BucketResource(), ["bucket": "recon-bucket"]),
        NamedCase(S3BucketVersioningResource(), ["bucket": "recon-bucket"]),
        NamedCase(S3BucketPublicAccessBlockResource(), ["bucket": "recon-bucket"]),
        NamedCase(S3BucketServerSideEncryptionConfigurationResource(), ["bucket": "recon-bucket"]),
        NamedCase(S3BucketPolicyResource(), ["bucket": "recon-bucket"]),
        NamedCase(S3ObjectResource(), ["bucket": "recon-bucket", "key": "recon-key.txt"]),
        NamedCase(LoadBalancerResource(), ["name": "recon-lb"]),
        NamedCase(ALBResource(), ["name": "recon-lb"]),
        NamedCase(TargetGroupResource(), ["name": "recon-tg"]),
        NamedCase(ALBTargetGroupResource(), ["name": "recon-tg"]),
        NamedCase(TargetGroupAttachmentResource(), ["target_group_arn": "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/recon-tg/0abc", "target_id": "i-0recon"]),
        NamedCase(KeyPairResource(), ["key_name": "recon-key"]),
        NamedCase(LaunchConfigurationResource(), ["name": "recon-lc"]),
        NamedCase(AutoScalingGroupResource(), ["name": "recon-asg"]),
        NamedCase(AutoScalingPolicyResource(), ["name": "recon-scale-out", "autoscaling_group_name": "recon-asg"]),
        NamedCase(SecretRotationResource(), ["secret_id": "recon-secret"]),
    ]

    /// Read, given the configuration with its identity, asks AWS for the object by the names
    /// the configuration gives (AWS's answer does not matter here: it refuses).
    @Test(arguments: namedCases)
    func configuredNamesLeadReadToTheObject(_ testCase: NamedCase) async throws {
        let configuration = Self.configuration(testCase.type, testCase.arguments.mapValues(Value.string))
        let identity = try #require(testCase.type.identity(fromConfiguration: configuration))
        let transport = RecordingTransport([.answer(400, "")])
        let context = AWSContext(client: AWSClient.forTesting(transport: transport, maxRetries: 0), settings: try AWSProviderBlock(.null), operation: nil)
        _ = try? await testCase.type.read(configuration.setting(identity), in: context)
        let first = try #require(transport.requests.first, "read sent nothing")
        let sent = (first.endpoint.absoluteString + first.path + "?" + first.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&") + " " + first.bodyText).removingPercentEncoding ?? ""
        for name in testCase.sought {
            #expect(sent.contains(name), "read asked for \(sent), not for \(name)")
        }
    }

    /// A name not yet known (it comes from another object) names nothing yet.
    @Test(arguments: namedCases)
    func unknownNamesIdentifyNothing(_ testCase: NamedCase) {
        for unknown in testCase.arguments.keys {
            var arguments = testCase.arguments.mapValues(Value.string)
            arguments[unknown] = .unknown(.string)
            #expect(testCase.type.identity(fromConfiguration: Self.configuration(testCase.type, arguments)) == nil, "\(unknown) unknown")
        }
    }

    /// Names left to AWS (a prefix) cannot be looked up.
    @Test func generatedNamesIdentifyNothing() {
        #expect(IAMRoleResource().identity(fromConfiguration: Self.configuration(IAMRoleResource(), ["name_prefix": .string("app-")])) == nil)
        #expect(IAMPolicyResource().identity(fromConfiguration: Self.configuration(IAMPolicyResource(), ["name_prefix": .string("app-")])) == nil)
        #expect(S3BucketResource().identity(fromConfiguration: Self.configuration(S3BucketResource(), ["bucket_prefix": .string("logs-")])) == nil)
        #expect(TargetGroupResource().identity(fromConfiguration: Self.configuration(TargetGroupResource(), ["name_prefix": .string("tg-")])) == nil)
        #expect(KeyPairResource().identity(fromConfiguration: Self.configuration(KeyPairResource(), ["key_name_prefix": .string("ops-")])) == nil)
    }

    /// An IAM policy's ARN holds the account id: read finds it among the account's own
    /// policies by name and path, then reads that ARN.
    @Test func iamPolicyIsReadByNameThroughTheAccountsPolicies() async throws {
        let namespace = #"xmlns="https://iam.amazonaws.com/doc/2010-05-08/""#
        let listed = """
            <ListPoliciesResponse \(namespace)><ListPoliciesResult><IsTruncated>false</IsTruncated><Policies>
            <member><PolicyName>recon-policy-2</PolicyName><Path>/ops/</Path><Arn>arn:aws:iam::1:policy/ops/recon-policy-2</Arn></member>
            <member><PolicyName>recon-policy</PolicyName><Path>/ops/</Path><Arn>arn:aws:iam::1:policy/ops/recon-policy</Arn></member>
            </Policies></ListPoliciesResult></ListPoliciesResponse>
            """
        let transport = RecordingTransport([.answer(200, listed), .answer(400, "")])
        let context = AWSContext(client: AWSClient.forTesting(transport: transport, maxRetries: 0), settings: try AWSProviderBlock(.null), operation: nil)
        let configuration = Self.configuration(IAMPolicyResource(), ["name": .string("recon-policy"), "path": .string("/ops/")])
        let identity = try #require(IAMPolicyResource().identity(fromConfiguration: configuration))
        _ = try? await IAMPolicyResource().read(configuration.setting(identity), in: context)
        let bodies = transport.requests.map { $0.bodyText.removingPercentEncoding ?? "" }
        #expect(bodies.first?.contains("Action=ListPolicies") == true && bodies.first?.contains("Scope=Local") == true && bodies.first?.contains("PathPrefix=/ops/") == true)
        #expect(bodies.dropFirst().first?.contains("PolicyArn=arn:aws:iam::1:policy/ops/recon-policy&") == true || bodies.dropFirst().first?.hasSuffix("PolicyArn=arn:aws:iam::1:policy/ops/recon-policy") == true, "\(bodies)")
    }

    // MARK: ARNs from the tagging API

    @Test func arnsGiveWhatReadTakes() {
        func id(_ type: any AWSResourceType, _ arn: String) -> String? { type.identity(fromARN: arn)["id"]?.stringValue }
        let balancer = "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/50dc6c495c0c9188"
        let group = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/73e2d6bc24d8a067"
        let listener = "arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"
        let rule = "arn:aws:elasticloadbalancing:eu-west-1:1:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"
        #expect(id(LoadBalancerResource(), balancer) == balancer)
        #expect(id(ALBResource(), balancer) == balancer)
        #expect(id(TargetGroupResource(), group) == group)
        #expect(id(ALBTargetGroupResource(), group) == group)
        #expect(id(ListenerResource(), listener) == listener)
        #expect(id(ListenerRuleResource(), rule) == rule)
        #expect(id(S3BucketResource(), "arn:aws:s3:::recon-bucket") == "recon-bucket")
        #expect(id(EFSFileSystemResource(), "arn:aws:elasticfilesystem:eu-west-1:1:file-system/fs-0abc") == "fs-0abc")
        #expect(id(EventSourceMappingResource(), "arn:aws:lambda:eu-west-1:1:event-source-mapping:14e0db71-0000-4000-8000-000000000000") == "14e0db71-0000-4000-8000-000000000000")
    }

    @Test func ec2TypesWhoseReadTakesTheTaggedIdSearchEC2() {
        #expect(InstanceResource.systemTagSearch == .ec2)
        #expect(LaunchTemplateResource.systemTagSearch == .ec2)
        #expect(ALBResource.systemTagSearch == LoadBalancerResource.systemTagSearch)
        #expect(AutoScalingAttachmentResource.createIsRepeatable)
    }

    // MARK: Every type has a way to look

    /// Arguments a valid configuration cannot set together with others the full
    /// configuration sets.
    static let excluded: [String: Set<String>] = [
        "aws_route": ["destination_ipv6_cidr_block", "destination_prefix_list_id"],
    ]

    /// A configuration with every argument set (but those that exclude one another): what an
    /// interrupted run knows at best.
    static func fullyKnown(_ type: any AWSResourceType) -> Value {
        var arguments: [String: Value] = [:]
        let excluded = Self.excluded[Swift.type(of: type).typeName] ?? []
        for (name, attribute) in type.schema.block.attributes where attribute.presence != .computed && !excluded.contains(name) {
            switch attribute.type {
            case .string: arguments[name] = .string("sample-\(name)")
            case .number: arguments[name] = .number(1)
            case .bool: arguments[name] = .true
            case .list(.string), .set(.string): arguments[name] = .list([.string("sample-\(name)")], of: .string)
            case .map(.string): arguments[name] = .stringMap(["sample": name])
            default: break
            }
        }
        return configuration(type, arguments)
    }

    /// Types with a findCreated of their own, which looks by something only AWS and the
    /// create's token know.
    static let ownLookups: [String: String] = [
        "aws_route53_zone": "by the caller reference its create's token gave it (the tagging API serves Route 53 only in us-east-1)",
        "aws_route_table_association": "in its route table, by subnet or gateway",
        "aws_secretsmanager_secret_version": "by the version id its create's token gave it",
        "aws_efs_file_system": "by its creation token, configured or made from its create's token",
        "aws_efs_mount_target": "among its file system's mount targets, by subnet (mount targets take no tags)",
    ]

    /// Types found only by their system tags through the tagging API: they have no unique
    /// configured name, and read takes the id the tag's ARN gives.
    static let taggingAPIOnly: [String: String] = [
        "aws_lb_listener": "no name; its ARN is its id",
        "aws_alb_listener": "no name; its ARN is its id",
        "aws_lb_listener_rule": "no name; its ARN is its id",
        "aws_alb_listener_rule": "no name; its ARN is its id",
        "aws_ecs_task_definition": "a family's revisions are many; the ARN names the family",
        "aws_lambda_event_source_mapping": "no name; its ARN ends in its UUID, the id",
    ]

    /// Types with no way to find an unrecorded create, and why.
    static let exempt: [String: String] = [
        "aws_iam_access_key": "a user may hold two keys and nothing tells them apart, and the secret is only ever given to the create that went unrecorded: the warning tells the user to delete the key by hand",
    ]

    @Test func everyRegisteredTypeHasAWayToFindAnUnrecordedCreate() {
        var missing: [String] = []
        for (name, type) in AWSProvider.resourceTypeImplementations.sorted(by: { $0.key < $1.key }) {
            let metatype = Swift.type(of: type)
            let searchedInEC2 = AWSSystemTags.takesSystemTags(type) && metatype.systemTagSearch == .ec2
            let byConfiguration = type.identity(fromConfiguration: Self.fullyKnown(type)) != nil
            if searchedInEC2 || byConfiguration || metatype.createIsRepeatable || Self.ownLookups[name] != nil || Self.exempt[name] != nil { continue }
            if Self.taggingAPIOnly[name] != nil, AWSSystemTags.takesSystemTags(type) { continue }
            missing.append(name)
        }
        #expect(missing.isEmpty, "no way to find an unrecorded create of: \(missing.joined(separator: ", "))")
    }

    /// The lists above name only registered types, and none that has since gained a lookup.
    @Test func theListsStayTrue() {
        let types = AWSProvider.resourceTypeImplementations
        for name in Array(Self.ownLookups.keys) + Array(Self.taggingAPIOnly.keys) + Array(Self.exempt.keys) {
            #expect(types[name] != nil, "\(name) is not registered")
        }
        for name in Array(Self.taggingAPIOnly.keys) + Array(Self.exempt.keys) {
            guard let type = types[name] else { continue }
            #expect(type.identity(fromConfiguration: Self.fullyKnown(type)) == nil, "\(name) is found by its configuration now")
        }
    }
}
