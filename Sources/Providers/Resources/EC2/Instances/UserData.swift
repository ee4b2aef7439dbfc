import COpenSSL
import Foundation

/// Instance user data as the API and Terraform's provider handle it: AWS takes and returns it
/// base64-encoded; `aws_launch_configuration` keeps only a SHA-1 of it in state.
enum UserData {
    static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }

    /// The bytes of base64 text, as Go's standard decoding reads it (line breaks are skipped);
    /// nil when it is not base64.
    static func decodedBytes(_ base64: String) -> Data? {
        let compact = base64.filter { $0 != "\n" && $0 != "\r" }
        return Data(base64Encoded: compact)
    }

    /// The text that base64 user data encodes, nil when it is not base64 of UTF-8 text.
    static func decodedText(_ base64: String) -> String? {
        decodedBytes(base64).flatMap { String(data: $0, encoding: .utf8) }
    }

    /// The provider's `userDataHashSum`: the hex SHA-1 of the user data, decoded first when it
    /// is base64, so that text and its base64 form hash alike.
    static func hashSum(_ userData: String) -> String {
        let bytes = [UInt8](decodedBytes(userData) ?? Data(userData.utf8))
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        var length: UInt32 = 0
        // EVP_Digest fails only when out of memory.
        guard EVP_Digest(bytes, bytes.count, &digest, &length, EVP_sha1(), nil) == 1 else {
            fatalError("EVP_Digest failed")
        }
        return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }

    /// The hash of no user data, which EC2 sometimes reports for an instance without any.
    static let emptyHashSum = "da39a3ee5e6b4b0d3255bfef95601890afd80709"

    /// Whether text is a user data hash rather than user data: 40 lower-case hex digits.
    static func isHashSum(_ text: String) -> Bool {
        text.count == 40 && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
