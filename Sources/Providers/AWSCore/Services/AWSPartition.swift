/// A group of regions sharing DNS names and credentials: the commercial cloud, China, GovCloud,
/// and the isolated partitions. Values as in botocore's `partitions.json`.
public struct AWSPartition: Sendable, Hashable {
    public let id: String
    public let dnsSuffix: String
    public let dualStackDnsSuffix: String
    /// Where requests to the partition's global services (IAM, Route 53) are signed by default.
    public let globalRegion: String

    /// Region name prefixes, most specific first; regions matching none are in `aws`.
    private static let prefixes: [(prefix: String, partition: AWSPartition)] = [
        ("cn-", .china),
        ("us-gov-", .govCloud),
        ("us-isob-", AWSPartition(id: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", dualStackDnsSuffix: "api.aws.scloud", globalRegion: "us-isob-east-1")),
        ("us-isof-", AWSPartition(id: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov", dualStackDnsSuffix: "api.aws.hci.ic.gov", globalRegion: "us-isof-south-1")),
        ("us-iso-", AWSPartition(id: "aws-iso", dnsSuffix: "c2s.ic.gov", dualStackDnsSuffix: "api.aws.ic.gov", globalRegion: "us-iso-east-1")),
        ("eu-isoe-", AWSPartition(id: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk", dualStackDnsSuffix: "api.cloud-aws.adc-e.uk", globalRegion: "eu-isoe-west-1")),
        ("eusc-", AWSPartition(id: "aws-eusc", dnsSuffix: "amazonaws.eu", dualStackDnsSuffix: "api.amazonwebservices.eu", globalRegion: "eusc-de-east-1")),
    ]

    public static let commercial = AWSPartition(
        id: "aws", dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws", globalRegion: "us-east-1")
    public static let china = AWSPartition(
        id: "aws-cn", dnsSuffix: "amazonaws.com.cn", dualStackDnsSuffix: "api.amazonwebservices.com.cn",
        globalRegion: "cn-northwest-1")
    public static let govCloud = AWSPartition(
        id: "aws-us-gov", dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws", globalRegion: "us-gov-west-1")

    /// The partition a region belongs to. Unknown regions are assumed commercial, as the SDKs
    /// do, so new regions work before anyone updates a table.
    public static func containing(region: String) -> AWSPartition {
        prefixes.first { region.hasPrefix($0.prefix) }?.partition ?? .commercial
    }
}
