import Foundation
import Provisioner
import ResourceGraph

/// Finding a DB instance and waiting for it to settle or go.
extension DBInstanceResource {
    /// The instance with this identifier, or nil when there is none.
    static func describe(identifier: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.set("DBInstanceIdentifier", identifier)
        do {
            return try await RDS.call("DescribeDBInstances", parameters, in: context).all("DBInstances", "DBInstance").first
        } catch where RDS.isNotFound(error, "DBInstanceNotFound", "DBInstanceNotFoundFault") {
            return nil
        }
    }

    /// The instance with this resource id (`db-…`), which survives renames. Should several
    /// answer, the one named `identifier` is it; otherwise none can be trusted to be it.
    static func describe(resourceID: String, preferring identifier: String?, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("Filters", [RDS.filter("dbi-resource-id", [resourceID])], memberName: "Filter")
        let pages = try await context.client.queryPages(.rds, action: "DescribeDBInstances", parameters: parameters, token: .marker)
        let found = pages.flatMap { $0.all("DBInstances", "DBInstance") }.filter { $0.string("DbiResourceId") == resourceID }
        if found.count == 1 { return found[0] }
        return found.first { $0.string("DBInstanceIdentifier") == identifier }
    }

    /// The instance an object in state (or planned) stands for: by its identifier (first the
    /// new one, when a rename may not have happened yet, then the prior one), and, when those
    /// find nothing of the same resource id, by the resource id, in case it was renamed outside
    /// prov.
    static func locate(identifiers: [String], resourceID: String?, in context: AWSContext) async throws -> XMLNode? {
        for identifier in identifiers where !identifier.isEmpty {
            if let instance = try await describe(identifier: identifier, in: context) {
                let foundID = instance.string("DbiResourceId") ?? ""
                if resourceID == nil || foundID.isEmpty || foundID == resourceID { return instance }
            }
        }
        guard let resourceID, resourceID.hasPrefix("db-") else { return nil }
        return try await describe(resourceID: resourceID, preferring: identifiers.first, in: context)
    }

    /// Waits until the instance is available. With `settled`, also until no change is pending:
    /// right after ModifyDBInstance with ApplyImmediately, the instance can still say
    /// `available` before it starts to apply the change. Some changes stay pending until a
    /// reboot, so an available instance is accepted after `settleLimit` even with changes
    /// pending.
    static func waitUntilAvailable(
        identifiers: [String], resourceID: String?, settled: Bool, timeout: Duration, in context: AWSContext
    ) async throws {
        let name = identifiers.first ?? resourceID ?? "?"
        let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(5), maxDelay: .seconds(30))
        let settleLimit = Duration.seconds(120)
        var pendingSince: ContinuousClock.Instant?
        try await waiter.wait(for: "RDS DB Instance \(name) to become available", progress: { context.progress("status: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let instance = try await locate(identifiers: identifiers, resourceID: resourceID, in: context) else {
                return .failed("it no longer exists")
            }
            let status = instance.string("DBInstanceStatus") ?? ""
            if failedStatuses.contains(status) { return .failed("its status is \(status)") }
            guard status == "available" || status == "storage-optimization" else { return .pending(status) }
            if settled, let pending = instance.child("PendingModifiedValues"), !pending.children.isEmpty {
                let since = pendingSince ?? ContinuousClock.now
                pendingSince = since
                if ContinuousClock.now - since < settleLimit {
                    return .pending("\(status), changes pending: \(pending.children.map(\.name).sorted().joined(separator: ", "))")
                }
            }
            return .done(())
        }
    }

    /// Statuses from which an instance does not become available by waiting.
    static let failedStatuses: Set<String> = [
        "failed", "inaccessible-encryption-credentials", "inaccessible-encryption-credentials-recoverable",
        "incompatible-network", "incompatible-option-group", "incompatible-parameters", "incompatible-restore",
        "insufficient-capacity", "restore-error", "deleting", "stopped",
    ]

    /// Waits until DescribeDBInstances no longer knows the identifier.
    static func waitUntilDeleted(identifier: String, timeout: Duration, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(5), maxDelay: .seconds(30))
        try await waiter.wait(for: "RDS DB Instance \(identifier) to be deleted", progress: { context.progress("status: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let instance = try await describe(identifier: identifier, in: context) else { return .done(()) }
            return .pending(instance.string("DBInstanceStatus") ?? "deleting")
        }
    }
}
