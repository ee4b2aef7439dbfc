import Foundation

/// An AWS access key pair, with the session token and expiry that temporary credentials carry.
///
/// Every textual form of this value (`description`, `debugDescription`, `dump`, string
/// interpolation) shows the access key id only: the secret key and the session token must never
/// reach a log line or an error message, and a credentials value is easy to interpolate by mistake.
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working; nil for long-lived keys.
    public var expiration: Date?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var text = "AWSCredentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>"
        if sessionToken != nil { text += ", sessionToken: <redacted>" }
        if let expiration { text += ", expiration: \(expiration.formatted(.iso8601))" }
        return text + ")"
    }

    public var debugDescription: String { description }

    /// `dump` and the default description of any value holding credentials walk mirrors, not
    /// `description`, so the mirror has to hide the secrets too.
    public var customMirror: Mirror {
        var children: [(label: String?, value: Any)] = [
            ("accessKeyId", accessKeyId), ("secretAccessKey", "<redacted>"),
        ]
        if sessionToken != nil { children.append(("sessionToken", "<redacted>")) }
        if let expiration { children.append(("expiration", expiration)) }
        return Mirror(self, children: children, displayStyle: .struct)
    }
}
