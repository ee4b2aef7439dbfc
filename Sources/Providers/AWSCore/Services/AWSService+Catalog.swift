/// The services prov calls. Names, versions and protocols are those of botocore's models; host
/// name exceptions those of its endpoint rule sets; endpoint keys those of the Terraform AWS
/// provider's `endpoints {}` block.
extension AWSService {
    public static let ec2 = AWSService(
        serviceId: "EC2", signingName: "ec2", endpointPrefix: "ec2", apiVersion: "2016-11-15",
        apiProtocol: .ec2, terraformEndpointKey: "ec2",
        hostnameRules: [.govCloudStandardIsFIPS("ec2")])

    public static let rds = AWSService(
        serviceId: "RDS", signingName: "rds", endpointPrefix: "rds", apiVersion: "2014-10-31",
        apiProtocol: .query, terraformEndpointKey: "rds",
        hostnameRules: [.govCloudStandardIsFIPS("rds")])

    public static let iam = AWSService(
        serviceId: "IAM", signingName: "iam", endpointPrefix: "iam", apiVersion: "2010-05-08",
        apiProtocol: .query, isGlobal: true, terraformEndpointKey: "iam",
        hostnameRules:
            HostnameRule.global(
                partition: "aws", signingRegion: "us-east-1",
                standard: "iam.amazonaws.com", fips: "iam-fips.amazonaws.com",
                dualStack: "iam.global.api.aws", fipsDualStack: "iam-fips.aws-global.api.aws")
            + HostnameRule.global(
                partition: "aws-cn", signingRegion: "cn-north-1",
                standard: "iam.cn-north-1.amazonaws.com.cn", fips: "iam-fips.aws-cn-global.amazonaws.com.cn",
                dualStack: "iam.aws-cn-global.api.amazonwebservices.com.cn",
                fipsDualStack: "iam-fips.aws-cn-global.api.amazonwebservices.com.cn")
            + HostnameRule.global(
                partition: "aws-us-gov", signingRegion: "us-gov-west-1",
                standard: "iam.us-gov.amazonaws.com", fips: "iam.us-gov.amazonaws.com",
                dualStack: "iam.aws-us-gov-global.api.aws", fipsDualStack: "iam-fips.aws-us-gov-global.api.aws"))

    /// Regional, as in the current SDKs and the Terraform provider: tokens from the legacy
    /// global endpoint do not work in opt-in regions. `AWSEndpointResolver` can still use the
    /// global endpoint (`AWS_STS_REGIONAL_ENDPOINTS=legacy`).
    public static let sts = AWSService(
        serviceId: "STS", signingName: "sts", endpointPrefix: "sts", apiVersion: "2011-06-15",
        apiProtocol: .query, terraformEndpointKey: "sts",
        hostnameRules: [.govCloudStandardIsFIPS("sts")])

    public static let elbv2 = AWSService(
        serviceId: "Elastic Load Balancing v2", signingName: "elasticloadbalancing",
        endpointPrefix: "elasticloadbalancing", apiVersion: "2015-12-01", apiProtocol: .query,
        terraformEndpointKey: "elbv2", terraformEndpointAliases: ["elasticloadbalancingv2"],
        hostnameRules: [.govCloudStandardIsFIPS("elasticloadbalancing")])

    /// Classic load balancers: same host as ELBv2, older API.
    public static let elb = AWSService(
        serviceId: "Elastic Load Balancing", signingName: "elasticloadbalancing",
        endpointPrefix: "elasticloadbalancing", apiVersion: "2012-06-01", apiProtocol: .query,
        terraformEndpointKey: "elb", terraformEndpointAliases: ["elasticloadbalancing"],
        hostnameRules: [.govCloudStandardIsFIPS("elasticloadbalancing")])

    public static let autoScaling = AWSService(
        serviceId: "Auto Scaling", signingName: "autoscaling", endpointPrefix: "autoscaling",
        apiVersion: "2011-01-01", apiProtocol: .query, terraformEndpointKey: "autoscaling",
        hostnameRules: [.govCloudStandardIsFIPS("autoscaling")])

