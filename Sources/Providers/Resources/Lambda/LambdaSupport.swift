import Foundation
import Provisioner
import ResourceGraph

/// What Lambda resource types share: rest-json calls, tags, retries while IAM changes spread,
/// and the ARNs API Gateway invokes functions by.
enum Lambda {
    /// How long the provider waits for IAM and Lambda to agree after a change (a role just
    /// made, a function just created).
    static let propagationTimeout = Duration.seconds(300)

    /// Calls a Lambda operation; `path` has its labels encoded already.
    @discardableResult
    static func call(
        _ operation: String, _ method: String, _ path: String, query: [(name: String, value: String)] = [],
        body: Value? = nil, idempotent: Bool? = nil, in context: AWSContext
    ) async throws -> Value {
        let response = try await context.client.rest(
            .lambda, operation: operation, method: method, path: path, query: query,
            body: body.map { .json($0) } ?? .none, idempotent: idempotent)
        return try response.json()
    }

    /// `/2015-03-31/functions/<name><suffix>` (other API versions for the operations that
    /// have them, such as concurrency).
    static func functionPath(_ name: String, _ suffix: String = "", version: String = "2015-03-31") -> String {
        "/\(version)/functions/" + AWSURIEncoding.encode(name) + suffix
    }

    static func isNotFound(_ error: any Error) -> Bool {
        (error as? AWSError)?.code == "ResourceNotFoundException"
    }

    // MARK: Tags

    static func tags(arn: String, in context: AWSContext) async throws -> [String: String] {
        let response = try await call("ListTags", "GET", "/2017-03-31/tags/" + AWSURIEncoding.encode(arn), in: context)
        return response.stringMap("Tags") ?? [:]
    }

    static func updateTags(arn: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
        let (set, remove) = AWSTags.difference(from: old, to: new)
        let path = "/2017-03-31/tags/" + AWSURIEncoding.encode(arn)
        if !remove.isEmpty {
            try await call("UntagResource", "DELETE", path, query: remove.map { (name: "tagKeys", value: $0) }, in: context)
        }
        if !set.isEmpty {
            try await call("TagResource", "POST", path, body: .object(["Tags": .object(set.mapValues(Value.string))]), idempotent: true, in: context)
        }
    }

    // MARK: Retries

    /// Runs `operation`, retrying while `transient` says its failure is one that passes (IAM
    /// not yet letting Lambda assume a role just made), until `timeout` on the client's clock;
    /// then the last failure is thrown.
    @discardableResult
    static func retrying<Result: Sendable>(
        _ what: String, timeout: Duration = propagationTimeout, in context: AWSContext,
        while transient: (AWSError) -> Bool, _ operation: () async throws -> Result
    ) async throws -> Result {
        let clock = context.client.configuration.clock
        let deadline = clock.now().addingTimeInterval(TimeInterval(timeout.components.seconds))
        var delay = Duration.seconds(2)
        while true {
            do {
                return try await operation()
            } catch let error as AWSError where transient(error) && clock.now() < deadline {
                context.progress("waiting for \(what): \(error.message)")
                try await clock.sleep(delay)
                delay = min(delay * 2, .seconds(15))
            }
        }
    }

    /// The failures of CreateFunction and UpdateFunctionConfiguration that the provider waits
    /// out: IAM and KMS changes still spreading, EC2 throttling network interfaces.
    static func isPropagationFailure(_ error: AWSError) -> Bool {
        guard error.code == "InvalidParameterValueException" else { return false }
        return [
            "The role defined for the function cannot be assumed by Lambda",
            "The provided execution role does not have permissions",
            "throttled by EC2",
            "Lambda was unable to configure access to your environment variables because the KMS key is invalid for CreateGrant",
        ].contains { error.message.contains($0) }
    }

    // MARK: ARNs

    /// The ARN API Gateway integrations invoke a function (or an alias or version) by.
    static func invokeARN(_ functionARN: String, in context: AWSContext) -> String {
        "arn:\(context.partition):apigateway:\(context.region):lambda:path/2015-03-31/functions/\(functionARN)/invocations"
    }

    static func responseStreamingInvokeARN(_ functionARN: String, in context: AWSContext) -> String {
        "arn:\(context.partition):apigateway:\(context.region):lambda:path/2021-11-15/functions/\(functionARN)/response-streaming-invocations"
    }
}

/// Exclusive sections by key, within this process. Lambda loses permission changes made to
/// one function in parallel (a bug AWS acknowledges), so the provider makes them one at a time
/// per function; so does prov.
actor KeyedLock {
    private var held: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    @discardableResult
    func withLock<Result: Sendable>(_ key: String, _ body: @Sendable () async throws -> Result) async throws -> Result {
        await acquire(key)
        do {
            let result = try await body()
            release(key)
            return result
        } catch {
            release(key)
            throw error
        }
    }

    private func acquire(_ key: String) async {
        guard held.contains(key) else {
            held.insert(key)
            return
        }
        await withCheckedContinuation { waiting[key, default: []].append($0) }
    }

    /// Hands the key to the next waiter, if any, without letting it go in between.
    private func release(_ key: String) {
        if var queue = waiting[key], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[key] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            held.remove(key)
        }
    }
}
