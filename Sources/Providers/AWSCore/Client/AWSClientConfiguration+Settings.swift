import Foundation

extension AWSClientConfiguration {
    /// A configuration from the provider block, the environment and the shared config files,
    /// resolved as the Terraform AWS provider resolves them.
    ///
    /// Region: `region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's
    /// `region`. Profile: `profile`, else `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else
    /// `default`. Credentials, first source that has some:
    /// 1. `access_key` / `secret_key` / `token`;
    /// 2. `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, unless the
    ///    provider block names a profile (then the profile wins, as in the Terraform provider);
    /// 3. the profile (keys, `credential_process`, roles, web identity);
    /// 4. `AWS_WEB_IDENTITY_TOKEN_FILE` with `AWS_ROLE_ARN`;
    /// 5. the container credentials endpoint;
    /// 6. the EC2 instance metadata service (unless `skip_metadata_api_check` or
    ///    `AWS_EC2_METADATA_DISABLED=true`).
    /// Then each `assume_role` block in turn assumes its role with the credentials so far.
    /// Nothing is fetched here: credentials are fetched, and cached, on the first request.
    public init(
        settings: AWSProviderSettings,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        transport: any HTTPTransport = CurlHTTPClient.shared,
        clock: AWSClock = .system
    ) throws(AWSConfigurationError) {
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }

        let shared: SharedConfiguration
        do {
            shared = try SharedConfiguration(
                configFiles: settings.sharedConfigFiles, credentialsFiles: settings.sharedCredentialsFiles,
                environment: environment)
        } catch {
            throw AWSConfigurationError(error.description)
        }
        let explicitProfile = settings.profile.flatMap { $0.isEmpty ? nil : $0 }
        let profileFromEnvironment = variable("AWS_PROFILE") ?? variable("AWS_DEFAULT_PROFILE")
        let profile = explicitProfile ?? profileFromEnvironment ?? "default"

        guard let region = settings.region.flatMap({ $0.isEmpty ? nil : $0 }) ?? variable("AWS_REGION")
            ?? variable("AWS_DEFAULT_REGION") ?? shared.region(forProfile: profile) else {
            throw AWSConfigurationError(
                "no AWS region is configured: set region in the provider block, the AWS_REGION environment variable, "
                    + "or region in \(shared.describe(profile: profile))")
        }

        self.init(
            region: region, credentials: AnonymousCredentialsProvider(), endpointOverrides: settings.endpoints,
            maxRetries: settings.maxRetries ?? 25, transport: transport, environment: environment)
        self.clock = clock
        self.useFIPSEndpoints = settings.useFIPSEndpoint
        self.useDualStackEndpoints = settings.useDualStackEndpoint
        self.sharedConfigEndpoints = shared.endpoints(forProfile: profile)

        var sts = self
        sts.region = settings.stsRegion.flatMap { $0.isEmpty ? nil : $0 } ?? region

        var sources: [any AWSCredentialsProvider] = [
            StaticCredentialsProvider(accessKeyId: settings.accessKey, secretAccessKey: settings.secretKey, sessionToken: settings.token)
        ]
        if explicitProfile == nil { sources.append(EnvironmentCredentialsProvider(environment: environment)) }
        sources.append(
            ProfileCredentialsProvider(
                profile: profile, explicitlySelected: explicitProfile != nil || profileFromEnvironment != nil,
                configuration: shared, stsConfiguration: sts, environment: environment))
        do {
            if let webIdentity = try WebIdentityCredentialsProvider.fromEnvironment(environment, stsConfiguration: sts) {
                sources.append(CachingCredentialsProvider(webIdentity, clock: clock))
            }
        } catch {
            throw AWSConfigurationError(error.description)
        }
        sources.append(
            CachingCredentialsProvider(ContainerCredentialsProvider(environment: environment, transport: transport), clock: clock))
        if !settings.skipMetadataAPICheck {
            sources.append(
                CachingCredentialsProvider(
                    InstanceMetadataCredentialsProvider(environment: environment, transport: transport), clock: clock))
        }

        var credentials: any AWSCredentialsProvider = AWSCredentialsProviderChain(sources)
        for role in settings.assumeRole {
            credentials = CachingCredentialsProvider(
                AssumeRoleCredentialsProvider(role: role, source: credentials, stsConfiguration: sts), clock: clock)
        }
        self.credentials = credentials
    }
}
