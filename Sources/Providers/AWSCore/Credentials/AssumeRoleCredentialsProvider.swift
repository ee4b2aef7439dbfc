import Foundation

/// Temporary credentials of a role, from STS `AssumeRole` called with another provider's
/// credentials: the provider block's `assume_role`, or a profile's `role_arn` with
/// `source_profile` or `credential_source`.
///
/// Every call assumes the role anew; wrap it in `CachingCredentialsProvider` (as
/// `AWSClientConfiguration.init(settings:)` does) to reuse the credentials until shortly
/// before they expire.
public struct AssumeRoleCredentialsProvider: AWSCredentialsProvider {
    /// The `AssumeRole` inputs Terraform's `assume_role` block and profiles can set.
    public struct Role: Sendable, Equatable {
        public var roleArn: String
        /// Defaults to `prov-<unix time in ms>`.
        public var sessionName: String?
        public var externalId: String?
        public var duration: Duration?
        /// An inline session policy (JSON).
        public var policy: String?
        public var policyArns: [String]
        public var tags: [String: String]
        public var transitiveTagKeys: [String]
        public var sourceIdentity: String?

        public init(
            roleArn: String, sessionName: String? = nil, externalId: String? = nil, duration: Duration? = nil,
            policy: String? = nil, policyArns: [String] = [], tags: [String: String] = [:],
            transitiveTagKeys: [String] = [], sourceIdentity: String? = nil
        ) {
            self.roleArn = roleArn
            self.sessionName = sessionName
            self.externalId = externalId
            self.duration = duration
            self.policy = policy
            self.policyArns = policyArns
            self.tags = tags
            self.transitiveTagKeys = transitiveTagKeys
            self.sourceIdentity = sourceIdentity
        }
    }

    public let role: Role
    public let source: any AWSCredentialsProvider
    private let sts: AWSClientConfiguration

    /// - Parameter stsConfiguration: how to reach STS (region, endpoints, transport); its
    ///   credentials are replaced by `source`.
    public init(role: Role, source: any AWSCredentialsProvider, stsConfiguration: AWSClientConfiguration) {
        self.role = role
        self.source = source
        var sts = stsConfiguration
        sts.credentials = source
        self.sts = sts
    }

    public var sourceDescription: String { "the role \(role.roleArn) (assumed with \(source.sourceDescription))" }

    public func credentials() async throws -> AWSCredentials {
        var parameters = QueryParameters()
        parameters.set("RoleArn", role.roleArn)
        parameters.set("RoleSessionName", role.sessionName ?? Self.defaultSessionName(sts.clock.now()))
        parameters.set("ExternalId", role.externalId)
        parameters.set("DurationSeconds", role.duration.map { Int($0.components.seconds) })
        parameters.set("Policy", role.policy)
        if !role.policyArns.isEmpty {
            parameters.setList("PolicyArns", role.policyArns.map { arn in QueryParameters { $0.set("arn", arn) } })
        }
        if !role.tags.isEmpty { parameters.setTags("Tags", role.tags) }
        if !role.transitiveTagKeys.isEmpty { parameters.setList("TransitiveTagKeys", role.transitiveTagKeys) }
        parameters.set("SourceIdentity", role.sourceIdentity)

        let result: XMLNode
        do {
            result = try await AWSClient(configuration: sts).query(.sts, action: "AssumeRole", parameters: parameters)
        } catch let error as AWSError {
            throw AWSCredentialsError.invalid(source: "the role \(role.roleArn)", reason: error.description)
        }
        return try TemporaryCredentialsDocument.parseSTS(result, source: "the role \(role.roleArn)")
    }

    static func defaultSessionName(_ now: Date) -> String {
        "prov-\(Int64(now.timeIntervalSince1970 * 1000))"
    }
}
