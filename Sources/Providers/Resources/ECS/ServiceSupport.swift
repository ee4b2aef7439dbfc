import Foundation
import Provisioner
import ResourceGraph

/// Finding ECS services and waiting for them to settle.
enum ECSServices {
    /// The service, or nil when its cluster or the service is missing.
    static func describe(_ service: String, cluster: String?, tags: Bool = false, in context: AWSContext) async throws -> Value? {
        var body: [String: Value] = ["services": .tuple([.string(service)])]
        if let cluster, !cluster.isEmpty { body["cluster"] = .string(cluster) }
        if tags { body["include"] = .tuple([.string("TAGS")]) }
        do {
            return try await ECS.call("DescribeServices", body, in: context).objects("services").first
        } catch where ECS.hasCode(error, "ClusterNotFoundException", "ServiceNotFoundException") {
            return nil
        }
    }

    /// Waits until the service is ACTIVE (it may briefly be missing just after it is created).
    static func waitUntilActive(_ service: String, cluster: String?, timeout: Duration, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: timeout)
        try await waiter.wait(for: "ECS Service \(service) to become ACTIVE", progress: { context.progress("status: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let status = try await describe(service, cluster: cluster, in: context)?.string("status") else { return .pending("not found yet") }
            return status == "ACTIVE" ? .done(()) : .pending(status)
        }
    }

    /// Waits for a steady state, as `wait_for_steady_state` asks: the service ACTIVE, one
    /// deployment left, and as many tasks running as desired.
    static func waitUntilSteady(_ service: String, cluster: String?, timeout: Duration, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: timeout, maxDelay: .seconds(15))
        try await waiter.wait(for: "ECS Service \(service) to reach a steady state", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
            guard let found = try await describe(service, cluster: cluster, in: context), let status = found.string("status") else {
                return .pending("not found yet")
            }
            guard status == "ACTIVE" else { return .pending("status: \(status)") }
            let deployments = found.objects("deployments").count
            let desired = found.int("desiredCount") ?? 0, running = found.int("runningCount") ?? 0
            if deployments == 1 && desired == running { return .done(()) }
            return .pending("\(deployments) deployment\(deployments == 1 ? "" : "s"), \(running) of \(desired) tasks running")
        }
    }

    /// Waits until a deleted service is INACTIVE (or gone).
    static func waitUntilInactive(_ service: String, cluster: String?, timeout: Duration, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(1))
        try await waiter.wait(for: "ECS Service \(service) to be deleted", progress: { context.progress("status: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let status = try await describe(service, cluster: cluster, in: context)?.string("status"), status != "INACTIVE" else { return .done(()) }
            return .pending(status)
        }
    }

    /// `family:revision` from a task definition ARN.
    static func familyAndRevision(_ arn: String) -> String {
        guard let slash = arn.lastIndex(of: "/") else { return arn }
        return String(arn[arn.index(after: slash)...])
    }

    /// A client token for CreateService (at most 36 characters) derived from the engine's, so
    /// a retried create names the same service creation.
    static func clientToken(_ context: AWSContext) -> String {
        guard let token = context.idempotencyToken else { return UUID().uuidString }
        return String(Crypto.hex(Crypto.sha256(token)).prefix(36))
    }

    /// `cluster-name/service-name` into its parts.
    static func parseImportID(_ id: String) -> (cluster: String, service: String)? {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}
