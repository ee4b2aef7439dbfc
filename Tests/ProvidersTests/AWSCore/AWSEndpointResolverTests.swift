import Foundation
import Testing

@testable import Providers

struct AWSEndpointResolverTests {
    struct HostCase: CustomTestStringConvertible, Sendable {
        var service: AWSService
        var region: String
        var fips = false
        var dualStack = false
        var host: String
        var signingRegion: String

        var testDescription: String {
            "\(service.serviceId) in \(region)" + (fips ? " FIPS" : "") + (dualStack ? " dual-stack" : "")
        }
    }

    /// Host names and signing regions as botocore's endpoint rule sets resolve them (except S3
    /// in us-east-1, where prov uses the regional name instead of the legacy global one).
    static let hostCases: [HostCase] = [
        HostCase(service: .ec2, region: "eu-west-1", host: "ec2.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .ec2, region: "us-east-1", fips: true, host: "ec2-fips.us-east-1.amazonaws.com", signingRegion: "us-east-1"),
        HostCase(service: .ec2, region: "us-east-1", dualStack: true, host: "ec2.us-east-1.api.aws", signingRegion: "us-east-1"),
        HostCase(service: .ec2, region: "us-east-1", fips: true, dualStack: true, host: "ec2-fips.us-east-1.api.aws", signingRegion: "us-east-1"),
        HostCase(service: .ec2, region: "cn-north-1", host: "ec2.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1"),
        HostCase(service: .ec2, region: "cn-north-1", dualStack: true, host: "ec2.cn-north-1.api.amazonwebservices.com.cn", signingRegion: "cn-north-1"),
        HostCase(service: .ec2, region: "us-gov-west-1", fips: true, host: "ec2.us-gov-west-1.amazonaws.com", signingRegion: "us-gov-west-1"),
        HostCase(service: .rds, region: "eu-west-1", host: "rds.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .iam, region: "eu-west-1", host: "iam.amazonaws.com", signingRegion: "us-east-1"),
        HostCase(service: .iam, region: "us-east-1", fips: true, host: "iam-fips.amazonaws.com", signingRegion: "us-east-1"),
        HostCase(service: .iam, region: "us-east-1", dualStack: true, host: "iam.global.api.aws", signingRegion: "us-east-1"),
        HostCase(service: .iam, region: "cn-northwest-1", host: "iam.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1"),
        HostCase(service: .iam, region: "us-gov-east-1", host: "iam.us-gov.amazonaws.com", signingRegion: "us-gov-west-1"),
        HostCase(service: .iam, region: "us-gov-west-1", fips: true, host: "iam.us-gov.amazonaws.com", signingRegion: "us-gov-west-1"),
        HostCase(service: .sts, region: "eu-west-1", host: "sts.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .sts, region: "us-east-1", fips: true, host: "sts-fips.us-east-1.amazonaws.com", signingRegion: "us-east-1"),
        HostCase(service: .elbv2, region: "eu-west-1", host: "elasticloadbalancing.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .elb, region: "eu-west-1", fips: true, host: "elasticloadbalancing-fips.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .autoScaling, region: "eu-west-1", host: "autoscaling.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .cloudWatch, region: "eu-west-1", host: "monitoring.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .ecs, region: "us-gov-west-1", fips: true, host: "ecs-fips.us-gov-west-1.amazonaws.com", signingRegion: "us-gov-west-1"),
        HostCase(service: .ecr, region: "eu-west-1", host: "api.ecr.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .ecr, region: "eu-west-1", fips: true, host: "ecr-fips.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .ecr, region: "us-east-1", dualStack: true, host: "ecr.us-east-1.api.aws", signingRegion: "us-east-1"),
        HostCase(service: .ecr, region: "cn-north-1", fips: true, host: "api.ecr-fips.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1"),
        HostCase(service: .secretsManager, region: "eu-west-1", host: "secretsmanager.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .cloudWatchLogs, region: "us-gov-west-1", fips: true, host: "logs.us-gov-west-1.amazonaws.com", signingRegion: "us-gov-west-1"),
        HostCase(service: .eventBridge, region: "eu-west-1", host: "events.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .dynamoDB, region: "us-east-1", fips: true, dualStack: true, host: "dynamodb-fips.us-east-1.api.aws", signingRegion: "us-east-1"),
        HostCase(service: .route53, region: "eu-west-1", host: "route53.amazonaws.com", signingRegion: "us-east-1"),
        HostCase(service: .route53, region: "cn-north-1", host: "route53.amazonaws.com.cn", signingRegion: "cn-northwest-1"),
        HostCase(service: .route53, region: "us-gov-west-1", dualStack: true, host: "route53.aws-us-gov-global.api.aws", signingRegion: "us-gov-west-1"),
        HostCase(service: .s3, region: "eu-west-1", host: "s3.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .s3, region: "us-east-1", host: "s3.us-east-1.amazonaws.com", signingRegion: "us-east-1"),
        HostCase(service: .s3, region: "eu-west-1", dualStack: true, host: "s3.dualstack.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .s3, region: "eu-west-1", fips: true, dualStack: true, host: "s3-fips.dualstack.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .s3, region: "cn-north-1", fips: true, dualStack: true, host: "s3-fips.cn-north-1.api.amazonwebservices.com.cn", signingRegion: "cn-north-1"),
        HostCase(service: .lambda, region: "us-gov-west-1", fips: true, host: "lambda-fips.us-gov-west-1.amazonaws.com", signingRegion: "us-gov-west-1"),
        HostCase(service: .efs, region: "eu-west-1", host: "elasticfilesystem.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        HostCase(service: .efs, region: "cn-north-1", fips: true, host: "elasticfilesystem-fips.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1"),
    ]

    @Test(arguments: hostCases)
    func resolvesStandardHosts(_ testCase: HostCase) throws {
        let resolver = AWSEndpointResolver(
            region: testCase.region, environment: [:], useFIPS: testCase.fips, useDualStack: testCase.dualStack)
        let endpoint = try resolver.resolve(testCase.service)
        #expect(endpoint.url.absoluteString == "https://\(testCase.host)")
        #expect(endpoint.signingRegion == testCase.signingRegion)
        #expect(endpoint.signingName == testCase.service.signingName)
        #expect(endpoint.source == .standard)
    }

    struct OverrideCase: CustomTestStringConvertible, Sendable {
        var name: String
        var service: AWSService
        var overrides: [String: String] = [:]
        var environment: [String: String] = [:]
        var url: String
        var basePath = ""
        var signingRegion = "eu-west-1"
        var source: AWSEndpoint.Source
        var testDescription: String { name }
    }

    static let overrideCases: [OverrideCase] = [
        OverrideCase(
            name: "provider endpoints block by key", service: .secretsManager,
            overrides: ["secretsmanager": "http://localhost:4566"], url: "http://localhost:4566",
            source: .providerConfiguration(key: "secretsmanager")),
        OverrideCase(
            name: "provider endpoints block by alias", service: .cloudWatchLogs,
            overrides: ["cloudwatchlogs": "https://logs.internal"], url: "https://logs.internal",
            source: .providerConfiguration(key: "cloudwatchlogs")),
        OverrideCase(
            name: "provider block beats the environment", service: .ec2,
            overrides: ["ec2": "http://block:1"],
            environment: ["AWS_ENDPOINT_URL_EC2": "http://service-variable:2", "AWS_ENDPOINT_URL": "http://global:3"],
            url: "http://block:1", source: .providerConfiguration(key: "ec2")),
        OverrideCase(
            name: "service variable beats the global one", service: .secretsManager,
            environment: ["AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://sm:2", "AWS_ENDPOINT_URL": "http://global:3"],
            url: "http://sm:2", source: .environment(variable: "AWS_ENDPOINT_URL_SECRETS_MANAGER")),
        OverrideCase(
            name: "service variable with spaces in the service id", service: .elbv2,
            environment: ["AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2": "http://elb:2"],
            url: "http://elb:2", source: .environment(variable: "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2")),
        OverrideCase(
            name: "global variable", service: .dynamoDB, environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000/"],
            url: "http://127.0.0.1:5000", source: .environment(variable: "AWS_ENDPOINT_URL")),
        OverrideCase(
            name: "a base path is kept apart from the origin", service: .ec2,
            overrides: ["ec2": "https://gateway.example:8443/api/v2/aws/ec2/"], url: "https://gateway.example:8443",
            basePath: "/api/v2/aws/ec2", source: .providerConfiguration(key: "ec2")),
        OverrideCase(
            name: "a global service signs for the partition's global region", service: .iam,
            environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"], url: "http://127.0.0.1:5000",
            signingRegion: "us-east-1", source: .environment(variable: "AWS_ENDPOINT_URL")),
        OverrideCase(
            name: "an empty override is no override", service: .ec2, overrides: ["ec2": ""],
            environment: ["AWS_ENDPOINT_URL_EC2": ""], url: "https://ec2.eu-west-1.amazonaws.com", source: .standard),
        OverrideCase(
            name: "variables ignored when asked to", service: .ec2,
            environment: ["AWS_ENDPOINT_URL": "http://global:3", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"],
            url: "https://ec2.eu-west-1.amazonaws.com", source: .standard),
    ]

    @Test(arguments: overrideCases)
    func appliesOverridesInOrder(_ testCase: OverrideCase) throws {
        let resolver = AWSEndpointResolver(
            region: "eu-west-1", overrides: testCase.overrides, environment: testCase.environment)
        let endpoint = try resolver.resolve(testCase.service)
        #expect(endpoint.url.absoluteString == testCase.url)
        #expect(endpoint.basePath == testCase.basePath)
        #expect(endpoint.signingRegion == testCase.signingRegion)
        #expect(endpoint.source == testCase.source)
    }

    @Test func readsVariantsAndLegacySTSFromTheEnvironment() throws {
        let environment = ["AWS_USE_FIPS_ENDPOINT": "true", "AWS_USE_DUALSTACK_ENDPOINT": "TRUE"]
        let resolver = AWSEndpointResolver(region: "us-east-1", environment: environment)
        #expect(try resolver.resolve(.ec2).host == "ec2-fips.us-east-1.api.aws")

        let legacy = AWSEndpointResolver(region: "eu-west-1", environment: ["AWS_STS_REGIONAL_ENDPOINTS": "legacy"])
        let sts = try legacy.resolve(.sts)
        #expect(sts.host == "sts.amazonaws.com")
        #expect(sts.signingRegion == "us-east-1")
    }

    @Test func usesTheSharedConfigEndpointsAfterTheVariables() throws {
        let shared = AWSEndpointResolver.SharedConfigEndpoints(
            profile: "dev", global: "http://everything:1", services: ["secrets_manager": "http://sm:2"])
        let resolver = AWSEndpointResolver(region: "eu-west-1", environment: [:], sharedConfigEndpoints: shared)
        #expect(try resolver.resolve(.secretsManager).url.absoluteString == "http://sm:2")
        #expect(try resolver.resolve(.ec2).url.absoluteString == "http://everything:1")
        #expect(try resolver.resolve(.ec2).source == .sharedConfig(profile: "dev"))

        let overridden = AWSEndpointResolver(
            region: "eu-west-1", environment: ["AWS_ENDPOINT_URL": "http://variable:3"], sharedConfigEndpoints: shared)
        #expect(try overridden.resolve(.secretsManager).url.absoluteString == "http://variable:3")
    }

    struct InvalidCase: CustomTestStringConvertible, Sendable {
        var name: String
        var region: String
        var override: String?
        var fragment: String
        var testDescription: String { name }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(name: "no region", region: "", fragment: "no AWS region is configured"),
        InvalidCase(name: "a region that would change the host", region: "eu-west-1.evil.example/", fragment: "not a valid AWS region"),
        InvalidCase(name: "upper-case region", region: "EU-WEST-1", fragment: "not a valid AWS region"),
        InvalidCase(name: "override without a scheme", region: "eu-west-1", override: "localhost:4566", fragment: "is not a URL"),
        InvalidCase(name: "override with another scheme", region: "eu-west-1", override: "ftp://files", fragment: "is not a URL"),
    ]

    @Test(arguments: invalidCases)
    func refusesUnusableConfiguration(_ testCase: InvalidCase) {
        let overrides = testCase.override.map { ["ec2": $0] } ?? [:]
        let resolver = AWSEndpointResolver(region: testCase.region, overrides: overrides, environment: [:])
        #expect {
            _ = try resolver.resolve(.ec2)
        } throws: { error in
            (error as? AWSEndpointError)?.description.contains(testCase.fragment) == true
        }
    }

    @Test func everyServiceHasADistinctEndpointKeyAndVariable() {
        let keys = AWSService.all.flatMap(\.terraformEndpointKeys)
        #expect(Set(keys).count == keys.count)
        #expect(AWSService.forTerraformEndpointKey("cloudwatchevents") == .eventBridge)
        #expect(AWSService.forTerraformEndpointKey("elasticloadbalancingv2") == .elbv2)
        #expect(AWSService.forTerraformEndpointKey("nonsense") == nil)
        #expect(AWSService.secretsManager.endpointEnvironmentVariable == "AWS_ENDPOINT_URL_SECRETS_MANAGER")
        #expect(AWSService.cloudWatchLogs.endpointEnvironmentVariable == "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS")
        #expect(AWSService.route53.endpointEnvironmentVariable == "AWS_ENDPOINT_URL_ROUTE_53")
    }

    @Test func hostPrefixesGoInFrontOfTheHost() throws {
        let endpoint = try AWSEndpointResolver(region: "eu-west-1", environment: [:]).resolve(.s3)
        #expect(endpoint.withHostPrefix("my-bucket.").url.absoluteString == "https://my-bucket.s3.eu-west-1.amazonaws.com")
        #expect(endpoint.withHostPrefix("").url == endpoint.url)
    }
}