    /// botocore now prefers CBOR for CloudWatch; prov speaks its query protocol, which every
    /// endpoint and emulator supports, and can use its json 1.0 protocol too.
    public static let cloudWatch = AWSService(
        serviceId: "CloudWatch", signingName: "monitoring", endpointPrefix: "monitoring",
        apiVersion: "2010-08-01", apiProtocol: .query,
        jsonTarget: JSONTarget(prefix: "GraniteServiceVersion20100801", version: "1.0"),
        terraformEndpointKey: "cloudwatch",
        hostnameRules: [.govCloudStandardIsFIPS("monitoring")])

    public static let ecs = AWSService(
        serviceId: "ECS", signingName: "ecs", endpointPrefix: "ecs", apiVersion: "2014-11-13",
        apiProtocol: .json, jsonTarget: JSONTarget(prefix: "AmazonEC2ContainerServiceV20141113", version: "1.1"),
        terraformEndpointKey: "ecs")

    public static let ecr = AWSService(
        serviceId: "ECR", signingName: "ecr", endpointPrefix: "api.ecr", apiVersion: "2015-09-21",
        apiProtocol: .json, jsonTarget: JSONTarget(prefix: "AmazonEC2ContainerRegistry_V20150921", version: "1.1"),
        terraformEndpointKey: "ecr",
        hostnameRules: [
            HostnameRule(partition: "aws", fips: true, dualStack: false, hostname: "ecr-fips.{region}.{dnsSuffix}"),
            HostnameRule(partition: "aws-us-gov", fips: true, dualStack: false, hostname: "ecr-fips.{region}.{dnsSuffix}"),
            HostnameRule(partition: "aws", fips: true, dualStack: true, hostname: "ecr-fips.{region}.{dualStackDnsSuffix}"),
            HostnameRule(partition: "aws-us-gov", fips: true, dualStack: true, hostname: "ecr-fips.{region}.{dualStackDnsSuffix}"),
            HostnameRule(partition: nil, fips: false, dualStack: true, hostname: "ecr.{region}.{dualStackDnsSuffix}"),
        ])

    public static let secretsManager = AWSService(
        serviceId: "Secrets Manager", signingName: "secretsmanager", endpointPrefix: "secretsmanager",
        apiVersion: "2017-10-17", apiProtocol: .json,
        jsonTarget: JSONTarget(prefix: "secretsmanager", version: "1.1"), terraformEndpointKey: "secretsmanager")

    public static let cloudWatchLogs = AWSService(
        serviceId: "CloudWatch Logs", signingName: "logs", endpointPrefix: "logs", apiVersion: "2014-03-28",
        apiProtocol: .json, jsonTarget: JSONTarget(prefix: "Logs_20140328", version: "1.1"),
        terraformEndpointKey: "logs", terraformEndpointAliases: ["cloudwatchlog", "cloudwatchlogs"],
        hostnameRules: [.govCloudStandardIsFIPS("logs")])

    public static let eventBridge = AWSService(
        serviceId: "EventBridge", signingName: "events", endpointPrefix: "events", apiVersion: "2015-10-07",
        apiProtocol: .json, jsonTarget: JSONTarget(prefix: "AWSEvents", version: "1.1"),
        terraformEndpointKey: "events", terraformEndpointAliases: ["eventbridge", "cloudwatchevents"],
        hostnameRules: [.govCloudStandardIsFIPS("events")])

    public static let dynamoDB = AWSService(
        serviceId: "DynamoDB", signingName: "dynamodb", endpointPrefix: "dynamodb", apiVersion: "2012-08-10",
        apiProtocol: .json, jsonTarget: JSONTarget(prefix: "DynamoDB_20120810", version: "1.0"),
        terraformEndpointKey: "dynamodb")

