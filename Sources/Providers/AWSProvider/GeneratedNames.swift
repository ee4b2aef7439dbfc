import Foundation

/// Names prov makes up for objects whose configuration leaves the name (or creation token) out,
/// in the shape of the Terraform plugin SDK's unique ids: a prefix (`terraform-` by default),
/// then 18 digits and 8 lower-case hex digits.
///
/// The suffix is derived from the engine's idempotency token rather than from the clock, so a
/// create that is run again after an interruption asks for the same name: AWS then answers
/// "already exists (and yours)" instead of a second object being made and forgotten.
enum GeneratedNames {
    static let defaultPrefix = "terraform-"
    /// The length of the part after the prefix, as the plugin SDK's `UniqueIDSuffixLength`.
    static let suffixLength = 26

    static func make(prefix: String?, token: String?) -> String {
        let seed = token ?? UUID().uuidString
        let digest = Crypto.sha256(seed)
        let digits = digest.prefix(18).map { String($0 % 10) }.joined()
        let hex = Crypto.hex(digest.suffix(4))
        return (prefix ?? defaultPrefix) + digits + hex
    }

    /// The prefix of a name made by `make` (or by the Terraform provider), or nil when the name
    /// does not end in such a suffix: what an import can tell about `*_prefix` arguments.
    static func prefix(of name: String) -> String? {
        guard name.utf8.count > suffixLength else { return nil }
        let suffix = Array(name.utf8.suffix(suffixLength))
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        let isHex = { (byte: UInt8) in isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) }
        guard suffix.prefix(18).allSatisfy(isDigit), suffix.suffix(8).allSatisfy(isHex) else { return nil }
        return String(name.dropLast(suffixLength))
    }
}
