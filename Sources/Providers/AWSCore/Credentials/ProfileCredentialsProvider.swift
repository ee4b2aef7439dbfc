import Foundation

/// Credentials from a profile of the shared config and credentials files:
/// - `aws_access_key_id`, `aws_secret_access_key` (and `aws_session_token`);
/// - `credential_process`;
/// - `role_arn` with `source_profile` (whose credentials assume the role; roles may chain
///   through several profiles), or with `credential_source` (`Environment`,
///   `Ec2InstanceMetadata`, `EcsContainer`), plus `external_id`, `role_session_name`,
///   `duration_seconds`;
/// - `role_arn` with `web_identity_token_file`.
///
/// The profile is turned into a provider on first use and that provider kept, cached when its
/// credentials expire. A profile chosen on purpose (the provider's `profile`, `AWS_PROFILE`)
/// that does not exist or has no credentials is an error; the implicit `default` profile
/// missing is only "not found", so a chain goes on to the next source.
public final class ProfileCredentialsProvider: AWSCredentialsProvider, @unchecked Sendable {
    // @unchecked: `resolved` is only touched under `lock`; everything else is immutable.
    public let profile: String
    public let explicitlySelected: Bool
    public let configuration: SharedConfiguration
    private let sts: AWSClientConfiguration
    private let environment: [String: String]
    private let lock = NSLock()
    private var resolved: (any AWSCredentialsProvider)?

    /// - Parameter stsConfiguration: how to reach STS for roles (region, endpoints, transport,
    ///   clock); its credentials are replaced by each role's source.
    public init(
        profile: String, explicitlySelected: Bool, configuration: SharedConfiguration,
        stsConfiguration: AWSClientConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.profile = profile
        self.explicitlySelected = explicitlySelected
        self.configuration = configuration
        self.sts = stsConfiguration
        self.environment = environment
    }

    public var sourceDescription: String { configuration.describe(profile: profile) }

    public func credentials() async throws -> AWSCredentials {
        let provider = try lock.withLock { () throws(AWSCredentialsError) -> any AWSCredentialsProvider in
            if let resolved { return resolved }
            let made = try makeProvider(for: profile, visited: [])
            resolved = made
            return made
        }
        return try await provider.credentials()
    }

    // MARK: Building the provider

    private func makeProvider(for name: String, visited: [String]) throws(AWSCredentialsError) -> any AWSCredentialsProvider {
        let source = configuration.describe(profile: name)
        guard let properties = configuration.profile(name) else {
            if visited.isEmpty && !explicitlySelected {
                throw .notFound(source: source, reason: "no such profile")
            }
            throw .invalid(
                source: source,
                reason: visited.isEmpty ? "the profile does not exist" : "profile \(visited.last!) names it as source_profile, but it does not exist")
        }
        func value(_ key: String) -> String? { properties[key].flatMap { $0.isEmpty ? nil : $0 } }

        if let roleArn = value("role_arn") {
            return try makeRoleProvider(roleArn: roleArn, profile: name, value: value, visited: visited)
        }
        if let command = value("credential_process") {
            return CachingCredentialsProvider(
                ProcessCredentialsProvider(command: command, sourceDescription: source, environment: environment),
                clock: sts.clock)
        }
        if let keys = try staticKeys(value, source: source) { return keys }
        if value("sso_session") != nil || value("sso_start_url") != nil {
            throw .invalid(
                source: source,
                reason: "the profile signs in with IAM Identity Center (SSO), which prov does not support; "
                    + "export credentials with `aws configure export-credentials --profile \(name) --format env`")
        }
        if visited.isEmpty && !explicitlySelected {
            throw .notFound(source: source, reason: "the profile has no credentials")
        }
        throw .invalid(
            source: source,
            reason: "the profile has no credentials (aws_access_key_id, credential_process or role_arn)")
    }

    private func makeRoleProvider(
        roleArn: String, profile name: String, value: (String) -> String?, visited: [String]
    ) throws(AWSCredentialsError) -> any AWSCredentialsProvider {
        let source = configuration.describe(profile: name)
        if let tokenFile = value("web_identity_token_file") {
            return CachingCredentialsProvider(
                WebIdentityCredentialsProvider(
                    roleArn: roleArn, tokenFile: tokenFile, sessionName: value("role_session_name"),
                    stsConfiguration: sts, sourceDescription: source),
                clock: sts.clock)
        }
        let roleSource: any AWSCredentialsProvider
        if let sourceProfile = value("source_profile") {
            if sourceProfile == name {
                // A profile may hold the keys that assume its own role.
                guard let keys = try staticKeys(value, source: source) else {
                    throw .invalid(source: source, reason: "source_profile names the profile itself, which has no keys")
                }
                roleSource = keys
            } else if visited.contains(sourceProfile) || sourceProfile == profile {
                throw .invalid(
                    source: source,
                    reason: "source_profile loops: " + (visited + [name, sourceProfile]).joined(separator: " → "))
            } else {
                roleSource = try makeProvider(for: sourceProfile, visited: visited + [name])
            }
        } else if let credentialSource = value("credential_source") {
            switch credentialSource {
            case "Environment": roleSource = EnvironmentCredentialsProvider(environment: environment)
            case "Ec2InstanceMetadata":
                roleSource = CachingCredentialsProvider(
                    InstanceMetadataCredentialsProvider(environment: environment, transport: sts.transport), clock: sts.clock)
            case "EcsContainer":
                roleSource = CachingCredentialsProvider(
                    ContainerCredentialsProvider(environment: environment, transport: sts.transport), clock: sts.clock)
            default:
                throw .invalid(
                    source: source,
                    reason: "credential_source '\(credentialSource)' is not one of Environment, Ec2InstanceMetadata, EcsContainer")
            }
        } else {
            throw .invalid(
                source: source, reason: "role_arn needs source_profile, credential_source or web_identity_token_file")
        }
        var duration: Duration?
        if let seconds = value("duration_seconds") {
            guard let whole = Int(seconds) else {
                throw .invalid(source: source, reason: "duration_seconds '\(seconds)' is not a whole number")
            }
            duration = .seconds(whole)
        }
        let role = AssumeRoleCredentialsProvider.Role(
            roleArn: roleArn, sessionName: value("role_session_name"), externalId: value("external_id"), duration: duration)
        return CachingCredentialsProvider(
            AssumeRoleCredentialsProvider(role: role, source: roleSource, stsConfiguration: sts), clock: sts.clock)
    }

    private func staticKeys(_ value: (String) -> String?, source: String) throws(AWSCredentialsError) -> StaticCredentialsProvider? {
        let keyId = value("aws_access_key_id")
        let secret = value("aws_secret_access_key")
        guard keyId != nil || secret != nil else { return nil }
        let provider = StaticCredentialsProvider(
            accessKeyId: keyId, secretAccessKey: secret, sessionToken: value("aws_session_token"), sourceDescription: source)
        do {
            _ = try provider.credentials()
        } catch let error as AWSCredentialsError {
            throw error
        } catch {
            throw .invalid(source: source, reason: "\(error)")
        }
        return provider
    }
}
