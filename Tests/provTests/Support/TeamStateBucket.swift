import Foundation
import Provisioner
import TestSupport

/// A bucket on the emulator holding a team's state, and what boto3 (not prov's own S3 code)
/// says is in it: the state object read as a state file, the lock object, object headers.
struct TeamStateBucket {
    let server: MotoServer
    let name: String
    let key = "team/prov.state"

    init(server: MotoServer, prefix: String) throws {
        self.server = server
        name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        try createBucket(name)
    }

    func createBucket(_ bucket: String) throws {
        let result = try server.oracle(.init("s3", "create_bucket", ["Bucket": bucket, "CreateBucketConfiguration": ["LocationConstraint": "eu-west-1"]]))
        guard result.response != nil else { throw TeamStateError("create_bucket \(bucket) failed: \(result)") }
    }

    /// `terraform { backend "s3" { … } }` for this bucket; `extra` adds arguments.
    func backendBlock(_ extra: String = "") -> String {
        """
        terraform {
          backend "s3" {
            bucket       = "\(name)"
            key          = "\(key)"
            region       = "eu-west-1"
            use_lockfile = true
            encrypt      = true
        \(extra)
          }
        }
        """
    }

    /// The object's headers (HeadObject), or nil when it does not exist.
    func head(_ objectKey: String) throws -> [String: Any]? {
        try server.oracle(.init("s3", "head_object", ["Bucket": name, "Key": objectKey])).response
    }

    func bytes(_ objectKey: String) throws -> Data? {
        guard let body = try server.oracle(.init("s3", "get_object", ["Bucket": name, "Key": objectKey])).response?["Body"] as? String else { return nil }
        return Data(base64Encoded: body)
    }

    /// The state in an object, opened from a private copy.
    func state(_ objectKey: String? = nil) throws -> StateStore? {
        guard let data = try bytes(objectKey ?? key) else { return nil }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("prov-team-\(UUID().uuidString).db").path
        try data.write(to: URL(fileURLWithPath: path))
        return try StateStore.open(at: path)
    }

    /// The lock object's JSON, or nil when the state is not locked.
    func lock(_ objectKey: String? = nil) throws -> [String: Any]? {
        guard let data = try bytes((objectKey ?? key) + ".tflock") else { return nil }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    func keys() throws -> [String] {
        let listing = try server.oracle(.init("s3", "list_objects_v2", ["Bucket": name])).response
        return ((listing?["Contents"] as? [[String: Any]]) ?? []).compactMap { $0["Key"] as? String }.sorted()
    }

    /// VPCs with this CIDR block, as EC2 reports them.
    func vpcs(cidr: String) throws -> [[String: Any]] {
        let result = try server.oracle(.init("ec2", "describe_vpcs", ["Filters": [["Name": "cidr", "Values": [cidr]]]]))
        return (result.response?["Vpcs"] as? [[String: Any]]) ?? []
    }
}

struct TeamStateError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
