import Foundation
import ResourceGraph

/// The `provider "aws"` block, decoded: how to reach AWS (`connection`, which the AWS core turns
/// into a client with the full credential chain) and how resources are tagged.
struct AWSProviderBlock: Sendable {
    var connection: AWSProviderSettings
    var defaultTags: [String: String]
    var ignoreTagKeys: Set<String>
    var ignoreTagPrefixes: [String]
    var skipCredentialsValidation: Bool
    var skipRequestingAccountID: Bool
    /// `s3_use_path_style`: address buckets as `host/bucket/key` rather than `bucket.host/key`.
    var s3UsePathStyle: Bool

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
            "sts_region": AttributeSchema(.string, .optional),
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
            "endpoints": NestedBlockSchema(.list, BlockSchema(attributes: Dictionary(
                uniqueKeysWithValues: Set(AWSService.all.flatMap(\.terraformEndpointKeys)).map { ($0, AttributeSchema(.string, .optional)) }))),
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
                "policy_arns": AttributeSchema(.set(.string), .optional),
                "tags": AttributeSchema(.map(.string), .optional),
                "transitive_tag_keys": AttributeSchema(.set(.string), .optional),
                "source_identity": AttributeSchema(.string, .optional),
            ])),
        ])

    init(_ configuration: Value) throws {
        let block = configuration.isNull ? Value.emptyObject : configuration.unmarkedDeep()
        var endpoints: [String: String] = [:]
        for entry in block.objects("endpoints") {
            for (key, value) in entry.attributes ?? [:] { if let url = value.stringValue { endpoints[key] = url } }
        }
        var roles: [AssumeRoleCredentialsProvider.Role] = []
        for role in block.objects("assume_role") {
            guard let arn = role.string("role_arn"), !arn.isEmpty else { continue }
            var duration: Duration? = nil
            if let text = role.string("duration") {
                guard let parsed = DurationSyntax.parse(text) else {
                    throw ProviderErrorBuilder.configuration("assume_role duration \"\(text)\" is not a duration such as 1h or 15m.")
                }
                duration = parsed
            }
            roles.append(AssumeRoleCredentialsProvider.Role(
                roleArn: arn, sessionName: role.string("session_name"), externalId: role.string("external_id"),
                duration: duration, policy: role.string("policy"), policyArns: role.stringList("policy_arns") ?? [],
                tags: role.stringMap("tags") ?? [:], transitiveTagKeys: role.stringList("transitive_tag_keys") ?? [],
                sourceIdentity: role.string("source_identity")))
        }
        connection = AWSProviderSettings(
            region: block.string("region"), accessKey: block.string("access_key"), secretKey: block.string("secret_key"),
            token: block.string("token"), profile: block.string("profile"),
            sharedConfigFiles: block.stringList("shared_config_files"), sharedCredentialsFiles: block.stringList("shared_credentials_files"),
            assumeRole: roles, endpoints: endpoints, maxRetries: block.int("max_retries"),
            skipMetadataAPICheck: block.bool("skip_metadata_api_check") ?? false, stsRegion: block.string("sts_region"),
            useFIPSEndpoint: block.bool("use_fips_endpoint"), useDualStackEndpoint: block.bool("use_dualstack_endpoint"))
        defaultTags = block[attribute: "default_tags"]?.stringMap("tags") ?? [:]
        let ignore = block[attribute: "ignore_tags"] ?? .null
        ignoreTagKeys = Set(ignore.stringList("keys") ?? [])
        ignoreTagPrefixes = ignore.stringList("key_prefixes") ?? []
        skipCredentialsValidation = block.bool("skip_credentials_validation") ?? false
        skipRequestingAccountID = block.bool("skip_requesting_account_id") ?? false
        s3UsePathStyle = block.bool("s3_use_path_style") ?? false
    }

    /// Whether a tag key is one the provider leaves alone: those `ignore_tags` names, and
    /// prov's own system tags, which never show in `tags` or `tags_all`.
    func ignoresTag(_ key: String) -> Bool {
        ignoreTagKeys.contains(key) || ignoreTagPrefixes.contains { key.hasPrefix($0) } || AWSSystemTags.isSystemKey(key)
    }
}
