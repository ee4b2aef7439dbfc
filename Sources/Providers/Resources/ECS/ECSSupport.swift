import Foundation
import Provisioner
import ResourceGraph

/// What ECS resource types share: calls, tags, clusters, retries and ARNs.
enum ECS {
    static func call(_ operation: String, _ body: [String: Value], in context: AWSContext, idempotent: Bool = true) async throws -> Value {
        try await context.client.json(.ecs, operation: operation, body: .object(body), idempotent: idempotent)
    }

    static let tagLists = TagLists.lowercase

    static func updateTags(arn: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
        let (set, remove) = AWSTags.difference(from: old, to: new)
        if !remove.isEmpty {
            _ = try await call("UntagResource", ["resourceArn": .string(arn), "tagKeys": .tuple(remove.map(Value.string))], in: context)
        }
        if !set.isEmpty {
            _ = try await call("TagResource", ["resourceArn": .string(arn), "tags": tagLists.list(set)], in: context)
        }
    }

    static func hasCode(_ error: any Error, _ codes: String...) -> Bool {
        guard let code = (error as? AWSError)?.code else { return false }
        return codes.contains(code)
    }

    // MARK: Clusters

    /// The cluster by name or ARN, or nil when it does not exist or is INACTIVE (deleted).
    /// Tags are always asked for: they cost nothing extra, and every describe of a cluster then
    /// asks the same way (the emulator answers concurrent describes that differ in `include`
    /// from shared state, and dropped a cluster's tags while another resource read it).
    static func describeCluster(_ nameOrARN: String, include: [String] = ["TAGS"], in context: AWSContext) async throws -> Value? {
        var body: [String: Value] = ["clusters": .tuple([.string(nameOrARN)])]
        if !include.isEmpty { body["include"] = .tuple(include.map(Value.string)) }
        do {
            let response = try await call("DescribeClusters", body, in: context)
            guard let cluster = response.objects("clusters").first, cluster.string("status") != "INACTIVE" else { return nil }
            return cluster
        } catch where hasCode(error, "ClusterNotFoundException") {
            return nil
        }
    }

    /// Waits while the cluster is PROVISIONING (after a create or a change of its settings).
    static func waitForClusterActive(_ nameOrARN: String, timeout: Duration = .seconds(600), in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: timeout)
        try await waiter.wait(for: "ECS Cluster \(nameOrARN) to become ACTIVE", progress: { context.progress("status: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let status = try await describeCluster(nameOrARN, in: context)?.string("status") else { return .failed("it no longer exists") }
            switch status {
            case "ACTIVE": return .done(())
            case "PROVISIONING": return .pending(status)
            default: return .failed("its status is \(status)")
            }
        }
    }

    /// The last part of a cluster ARN (`…:cluster/NAME`), or the text itself when it is a name.
    static func clusterName(_ nameOrARN: String) -> String {
        guard nameOrARN.hasPrefix("arn:"), let slash = nameOrARN.lastIndex(of: "/") else { return nameOrARN }
        return String(nameOrARN[nameOrARN.index(after: slash)...])
    }

    static func isARN(_ text: String?) -> Bool { text?.hasPrefix("arn:") ?? false }

    // MARK: Retries

    /// Runs `call`, retrying while `retryable` says the error will pass (a cluster still
    /// draining, a role not propagated yet), for at most `timeout`.
    static func retrying<T: Sendable>(_ what: String, timeout: Duration, in context: AWSContext, when retryable: @Sendable (AWSError) -> Bool, _ call: @Sendable () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var delay = Duration.seconds(2)
        while true {
            do {
                return try await call()
            } catch let error as AWSError where retryable(error) && ContinuousClock.now < deadline {
                context.progress("\(what): \(error.code ?? "retrying") — retrying")
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(20))
            }
        }
    }

    // MARK: Shared blocks

    /// `capacity_provider_strategy` and `default_capacity_provider_strategy` blocks.
    static let capacityProviderStrategySchema = BlockSchema(attributes: [
        "capacity_provider": AttributeSchema(.string, .required),
        "weight": AttributeSchema(.number, .optional),
        "base": AttributeSchema(.number, .optional),
    ])

    static func capacityProviderStrategy(_ items: [Value]) -> Value {
        .tuple(items.map { item in
            .object([
                "capacityProvider": .string(item.string("capacity_provider")),
                "weight": .number(item.int("weight") ?? 0),
                "base": .number(item.int("base") ?? 0),
            ])
        })
    }

    static func capacityProviderStrategyBlocks(_ items: [Value]) -> Value {
        .set(items.map { item in
            .object([
                "capacity_provider": .string(item.string("capacityProvider")),
                "weight": .number(item.int("weight") ?? 0),
                "base": .number(item.int("base") ?? 0),
            ])
        }, of: capacityProviderStrategySchema.valueType)
    }
}
