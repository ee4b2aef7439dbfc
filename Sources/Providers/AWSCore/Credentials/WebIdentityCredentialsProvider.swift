import Foundation

/// Temporary credentials for a role, from STS `AssumeRoleWithWebIdentity` with an OIDC token
/// read from a file: how EKS pods (IRSA) and CI systems get AWS access. Configured by
/// `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN` (and `AWS_ROLE_SESSION_NAME`), or by a
/// profile's `web_identity_token_file` and `role_arn`.
///
/// The token file is read again for every fetch, because whoever provides it rotates it. The
/// call is unsigned: the token is what authenticates it. The token never appears in errors.
public struct WebIdentityCredentialsProvider: AWSCredentialsProvider {
    public let roleArn: String
    public let tokenFile: String
    public let sessionName: String?
    public let sourceDescription: String
    private let sts: AWSClientConfiguration

    public init(
        roleArn: String, tokenFile: String, sessionName: String? = nil, stsConfiguration: AWSClientConfiguration,
        sourceDescription: String? = nil
    ) {
        self.roleArn = roleArn
        self.tokenFile = tokenFile
        self.sessionName = sessionName
        var sts = stsConfiguration
        sts.credentials = AnonymousCredentialsProvider()
        self.sts = sts
        self.sourceDescription = sourceDescription ?? "the web identity token file \(tokenFile) for role \(roleArn)"
    }

    /// The provider the environment configures, or nil when `AWS_WEB_IDENTITY_TOKEN_FILE` is
    /// not set.
    public static func fromEnvironment(
        _ environment: [String: String], stsConfiguration: AWSClientConfiguration
    ) throws(AWSCredentialsError) -> WebIdentityCredentialsProvider? {
        let source = "the environment variables AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN"
        let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        let roleArn = environment["AWS_ROLE_ARN"].flatMap { $0.isEmpty ? nil : $0 }
        switch (tokenFile, roleArn) {
        case (nil, _):
            return nil
        case (_?, nil):
            throw .invalid(source: source, reason: "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
        case let (tokenFile?, roleArn?):
            return WebIdentityCredentialsProvider(
                roleArn: roleArn, tokenFile: tokenFile, sessionName: environment["AWS_ROLE_SESSION_NAME"],
                stsConfiguration: stsConfiguration, sourceDescription: source)
        }
    }

    public func credentials() async throws -> AWSCredentials {
        let token: String
        do {
            token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw AWSCredentialsError.invalid(source: sourceDescription, reason: "the token file \(tokenFile) cannot be read")
        }
        guard !token.isEmpty else {
            throw AWSCredentialsError.invalid(source: sourceDescription, reason: "the token file \(tokenFile) is empty")
        }
        var parameters = QueryParameters()
        parameters.set("RoleArn", roleArn)
        parameters.set("RoleSessionName", sessionName ?? AssumeRoleCredentialsProvider.defaultSessionName(sts.clock.now()))
        parameters.set("WebIdentityToken", token)
        let result: XMLNode
        do {
            result = try await AWSClient(configuration: sts).query(
                .sts, action: "AssumeRoleWithWebIdentity", parameters: parameters)
        } catch let error as AWSError {
            throw AWSCredentialsError.invalid(source: sourceDescription, reason: error.description)
        }
        return try TemporaryCredentialsDocument.parseSTS(result, source: sourceDescription)
    }
}
