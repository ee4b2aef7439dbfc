import Foundation

/// Identifiers made the way Terraform's AWS provider makes them, so that ids and generated
/// names in prov's state look like the ones users know (and that `name_prefix` can be
/// recovered from a generated name on import).
enum TerraformIdentifiers {
    /// The plugin SDK's string hash: the CRC-32 (IEEE) checksum of the UTF-8 bytes, which ids
    /// like `sgrule-1234567890` and `nacl-1234567890` are built from.
    static func hashcode(_ text: String) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in text.utf8 {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }

    /// How many characters a generated name adds after its prefix: an 18-digit UTC timestamp
    /// (to a ten-thousandth of a second) and 8 hexadecimal digits.
    static let uniqueSuffixLength = 26

    /// A name for an object whose configuration sets neither `name` nor only `name_prefix`:
    /// the prefix ("terraform-" by default), a timestamp that sorts in creation order, and a
    /// random part that keeps concurrent creates apart.
    static func uniqueName(prefix: String = "terraform-", now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: now)
        let tenThousandths = (parts.nanosecond ?? 0) / 100_000
        let stamp = String(format: "%04d%02d%02d%02d%02d%02d%04d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, tenThousandths)
        return prefix + stamp + String(format: "%08x", UInt32.random(in: 0...UInt32.max))
    }

    /// The prefix a generated name was made from, or nil when the name does not end in a
    /// generated suffix (it was chosen by the user).
    static func namePrefix(of name: String) -> String? {
        guard name.count > uniqueSuffixLength else { return nil }
        let suffix = name.suffix(uniqueSuffixLength)
        guard suffix.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        return String(name.dropLast(uniqueSuffixLength))
    }
}
