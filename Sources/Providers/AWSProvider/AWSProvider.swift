import Foundation
import Provisioner
import ResourceGraph

/// The `aws` provider: Terraform's resource types, implemented over prov's own AWS client.
public struct AWSProvider: ProviderPlugin {
    public let name = "aws"
    private let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Every resource type prov implements, by Terraform name.
    static let resourceTypeImplementations: [String: any AWSResourceType] = {
        let all: [any AWSResourceType] = [
            VPCResource(),
            SubnetResource(),
            InternetGatewayResource(),
            InternetGatewayAttachmentResource(),
            EgressOnlyInternetGatewayResource(),
            EIPResource(),
            NATGatewayResource(),
            RouteTableResource(),
            RouteResource(),
            RouteTableAssociationResource(),
            MainRouteTableAssociationResource(),
            DefaultRouteTableResource(),
            VPCEndpointResource(),
            SecretResource(),
            SecretVersionResource(),
            DBSubnetGroupResource(),
            DBParameterGroupResource(),
            DBInstanceResource(),
            ECRRepositoryResource(),
            ECRLifecyclePolicyResource(),
            ECSClusterResource(),
            ECSClusterCapacityProvidersResource(),
            ECSTaskDefinitionResource(),
            ECSServiceResource(),
            Route53ZoneResource(),
            Route53RecordResource(),
            SecretRotationResource(),
            SecurityGroupResource(),
            DefaultSecurityGroupResource(),
            SecurityGroupRuleResource(),
            VPCSecurityGroupIngressRuleResource(),
            VPCSecurityGroupEgressRuleResource(),
            NetworkACLResource(),
            DefaultNetworkACLResource(),
            NetworkACLRuleResource(),
            NetworkACLAssociationResource(),
            MetricAlarmResource(),
            LogGroupResource(),
            EventRuleResource(),
            EventTargetResource(),
            LambdaFunctionResource(),
            LambdaPermissionResource(),
            EventSourceMappingResource(),
            IAMRoleResource(),
            IAMRolePolicyResource(),
            IAMPolicyResource(),
            IAMRolePolicyAttachmentResource(),
            IAMInstanceProfileResource(),
            IAMUserResource(),
            IAMAccessKeyResource(),
            LoadBalancerResource(),
            ALBResource(),
            TargetGroupResource(),
            ALBTargetGroupResource(),
            ListenerResource(),
            ALBListenerResource(),
            ListenerRuleResource(),
            ALBListenerRuleResource(),
            TargetGroupAttachmentResource(),
            ALBTargetGroupAttachmentResource(),
            S3BucketResource(),
            S3BucketVersioningResource(),
            S3BucketPublicAccessBlockResource(),
            S3BucketServerSideEncryptionConfigurationResource(),
            S3BucketPolicyResource(),
            S3ObjectResource(),
            EFSFileSystemResource(),
            EFSMountTargetResource(),
            KeyPairResource(),
            LaunchTemplateResource(),
            InstanceResource(),
            LaunchConfigurationResource(),
            AutoScalingGroupResource(),
            AutoScalingPolicyResource(),
            AutoScalingAttachmentResource(),
        ]
        return Dictionary(uniqueKeysWithValues: all.map { (type(of: $0).typeName, $0) })
    }()

    public var configurationSchema: BlockSchema { AWSProviderBlock.schema }

    public var resourceTypes: [String: ResourceTypeSchema] { Self.resourceTypeSchemas }

    /// Built once: the planner looks schemas up for every resource block.
    private static let resourceTypeSchemas = resourceTypeImplementations.mapValues(\.schema)

    /// Every data source prov implements, by Terraform name.
    static let dataSourceImplementations: [String: any AWSDataSourceType] = {
        let all: [any AWSDataSourceType] = [
            AvailabilityZonesDataSource(),
            CallerIdentityDataSource(),
            RegionDataSource(),
            PartitionDataSource(),
            SecretDataSource(),
            SecretVersionDataSource(),
            Route53ZoneDataSource(),
            IAMPolicyDocumentDataSource(),
            VPCDataSource(),
            SubnetsDataSource(),
            SecurityGroupDataSource(),
            AMIDataSource(),
            IAMRoleDataSource(),
            IAMPolicyDataSource(),
            LoadBalancerDataSource(),
            ALBDataSource(),
            S3BucketDataSource(),
            ECSClusterDataSource(),
        ]
        return Dictionary(uniqueKeysWithValues: all.map { (type(of: $0).typeName, $0) })
    }()

    public var dataSourceTypes: [String: ResourceTypeSchema] { Self.dataSourceSchemas }

    private static let dataSourceSchemas = dataSourceImplementations.mapValues { ResourceTypeSchema(block: $0.schema, importable: false) }

