import Foundation

/// What the client needs to know about one AWS service to call it: names, wire protocol,
/// and how its endpoints are spelled. Values come from botocore's service models (`metadata`)
/// and endpoint rule sets, and from the Terraform AWS provider's names for `endpoints {}`.
public struct AWSService: Sendable, Hashable, CustomStringConvertible {
    /// botocore's `serviceId`, e.g. `Secrets Manager`; also the name shown in errors.
    public let serviceId: String
    /// The service name in the SigV4 credential scope, e.g. `monitoring` for CloudWatch.
    public let signingName: String
    /// The first label of the service's host names, e.g. `elasticloadbalancing`, `api.ecr`.
    public let endpointPrefix: String
    /// The `Version` sent with ec2 and query requests.
    public let apiVersion: String
    /// The protocol the client uses for this service.
    public let apiProtocol: AWSProtocol
    /// For services that speak json (as their main protocol or besides it, like CloudWatch).
    public let jsonTarget: JSONTarget?
    /// Whether the service has one endpoint per partition rather than one per region (IAM,
    /// Route 53); such endpoints sign for the partition's global region, us-east-1 in `aws`.
    public let isGlobal: Bool
    /// The key for this service in the Terraform AWS provider's `endpoints {}` block.
    public let terraformEndpointKey: String
    /// Other keys the Terraform AWS provider accepts for the same service.
    public let terraformEndpointAliases: [String]
    /// Host names that do not follow the generic pattern, most specific first.
    let hostnameRules: [HostnameRule]

    init(
        serviceId: String, signingName: String, endpointPrefix: String, apiVersion: String,
        apiProtocol: AWSProtocol, jsonTarget: JSONTarget? = nil, isGlobal: Bool = false,
        terraformEndpointKey: String, terraformEndpointAliases: [String] = [], hostnameRules: [HostnameRule] = []
    ) {
        self.serviceId = serviceId
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.apiVersion = apiVersion
        self.apiProtocol = apiProtocol
        self.jsonTarget = jsonTarget
        self.isGlobal = isGlobal
        self.terraformEndpointKey = terraformEndpointKey
        self.terraformEndpointAliases = terraformEndpointAliases
        self.hostnameRules = hostnameRules
    }

    /// Every key that names this service in `endpoints {}`.
    public var terraformEndpointKeys: [String] { [terraformEndpointKey] + terraformEndpointAliases }

    /// The service-specific endpoint variable the AWS SDKs read, e.g.
    /// `AWS_ENDPOINT_URL_SECRETS_MANAGER`: the service id upper-cased, spaces as underscores.
    public var endpointEnvironmentVariable: String {
        "AWS_ENDPOINT_URL_" + serviceId.uppercased().replacingOccurrences(of: " ", with: "_")
    }

    public var description: String { serviceId }

    public static func == (a: AWSService, b: AWSService) -> Bool { a.serviceId == b.serviceId }
    public func hash(into hasher: inout Hasher) { hasher.combine(serviceId) }
}

/// A host name that differs from `<prefix>[-fips].<region>.<dnsSuffix | dualStackDnsSuffix>`.
///
/// `hostname` may contain `{region}`, `{dnsSuffix}` and `{dualStackDnsSuffix}`.
struct HostnameRule: Sendable, Hashable {
    /// The partition id this rule is for; nil for every partition.
    var partition: String?
    var fips: Bool
    var dualStack: Bool
    var hostname: String
    /// The region to sign for; nil means the configured region.
    var signingRegion: String?

    func matches(partition: AWSPartition, fips: Bool, dualStack: Bool) -> Bool {
        (self.partition == nil || self.partition == partition.id) && self.fips == fips && self.dualStack == dualStack
    }

    /// In GovCloud the standard endpoints of many services already are FIPS endpoints, and no
    /// separate `-fips` host exists.
    static func govCloudStandardIsFIPS(_ prefix: String) -> HostnameRule {
        HostnameRule(partition: "aws-us-gov", fips: true, dualStack: false, hostname: "\(prefix).{region}.{dnsSuffix}")
    }

    /// The four host names of a global service in one partition.
    static func global(
        partition: String, signingRegion: String,
        standard: String, fips: String, dualStack: String, fipsDualStack: String
    ) -> [HostnameRule] {
        [
            HostnameRule(partition: partition, fips: false, dualStack: false, hostname: standard, signingRegion: signingRegion),
            HostnameRule(partition: partition, fips: true, dualStack: false, hostname: fips, signingRegion: signingRegion),
            HostnameRule(partition: partition, fips: false, dualStack: true, hostname: dualStack, signingRegion: signingRegion),
            HostnameRule(partition: partition, fips: true, dualStack: true, hostname: fipsDualStack, signingRegion: signingRegion),
        ]
    }
}
