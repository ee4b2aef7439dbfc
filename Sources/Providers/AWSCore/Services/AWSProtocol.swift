/// The wire protocols AWS services speak, as botocore's service models name them.
public enum AWSProtocol: String, Sendable, Hashable, CaseIterable {
    /// Form-encoded POST with `Action` and `Version`; lists flattened as `Name.1`; XML answers
    /// with lower-camel-case element names. EC2 only.
    case ec2
    /// Form-encoded POST with `Action` and `Version`; lists as `Name.member.1`; XML answers
    /// wrapped in `<ActionResponse><ActionResult>`.
    case query
    /// JSON POST to `/` with `X-Amz-Target: <prefix>.<Operation>`.
    case json
    /// REST: the operation is in the method and path, input and output bodies are JSON.
    case restJSON = "rest-json"
    /// REST: the operation is in the method and path, input and output bodies are XML.
    case restXML = "rest-xml"
}

/// What a json-protocol service expects in `X-Amz-Target` and `Content-Type`.
public struct JSONTarget: Sendable, Hashable {
    /// e.g. `secretsmanager`, `DynamoDB_20120810`
    public let prefix: String
    /// `1.0` or `1.1`
    public let version: String

    public init(prefix: String, version: String) {
        self.prefix = prefix
        self.version = version
    }

    public var contentType: String { "application/x-amz-json-\(version)" }

    public func target(_ operation: String) -> String { "\(prefix).\(operation)" }
}
