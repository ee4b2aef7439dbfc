import Foundation

/// A home directory of its own for one test, with `~/.aws` files written into it; removed
/// when the value goes away. Tests pass `environment` to the code under test instead of
/// touching the real HOME.
final class TemporaryHome: Sendable {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "prov-home-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes a file under the home directory and returns its full path.
    @discardableResult
    func write(_ relativePath: String, _ contents: String, executable: Bool = false) throws -> String {
        let full = path + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: full, atomically: true, encoding: .utf8)
        if executable {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: full)
        }
        return full
    }

    var environment: [String: String] { ["HOME": path] }
}

/// An STS AssumeRole answer handing out the given access key id.
func assumeRoleAnswer(_ accessKeyId: String, expiration: String = "2030-01-01T00:00:00Z") -> RecordingTransport.Answer {
    .answer(200, """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <Credentials>
              <AccessKeyId>\(accessKeyId)</AccessKeyId>
              <SecretAccessKey>secret-of-\(accessKeyId)</SecretAccessKey>
              <SessionToken>token-of-\(accessKeyId)</SessionToken>
              <Expiration>\(expiration)</Expiration>
            </Credentials>
            <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser>
          </AssumeRoleResult>
        </AssumeRoleResponse>
        """)
}
