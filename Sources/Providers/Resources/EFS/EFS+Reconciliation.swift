import Provisioner
import ResourceGraph

// How an EFS object an interrupted run created is found again.

extension EFSFileSystemResource {
    /// By creation token, which names exactly one file system: the configured one, or the one
    /// create made up from the operation's token (the same for the create that went
    /// unrecorded). Unlike the system tags, this finds a file system whatever the tagging API
    /// serves.
    func findCreated(_ query: CreatedObjectQuery, in context: AWSContext) async throws -> CreatedObjectLookup {
        let hint = query.configuration ?? .emptyObject
        let configured = hint[attribute: "creation_token"]
        guard configured?.isKnown ?? true else { return .unsupported }
        let token = configured?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? GeneratedNames.make(prefix: nil, token: query.idempotencyToken)
        let answer = try await EFS.call("DescribeFileSystems", "GET", "/file-systems", query: [("CreationToken", token)], in: context)
        guard let id = answer.objects("FileSystems").first(where: { $0.string("LifeCycleState") != "deleted" })?.string("FileSystemId"),
              let found = try await read(hint.setting(["id": .string(id)]), in: context) else { return .notFound }
        return .found(found)
    }
}

extension EFSMountTargetResource {
    /// A file system has one mount target per subnet's zone: found among the file system's
    /// targets by subnet. Mount targets take no tags.
    func findCreated(_ query: CreatedObjectQuery, in context: AWSContext) async throws -> CreatedObjectLookup {
        guard let configuration = query.configuration, let fileSystem = configuration.string("file_system_id"),
              let subnet = configuration.string("subnet_id") else { return .unsupported }
        let answer: Value
        do {
            answer = try await EFS.call("DescribeMountTargets", "GET", "/mount-targets", query: [("FileSystemId", fileSystem)], in: context)
        } catch where EFS.hasCode(error, "FileSystemNotFound") {
            return .notFound
        }
        guard let id = answer.objects("MountTargets").first(where: { $0.string("SubnetId") == subnet && $0.string("LifeCycleState") != "deleted" })?.string("MountTargetId"),
              let found = try await read(configuration.setting(["id": .string(id)]), in: context) else { return .notFound }
        return .found(found)
    }
}
