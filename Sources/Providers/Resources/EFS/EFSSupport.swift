import Foundation
import Provisioner
import ResourceGraph

/// What EFS resource types share: rest-json calls under `/2015-02-01`, look-ups of file
/// systems and mount targets, waiting for their life-cycle states, tags and host names.
enum EFS {
    /// Calls an operation; `path` comes after `/2015-02-01` with its labels encoded already.
    @discardableResult
    static func call(
        _ operation: String, _ method: String, _ path: String, query: [(name: String, value: String)] = [],
        body: [String: Value]? = nil, idempotent: Bool? = nil, in context: AWSContext
    ) async throws -> Value {
        let response = try await context.client.rest(
            .efs, operation: operation, method: method, path: "/2015-02-01" + path, query: query,
            body: body.map { .json(.object($0)) } ?? .none, idempotent: idempotent)
        return try response.json()
    }

    static func encoded(_ label: String) -> String { AWSURIEncoding.encode(label) }

    static func hasCode(_ error: any Error, _ codes: String...) -> Bool {
        guard let code = (error as? AWSError)?.code else { return false }
        return codes.contains(code)
    }

    static let tagLists = TagLists.capitalized

    /// `<prefix>.<region>.amazonaws.com`, as the provider's regional host names.
    static func regionalHostname(_ prefix: String, in context: AWSContext) -> String {
        "\(prefix).\(context.region).\(AWSPartition.containing(region: context.region).dnsSuffix)"
    }

    // MARK: File systems

    /// The file system, or nil when it does not exist (or is deleted).
    static func fileSystem(_ id: String, in context: AWSContext) async throws -> Value? {
        do {
            let answer = try await call("DescribeFileSystems", "GET", "/file-systems", query: [("FileSystemId", id)], in: context)
            guard let fileSystem = answer.objects("FileSystems").first, fileSystem.string("LifeCycleState") != "deleted" else { return nil }
            return fileSystem
        } catch where hasCode(error, "FileSystemNotFound") {
            return nil
        }
    }

    /// Waits while the file system is `creating` or `updating`, until it is `available`.
    static func waitForFileSystemAvailable(_ id: String, timeout: Duration, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(2), maxDelay: .seconds(10), clock: context.client.configuration.clock)
        try await waiter.wait(for: "EFS File System \(id) to become available", progress: { context.progress("state: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let state = try await fileSystem(id, in: context)?.string("LifeCycleState") else { return .failed("it no longer exists") }
            switch state {
            case "available": return .done(())
            case "creating", "updating": return .pending(state)
            default: return .failed("its state is \(state)")
            }
        }
    }

    // MARK: Mount targets

    /// The mount target, or nil when it does not exist (or is deleted).
    static func mountTarget(_ id: String, in context: AWSContext) async throws -> Value? {
        do {
            let answer = try await call("DescribeMountTargets", "GET", "/mount-targets", query: [("MountTargetId", id)], in: context)
            guard let target = answer.objects("MountTargets").first, target.string("LifeCycleState") != "deleted" else { return nil }
            return target
        } catch where hasCode(error, "MountTargetNotFound") {
            return nil
        }
    }

    // MARK: Tags

    static func updateTags(_ resourceID: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
        let (set, remove) = AWSTags.difference(from: old, to: new)
        if !remove.isEmpty {
            try await call("UntagResource", "DELETE", "/resource-tags/" + encoded(resourceID), query: remove.map { ("tagKeys", $0) }, in: context)
        }
        if !set.isEmpty {
            try await call("TagResource", "POST", "/resource-tags/" + encoded(resourceID), body: ["Tags": tagLists.list(set)], idempotent: true, in: context)
        }
    }
}
