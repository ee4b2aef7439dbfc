import Foundation
import ResourceGraph

/// The `provider "aws"` block, decoded: where to call, with which credentials, and the tags
/// every resource gets.
struct AWSProviderSettings: Sendable {
    var region: String
    var accessKey: String?
    var secretKey: String?
    var token: String?
    var profile: String?
    var sharedConfigFiles: [String]
    var sharedCredentialsFiles: [String]
    var maxRetries: Int
    var endpoints: [String: String]
    var defaultTags: [String: String]
    var ignoreTagKeys: Set<String>
    var ignoreTagPrefixes: [String]
    var skipCredentialsValidation: Bool
    var skipRequestingAccountID: Bool
    var useFIPS: Bool?
    var useDualStack: Bool?

    static let schema = BlockSchema(
        attributes: [
            "region": AttributeSchema(.string, .optional),
            "access_key": AttributeSchema(.string, .optional, sensitive: true),
            "secret_key": AttributeSchema(.string, .optional, sensitive: true),
            "token": AttributeSchema(.string, .optional, sensitive: true),
            "profile": AttributeSchema(.string, .optional),
            "shared_config_files": AttributeSchema(.list(.string), .optional),
            "shared_credentials_files": AttributeSchema(.list(.string), .optional),
            "max_retries": AttributeSchema(.number, .optional),
            "skip_credentials_validation": AttributeSchema(.bool, .optional),
            "skip_requesting_account_id": AttributeSchema(.bool, .optional),
            "skip_metadata_api_check": AttributeSchema(.bool, .optional),
            "skip_region_validation": AttributeSchema(.bool, .optional),
            "use_fips_endpoint": AttributeSchema(.bool, .optional),
            "use_dualstack_endpoint": AttributeSchema(.bool, .optional),
            "s3_use_path_style": AttributeSchema(.bool, .optional),
            "allowed_account_ids": AttributeSchema(.set(.string), .optional),
            "forbidden_account_ids": AttributeSchema(.set(.string), .optional),
        ],
        blocks: [
            "endpoints": NestedBlockSchema(.list, BlockSchema(attributes: Dictionary(uniqueKeysWithValues: AWSService.all.flatMap(\.terraformEndpointKeys).map { ($0, AttributeSchema(.string, .optional)) }))),
            "default_tags": NestedBlockSchema(.single, BlockSchema(attributes: ["tags": AttributeSchema(.map(.string), .optional)]), maxItems: 1),
            "ignore_tags": NestedBlockSchema(.single, BlockSchema(attributes: [
                "keys": AttributeSchema(.set(.string), .optional),
                "key_prefixes": AttributeSchema(.set(.string), .optional),
            ]), maxItems: 1),
            "assume_role": NestedBlockSchema(.list, BlockSchema(attributes: [
                "role_arn": AttributeSchema(.string, .optional),
                "session_name": AttributeSchema(.string, .optional),
                "external_id": AttributeSchema(.string, .optional),
                "duration": AttributeSchema(.string, .optional),
                "policy": AttributeSchema(.string, .optional),
            ]), maxItems: 1),
        ])

    /// Reads the decoded block; region falls back to `AWS_REGION`, then `AWS_DEFAULT_REGION`.
    init(_ configuration: Value, environment: [String: String]) throws {
        let block = configuration.isNull ? Value.emptyObject : configuration.unmarkedDeep()
        guard let region = block.string("region") ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"], !region.isEmpty else {
            throw ProviderErrorBuilder.configuration("No region was given: set region in the provider \"aws\" block, or the AWS_REGION environment variable.")
        }
        self.region = region
        accessKey = block.string("access_key")
        secretKey = block.string("secret_key")
        token = block.string("token")
        profile = block.string("profile")
        sharedConfigFiles = block.stringList("shared_config_files") ?? []
        sharedCredentialsFiles = block.stringList("shared_credentials_files") ?? []
        maxRetries = block.int("max_retries") ?? 25
        var endpoints: [String: String] = [:]
        for entry in block.objects("endpoints") {
            for (key, value) in entry.attributes ?? [:] { if let url = value.stringValue { endpoints[key] = url } }
        }
        self.endpoints = endpoints
        defaultTags = block[attribute: "default_tags"]?.stringMap("tags") ?? [:]
        let ignore = block[attribute: "ignore_tags"] ?? .null
        ignoreTagKeys = Set(ignore.stringList("keys") ?? [])
        ignoreTagPrefixes = ignore.stringList("key_prefixes") ?? []
        skipCredentialsValidation = block.bool("skip_credentials_validation") ?? false
        skipRequestingAccountID = block.bool("skip_requesting_account_id") ?? false
        useFIPS = block.bool("use_fips_endpoint")
        useDualStack = block.bool("use_dualstack_endpoint")
        if !block.objects("assume_role").isEmpty {
            throw ProviderErrorBuilder.configuration("The assume_role block is not supported yet; use a profile with role_arn and source_profile instead.")
        }
    }

    /// Whether a tag key is one the provider is told to leave alone.
    func ignoresTag(_ key: String) -> Bool {
        ignoreTagKeys.contains(key) || ignoreTagPrefixes.contains { key.hasPrefix($0) }
    }
}
