import Foundation
import Provisioner
import ResourceGraph

/// The statements of a function's resource policy (GetPolicy), which is where Lambda keeps
/// the permissions AddPermission grants.
enum LambdaPolicyStatements {
    /// The statement with that id, or nil when it (or the whole policy) is not there.
    static func find(function: String, statementID: String, qualifier: String?, in context: AWSContext) async throws -> Value? {
        let query: [(name: String, value: String)] = qualifier.map { $0.isEmpty ? [] : [("Qualifier", $0)] } ?? []
        let response: Value
        do {
            response = try await Lambda.call("GetPolicy", "GET", Lambda.functionPath(function, "/policy"), query: query, in: context)
        } catch where Lambda.isNotFound(error) {
            return nil
        }
        guard let text = response.string("Policy"), let policy = try? JSONParser.parse(text) else { return nil }
        return policy.objects("Statement").first { $0.string("Sid") == statementID }
    }

    /// The parts of a function, version or alias ARN (or a bare name with a qualifier), as the
    /// provider's pattern reads them: the function name and the qualifier, if any.
    static func parseFunction(_ reference: String) -> (name: String, qualifier: String?)? {
        var rest = Substring(reference)
        if rest.hasPrefix("arn:") {
            // arn:partition:lambda:region:account:function:name[:qualifier]
            let parts = reference.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 7, parts[2] == "lambda", parts[5] == "function" else { return nil }
            let name = String(parts[6])
            let qualifier = parts.count > 7 ? parts[7...].joined(separator: ":") : nil
            return name.isEmpty ? nil : (name, qualifier)
        }
        if let colon = rest.firstIndex(of: ":") {
            let qualifier = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
            return rest.isEmpty ? nil : (String(rest), qualifier)
        }
        return rest.isEmpty ? nil : (String(rest), nil)
    }

    /// A principal as the provider reads it back: a service or account from a `Principal`
    /// object, or the string itself.
    static func principal(_ statement: Value) -> String? {
        guard let principal = statement[attribute: "Principal"], !principal.isNull else { return nil }
        if let text = principal.stringValue { return text }
        if let aws = principal[attribute: "AWS"], !aws.isNull { return aws.stringValue ?? aws.elements?.first?.stringValue }
        return principal.string("Service")
    }

    /// A condition value, e.g. `condition(statement, "ArnLike", "AWS:SourceArn")`.
    static func condition(_ statement: Value, _ test: String, _ key: String) -> String? {
        statement[attribute: "Condition"]?[attribute: test]?.string(key)
    }
}
