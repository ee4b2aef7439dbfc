import Foundation

/// Where an `aws_s3_object` lives: its bucket and key, the id `bucket/key` the provider gives
/// it (since v6), and the key as requests carry it.
struct S3ObjectLocation: Sendable, Equatable {
    var bucket: String
    var key: String

    /// From an import id or the id in state: `bucket/key` or `s3://bucket/key`. The key is
    /// everything after the first slash, so it may hold slashes itself.
    init?(id: String) {
        let path = id.hasPrefix("s3://") ? String(id.dropFirst(5)) : id
        guard let slash = path.firstIndex(of: "/") else { return nil }
        let bucket = String(path[..<slash]), key = String(path[path.index(after: slash)...])
        guard !bucket.isEmpty, !key.isEmpty else { return nil }
        self.init(bucket: bucket, key: key)
    }

    init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    var id: String { "\(bucket)/\(key)" }

    func arn(partition: String) -> String { "arn:\(partition):s3:::\(bucket)/\(key)" }

    /// The key as the provider sends it: the AWS SDK for Go v1 cleaned keys before signing
    /// (no leading `./` or `/`, runs of `/` made one), and the provider keeps doing so for the
    /// objects it made that way, so `/dir//file` and `dir/file` name the same object.
    var requestKey: String {
        var cleaned = key.hasPrefix("./") ? String(key.dropFirst(2)) : key
        cleaned = String(cleaned.drop { $0 == "/" })
        var result = ""
        for character in cleaned where !(character == "/" && result.hasSuffix("/")) {
            result.append(character)
        }
        return result
    }
}