    public func configure(_ configuration: Value) async throws -> any ConfiguredProvider {
        let block = try AWSProviderBlock(configuration)
        let clientConfiguration: AWSClientConfiguration
        do {
            clientConfiguration = try AWSClientConfiguration(settings: block.connection, environment: environment)
        } catch {
            throw ProviderErrorBuilder.configuration(error.description)
        }
        let client = AWSClient(configuration: clientConfiguration)
        if !block.skipCredentialsValidation {
            try await Self.validateCredentials(client)
        }
        return AWSConfiguredProvider(client: client, settings: block)
    }

    /// Asks STS who the credentials belong to, as Terraform's provider does when it starts, so
    /// that missing or wrong credentials stop the run before planning with one clear message.
    private static func validateCredentials(_ client: AWSClient) async throws {
        do {
            _ = try await client.query(.sts, action: "GetCallerIdentity")
        } catch let error as AWSError where error.isAuthenticationFailure || error.kind == .credentials {
            throw ProviderError("Invalid AWS credentials", detail: "\(error).\n\nTo configure the provider without this check, set skip_credentials_validation = true in the provider block.")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "validating the AWS credentials")
        }
    }
}

/// A configured `aws` provider: dispatches each operation to its resource type, and turns AWS
/// errors into messages that say what was being done.
struct AWSConfiguredProvider: ConfiguredProvider {
    let client: AWSClient
    let settings: AWSProviderBlock

    private func implementation(_ type: String) throws -> any AWSResourceType {
        guard let implementation = AWSProvider.resourceTypeImplementations[type] else {
            throw ProviderError("Unsupported resource type", detail: "prov's aws provider does not implement \(type).")
        }
        return implementation
    }

    private func context(_ operation: OperationContext?) -> AWSContext {
        AWSContext(client: client, settings: settings, operation: operation)
    }

    func planChange(type: String, prior: Value?, proposed: Value, configuration: Value) throws -> PlannedChange {
        try implementation(type).plan(prior: prior, proposed: proposed, configuration: configuration, settings: settings)
    }

    /// Creates with prov's system tags added to the object's tags, and kept out of the value
    /// the engine records.
    func create(type: String, planned: Value, context operation: OperationContext) async throws -> Value {
        let implementation = try implementation(type)
        do {
            let created = try await implementation.create(AWSSystemTags.adding(to: planned, for: implementation, operation: operation), in: context(operation))
            return AWSSystemTags.removing(from: created)
        } catch let error as CancellationError {
            throw error
        } catch {
            var wrapped = ProviderErrorBuilder.wrap(error, doing: "creating \(Swift.type(of: implementation).displayName)")
            wrapped.partialObject = wrapped.partialObject.map(AWSSystemTags.removing)
            throw wrapped
        }
    }

    func read(type: String, current: Value) async throws -> Value? {
        try await implementation(type).read(current, in: context(nil))
    }

    /// Updates with the system tags on both sides, so tag updates neither remove them nor add
    /// them to objects prov did not create.
    func update(type: String, prior: Value, planned: Value, context operation: OperationContext) async throws -> Value {
        let implementation = try implementation(type)
        let updated = try await implementation.update(
            prior: AWSSystemTags.adding(to: prior, for: implementation, operation: operation),
            planned: AWSSystemTags.adding(to: planned, for: implementation, operation: operation), in: context(operation))
        return AWSSystemTags.removing(from: updated)
    }

    func delete(type: String, current: Value, context operation: OperationContext) async throws {
        try await implementation(type).delete(current, in: context(operation))
    }

    func importObject(type: String, id: String) async throws -> Value {
        try await implementation(type).importObject(id: id, in: context(nil))
    }

    func findCreated(type: String, query: CreatedObjectQuery) async throws -> CreatedObjectLookup {
        let implementation = try implementation(type)
        do {
            return try await implementation.findCreated(query, in: context(nil))
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "looking for the \(Swift.type(of: implementation).displayName) an interrupted run created for \(query.address)")
        }
    }

    func stackObjects(stack: String, excluding known: Set<String>) async throws -> [StackObject] {
        do {
            let types = AWSProvider.resourceTypeImplementations.filter { AWSSystemTags.takesSystemTags($0.value) }
            return try await StackTagSearch.stackObjects(stack: stack, types: types, excluding: known, in: context(nil))
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "listing the objects tagged \(AWSSystemTags.stackKey)=\(stack) in \(client.region)")
        }
    }

    func readDataSource(type: String, configuration: Value) async throws -> Value {
        guard let implementation = AWSProvider.dataSourceImplementations[type] else {
            throw ProviderError("Unsupported data source", detail: "prov's aws provider does not implement the data source \(type).")
        }
        return try await implementation.read(configuration, in: context(nil))
    }
}
