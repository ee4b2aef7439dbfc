import Foundation
import Provisioner

/// How requests and responses appear in the debug log (`PROV_LOG=debug`): the request line,
/// headers and body, then the status, time taken and body of the answer. Credentials and
/// every field whose name says it holds a secret are masked here, before `DebugLog` hides the
/// run's known sensitive values, so a generated password or a new access key's secret (which
/// the engine has not seen yet) is never written either.
enum HTTPExchangeLog {
    static let masked = "(redacted)"
    /// Bodies longer than this are cut: a Lambda deployment package helps nobody in a log.
    static let bodyLimit = 8_192

    static func request(_ request: HTTPRequest, call: AWSCall, attempt: Int) -> String {
        let query = request.query.isEmpty ? "" : "?" + request.query.map { "\($0.name)=\(maskedField($0.name, $0.value))" }.joined(separator: "&")
        var lines = ["→ \(call.service.serviceId) \(call.operation) (attempt \(attempt)): \(request.method) \(request.endpoint.absoluteString)\(request.path)\(query)"]
        lines += request.headers.fields.map { "  \($0.name): \(maskedHeader($0.name, $0.value))" }
        if !request.body.isEmpty { lines.append(body(request.body, contentType: request.headers["Content-Type"])) }
        return lines.joined(separator: "\n")
    }

    static func response(_ response: HTTPResponse, call: AWSCall, elapsed: Duration) -> String {
        var lines = ["← \(call.service.serviceId) \(call.operation): \(response.status) in \(milliseconds(elapsed)) ms"]
        lines += response.headers.fields.map { "  \($0.name): \(maskedHeader($0.name, $0.value))" }
        if !response.body.isEmpty { lines.append(body(response.body, contentType: response.headers["Content-Type"])) }
        return lines.joined(separator: "\n")
    }

    static func failure(_ error: any Error, call: AWSCall, elapsed: Duration) -> String {
        "← \(call.service.serviceId) \(call.operation): no answer after \(milliseconds(elapsed)) ms: \(error)"
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    // MARK: Masking

    /// Headers that carry credentials or keys.
    static func maskedHeader(_ name: String, _ value: String) -> String {
        let lower = name.lowercased()
        let secret = lower == "authorization" || lower.contains("security-token") || lower.contains("secret") || lower.contains("customer-key")
        return secret ? masked : value
    }

    /// Whether a field's name (JSON member, form parameter, XML element) says its value is a
    /// secret: `Password`, `MasterUserPassword`, `SecretString`, `SecretAccessKey`,
    /// `SessionToken`, `PrivateKey`, KMS's `Plaintext`. Names of references to secrets
    /// (`SecretId`, `SecretArn`, `KmsKeyId`) and paging tokens are left readable.
    static func isSecretName(_ name: String) -> Bool {
        let leaf = (name.split(separator: ".").last(where: { Int($0) == nil && $0 != "member" && $0 != "entry" }).map(String.init) ?? name).lowercased()
        let references = ["id", "arn", "name", "type", "ids", "arns", "names", "version", "stage", "stages", "length", "policy"]
        if references.contains(where: { leaf.hasSuffix($0) }) && !leaf.hasSuffix("password") { return false }
        if ["nexttoken", "paginationtoken", "marker", "nextmarker", "clientrequesttoken", "clienttoken", "continuationtoken"].contains(leaf) { return false }
        return ["password", "secret", "token", "privatekey", "keymaterial", "plaintext", "passphrase", "credential"].contains { leaf.contains($0) }
    }

    static func maskedField(_ name: String, _ value: String) -> String {
        isSecretName(name) ? masked : value
    }

    /// The body as text with secret fields masked, whatever the API's encoding.
    static func body(_ data: Data, contentType: String?) -> String {
        let shown = data.prefix(bodyLimit)
        guard let text = String(data: shown, encoding: .utf8) else { return "  (\(data.count) bytes of binary data)" }
        let cut = data.count > bodyLimit ? "\n  … (\(data.count - bodyLimit) more bytes)" : ""
        let type = contentType?.lowercased() ?? ""
        if type.contains("json") || text.hasPrefix("{") {
            return "  " + maskedJSON(text) + cut
        }
        if type.contains("x-www-form-urlencoded") {
            return "  " + maskedForm(text) + cut
        }
        if type.contains("xml") || text.hasPrefix("<") {
            return "  " + maskedXML(text) + cut
        }
        return "  " + text + cut
    }

    static func maskedJSON(_ text: String) -> String {
        guard let document = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
              let encoded = try? JSONSerialization.data(withJSONObject: maskedJSONValue(document), options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]) else {
            // Not parseable (cut short): mask whatever follows a secret-looking key.
            return maskedJSONText(text)
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static func maskedJSONValue(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            return Dictionary(uniqueKeysWithValues: object.map { key, member in
                (key, isSecretName(key) && !(member is [String: Any]) && !(member is [Any]) ? masked : maskedJSONValue(member))
            })
        }
        if let array = value as? [Any] { return array.map(maskedJSONValue) }
        return value
    }

    private static func maskedJSONText(_ text: String) -> String {
        let pattern = #""([A-Za-z0-9_]+)"\s*:\s*"(?:[^"\\]|\\.)*""#
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return masked }
        var result = text
        for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            guard let keyRange = Range(match.range(at: 1), in: text), isSecretName(String(text[keyRange])),
                  let whole = Range(match.range, in: result) else { continue }
            result.replaceSubrange(whole, with: "\"\(text[keyRange])\":\"\(masked)\"")
        }
        return result
    }

    static func maskedForm(_ text: String) -> String {
        text.split(separator: "&", omittingEmptySubsequences: false).map { field -> String in
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[1])) : ""
            return "\(name)=\(maskedField(name, value))"
        }.joined(separator: "&")
    }

    static func maskedXML(_ text: String) -> String {
        let pattern = #"<([A-Za-z0-9_]+)>([^<]*)</\1>"#
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return masked }
        var result = text
        for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            guard let nameRange = Range(match.range(at: 1), in: text), isSecretName(String(text[nameRange])),
                  let valueRange = Range(match.range(at: 2), in: result) else { continue }
            result.replaceSubrange(valueRange, with: masked)
        }
        return result
    }
}
