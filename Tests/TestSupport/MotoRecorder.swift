import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One request the emulator received from prov, as the recorder saw it.
public struct RecordedCall: Sendable, CustomStringConvertible {
    /// The signing name from the credential scope: `ec2`, `rds`, `ecs`, `route53`, …
    public var service: String
    /// The API operation: the query `Action`, the JSON target's operation, or, for REST APIs,
    /// the method and path (`DELETE /2015-03-31/functions/name`).
    public var operation: String
    /// The request's parameters that are plain strings: the query form's fields
    /// (`SubnetId`, `RoleName`, `AssociationId`, …) or a JSON body's top-level strings, so a test
    /// can tell which object a call was about. REST APIs name their object in `operation`.
    public var parameters: [String: String] = [:]
    /// The request body as sent (form parameters or JSON), to tell apart calls of the same
    /// operation on different objects (`RoleName=app-role`).
    public var body: String = ""

    public var description: String { "\(service):\(operation)" }
}

/// The order of calls matters where the emulator does not enforce it (it deletes a VPC with
/// subnets in it, a cluster with services): tests record what prov sent and check the order
/// AWS requires. Uses moto's own recorder, which writes every request to `recordingPath`.
extension MotoServer {
    /// Starts recording, forgetting what was recorded before.
    public func startRecording() throws {
        try recorderRequest("reset-recording")
        try recorderRequest("start-recording")
    }

    /// Stops recording and returns the calls prov made since `startRecording`, in the order the
    /// emulator received them. Calls from boto3 (the oracle) are left out.
    public func stopRecording() throws -> [RecordedCall] {
        try recorderRequest("stop-recording")
        let text = try String(contentsOfFile: recordingPath, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Self.call(from: entry)
        }
    }

    private static func call(from entry: [String: Any]) -> RecordedCall? {
        let headers = Dictionary((entry["headers"] as? [String: String] ?? [:]).map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
        guard headers["user-agent"]?.hasPrefix("prov/") == true else { return nil }
        // Credential=KEY/DATE/REGION/SERVICE/aws4_request
        let scope = headers["authorization"]?.components(separatedBy: "Credential=").last?.split(separator: ",").first ?? ""
        let parts = scope.split(separator: "/")
        let service = parts.count >= 4 ? String(parts[3]) : "?"
        var body = entry["body"] as? String ?? ""
        if entry["body_encoded"] as? Bool == true, let data = Data(base64Encoded: body) { body = String(decoding: data, as: UTF8.self) }
        if let target = headers["x-amz-target"], let operation = target.split(separator: ".").last {
            let json = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
            return RecordedCall(service: service, operation: String(operation), parameters: json.compactMapValues { $0 as? String }, body: body)
        }
        if body.split(separator: "&").contains(where: { $0.hasPrefix("Action=") }) {
            // Form encoding writes spaces as `+`, which URLComponents leaves alone.
            let fields = URLComponents(string: "?" + body.replacingOccurrences(of: "+", with: "%20"))?.queryItems ?? []
            let parameters = Dictionary(fields.map { ($0.name, $0.value ?? "") }) { first, _ in first }
            return RecordedCall(service: service, operation: parameters["Action"] ?? "?", parameters: parameters, body: body)
        }
        let url = URLComponents(string: entry["url"] as? String ?? "")
        return RecordedCall(service: service, operation: "\(entry["method"] as? String ?? "?") \(url?.path ?? "?")", body: body)
    }

    private func recorderRequest(_ action: String) throws {
        var request = URLRequest(url: URL(string: "\(endpoint)/moto-api/recorder/\(action)")!)
        request.httpMethod = "POST"
        let finished = DispatchSemaphore(value: 0)
        let outcome = RecorderOutcome()
        URLSession.shared.dataTask(with: request) { _, response, error in
            outcome.set((response as? HTTPURLResponse)?.statusCode, error)
            finished.signal()
        }.resume()
        finished.wait()
        let (status, error) = outcome.get()
        guard status == 200 else {
            throw TestSupportError("the emulator's recorder refused \(action): \(error.map { "\($0)" } ?? "HTTP \(status ?? 0)")")
        }
    }
}

private final class RecorderOutcome: @unchecked Sendable {
    // @unchecked: written once by the data task before the semaphore is signalled, read after.
    private var status: Int?
    private var error: Error?

    func set(_ status: Int?, _ error: Error?) {
        self.status = status
        self.error = error
    }

    func get() -> (Int?, Error?) { (status, error) }
}

extension Array where Element == RecordedCall {
    /// The position of the first call with this operation (and service, if given).
    public func firstIndex(of operation: String, service: String? = nil) -> Int? {
        firstIndex { $0.operation == operation && (service == nil || $0.service == service) }
    }

    /// The position of the last call with this operation (and service, if given).
    public func lastIndex(of operation: String, service: String? = nil) -> Int? {
        lastIndex { $0.operation == operation && (service == nil || $0.service == service) }
    }

    /// The position of the first call with this operation whose parameter `name` is `value`.
    public func firstIndex(of operation: String, where name: String, is value: String) -> Int? {
        firstIndex { $0.operation == operation && $0.parameters[name] == value }
    }

    /// The position of the last call with this operation whose parameter `name` is `value`.
    public func lastIndex(of operation: String, where name: String, is value: String) -> Int? {
        lastIndex { $0.operation == operation && $0.parameters[name] == value }
    }
}
