/// Where a remote backend keeps each workspace's state, as Terraform's S3 backend lays it
/// out: the `default` workspace at `key`, any other at `<workspace_key_prefix>/<name>/<key>`
/// (`env:/staging/app/terraform.tfstate`), and each state's lock beside it at `<path>.tflock`.
public struct RemoteStateLayout: Sendable, Equatable {
    public static let defaultWorkspaceKeyPrefix = "env:"
    public static let lockSuffix = ".tflock"

    public var key: String
    public var workspaceKeyPrefix: String

    public init(key: String, workspaceKeyPrefix: String = RemoteStateLayout.defaultWorkspaceKeyPrefix) {
        self.key = key
        self.workspaceKeyPrefix = workspaceKeyPrefix
    }

    public func stateKey(of workspace: String) -> String {
        guard workspace != Workspace.defaultName else { return key }
        return workspaceKeyPrefix.isEmpty ? "\(workspace)/\(key)" : "\(workspaceKeyPrefix)/\(workspace)/\(key)"
    }

    public func lockKey(of workspace: String) -> String {
        stateKey(of: workspace) + Self.lockSuffix
    }

    /// What to list to find the workspaces other than `default`.
    public var listingPrefix: String {
        workspaceKeyPrefix.isEmpty ? "" : workspaceKeyPrefix + "/"
    }

    /// The workspace whose state is at `objectKey`, or nil when the object is something else
    /// (a lock, another configuration's state under the same prefix).
    public func workspace(ofStateKey objectKey: String) -> String? {
        guard objectKey.hasPrefix(listingPrefix) else { return nil }
        let rest = objectKey.dropFirst(listingPrefix.count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let name = String(rest[..<slash])
        guard String(rest[rest.index(after: slash)...]) == key, Workspace.isValidName(name), name != Workspace.defaultName else { return nil }
        return name
    }
}