    public static let route53 = AWSService(
        serviceId: "Route 53", signingName: "route53", endpointPrefix: "route53", apiVersion: "2013-04-01",
        apiProtocol: .restXML, isGlobal: true, terraformEndpointKey: "route53",
        hostnameRules:
            HostnameRule.global(
                partition: "aws", signingRegion: "us-east-1",
                standard: "route53.amazonaws.com", fips: "route53-fips.amazonaws.com",
                dualStack: "route53.aws-global.api.aws", fipsDualStack: "route53-fips.aws-global.api.aws")
            + HostnameRule.global(
                partition: "aws-cn", signingRegion: "cn-northwest-1",
                standard: "route53.amazonaws.com.cn", fips: "route53-fips.aws-cn-global.amazonaws.com.cn",
                dualStack: "route53.aws-cn-global.api.amazonwebservices.com.cn",
                fipsDualStack: "route53-fips.aws-cn-global.api.amazonwebservices.com.cn")
            + HostnameRule.global(
                partition: "aws-us-gov", signingRegion: "us-gov-west-1",
                standard: "route53.us-gov.amazonaws.com", fips: "route53.us-gov.amazonaws.com",
                dualStack: "route53.aws-us-gov-global.api.aws",
                fipsDualStack: "route53-fips.aws-us-gov-global.api.aws"))

    /// Regional host names for every region, us-east-1 included (`s3.us-east-1.amazonaws.com`
    /// rather than the legacy `s3.amazonaws.com`). Bucket addressing (virtual host or path) is
    /// up to the caller; see `AWSClient.rest(_:operation:method:path:…hostPrefix:)`.
    public static let s3 = AWSService(
        serviceId: "S3", signingName: "s3", endpointPrefix: "s3", apiVersion: "2006-03-01",
        apiProtocol: .restXML, terraformEndpointKey: "s3", terraformEndpointAliases: ["s3api"],
        hostnameRules: [
            HostnameRule(partition: "aws-cn", fips: true, dualStack: true, hostname: "s3-fips.{region}.{dualStackDnsSuffix}"),
            HostnameRule(partition: nil, fips: true, dualStack: true, hostname: "s3-fips.dualstack.{region}.{dnsSuffix}"),
            HostnameRule(partition: nil, fips: false, dualStack: true, hostname: "s3.dualstack.{region}.{dnsSuffix}"),
        ])

    public static let lambda = AWSService(
        serviceId: "Lambda", signingName: "lambda", endpointPrefix: "lambda", apiVersion: "2015-03-31",
        apiProtocol: .restJSON, terraformEndpointKey: "lambda")

    public static let efs = AWSService(
        serviceId: "EFS", signingName: "elasticfilesystem", endpointPrefix: "elasticfilesystem",
        apiVersion: "2015-02-01", apiProtocol: .restJSON, terraformEndpointKey: "efs")

    /// The Resource Groups Tagging API: finds objects of most services by their tags.
    public static let resourceGroupsTagging = AWSService(
        serviceId: "Resource Groups Tagging API", signingName: "tagging", endpointPrefix: "tagging",
        apiVersion: "2017-01-26", apiProtocol: .json,
        jsonTarget: JSONTarget(prefix: "ResourceGroupsTaggingAPI_20170126", version: "1.1"),
        terraformEndpointKey: "resourcegroupstaggingapi", terraformEndpointAliases: ["resourcegroupstagging"])

    /// Every service in this catalog.
    public static let all: [AWSService] = [
        .ec2, .rds, .iam, .sts, .elbv2, .elb, .autoScaling, .cloudWatch, .ecs, .ecr, .secretsManager,
        .cloudWatchLogs, .eventBridge, .dynamoDB, .route53, .s3, .lambda, .efs, .resourceGroupsTagging,
    ]

    /// The service a key of the Terraform provider's `endpoints {}` block names, aliases included.
    public static func forTerraformEndpointKey(_ key: String) -> AWSService? {
        all.first { $0.terraformEndpointKeys.contains(key) }
    }
}
