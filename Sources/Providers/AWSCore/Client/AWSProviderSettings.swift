/// The AWS provider block's settings that decide how to reach AWS, as the Terraform AWS
/// provider names them. `AWSClientConfiguration(settings:)` turns them into a client
/// configuration with the full credential chain.
public struct AWSProviderSettings: Sendable {
    public var region: String?
    /// `access_key`, `secret_key`, `token`
    public var accessKey: String?
    public var secretKey: String?
    public var token: String?
    public var profile: String?
    public var sharedConfigFiles: [String]?
    public var sharedCredentialsFiles: [String]?
    /// `assume_role` blocks, assumed in order: each role's credentials assume the next.
    public var assumeRole: [AssumeRoleCredentialsProvider.Role]
    /// `endpoints {}`: service key (or alias) to URL.
    public var endpoints: [String: String]
    public var maxRetries: Int?
    /// `skip_metadata_api_check`: never ask the EC2 instance metadata service.
    public var skipMetadataAPICheck: Bool
    /// `sts_region`: where STS calls for assuming roles go, when not the main region.
    public var stsRegion: String?
    public var useFIPSEndpoint: Bool?
    public var useDualStackEndpoint: Bool?

    public init(
        region: String? = nil, accessKey: String? = nil, secretKey: String? = nil, token: String? = nil,
        profile: String? = nil, sharedConfigFiles: [String]? = nil, sharedCredentialsFiles: [String]? = nil,
        assumeRole: [AssumeRoleCredentialsProvider.Role] = [], endpoints: [String: String] = [:],
        maxRetries: Int? = nil, skipMetadataAPICheck: Bool = false, stsRegion: String? = nil,
        useFIPSEndpoint: Bool? = nil, useDualStackEndpoint: Bool? = nil
    ) {
        self.region = region
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.token = token
        self.profile = profile
        self.sharedConfigFiles = sharedConfigFiles
        self.sharedCredentialsFiles = sharedCredentialsFiles
        self.assumeRole = assumeRole
        self.endpoints = endpoints
        self.maxRetries = maxRetries
        self.skipMetadataAPICheck = skipMetadataAPICheck
        self.stsRegion = stsRegion
        self.useFIPSEndpoint = useFIPSEndpoint
        self.useDualStackEndpoint = useDualStackEndpoint
    }
}
