import Foundation
import ResourceGraph

/// Reads the temporary credentials that STS, the container credentials endpoint, the instance
/// metadata service and credential processes hand out.
enum TemporaryCredentialsDocument {
    /// The JSON of the container and metadata endpoints (`AccessKeyId`, `SecretAccessKey`,
    /// `Token`, `Expiration`) and of credential processes (`SessionToken` instead of `Token`).
    static func parseJSON(_ data: Data, source: String) throws(AWSCredentialsError) -> AWSCredentials {
        guard let document = try? JSONParser.parse(Array(data)), document.attributes != nil else {
            throw .invalid(source: source, reason: "the answer is not a JSON object")
        }
        if let code = document[attribute: "Code"]?.stringValue, code != "Success" {
            throw .invalid(source: source, reason: "the answer says \(code)")
        }
        guard let accessKeyId = document[attribute: "AccessKeyId"]?.stringValue, !accessKeyId.isEmpty,
              let secretAccessKey = document[attribute: "SecretAccessKey"]?.stringValue, !secretAccessKey.isEmpty else {
            throw .invalid(source: source, reason: "the answer has no AccessKeyId and SecretAccessKey")
        }
        let token = (document[attribute: "Token"] ?? document[attribute: "SessionToken"])?.stringValue
        var expiration: Date?
        if let text = document[attribute: "Expiration"]?.stringValue {
            guard let date = parseTimestamp(text) else {
                throw .invalid(source: source, reason: "the expiration '\(text)' is not an ISO 8601 time")
            }
            expiration = date
        }
        return AWSCredentials(
            accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: token, expiration: expiration)
    }

    /// The `<Credentials>` element of an STS AssumeRole… answer.
    static func parseSTS(_ result: XMLNode, source: String) throws(AWSCredentialsError) -> AWSCredentials {
        guard let credentials = result.child("Credentials"),
              let accessKeyId = credentials.string("AccessKeyId"),
              let secretAccessKey = credentials.string("SecretAccessKey"),
              let sessionToken = credentials.string("SessionToken") else {
            throw .invalid(source: source, reason: "the STS answer has no complete Credentials element")
        }
        guard let text = credentials.string("Expiration"), let expiration = parseTimestamp(text) else {
            throw .invalid(source: source, reason: "the STS answer has no readable Expiration")
        }
        return AWSCredentials(
            accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: sessionToken, expiration: expiration)
    }

    /// ISO 8601 times as AWS writes them: `2024-05-17T08:09:10Z`, with fractional seconds
    /// (`…10.419Z`) or a numeric offset (`…10+00:00`).
    static func parseTimestamp(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let styles: [Date.ISO8601FormatStyle] = [
            .iso8601,
            Date.ISO8601FormatStyle(includingFractionalSeconds: true),
            Date.ISO8601FormatStyle(timeZoneSeparator: .colon),
            Date.ISO8601FormatStyle(timeZoneSeparator: .colon, includingFractionalSeconds: true),
        ]
        for style in styles {
            if let date = try? style.parse(trimmed) { return date }
        }
        return nil
    }
}
