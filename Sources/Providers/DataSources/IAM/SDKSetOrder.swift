/// The order in which Terraform's plugin SDK lists a set's elements: by the decimal text of
/// each element's CRC-32 hash, compared as strings. The provider's JSON depends on it where
/// elements of a set are merged in turn (several `principals` blocks of one type, several
/// `condition` blocks for one test and variable), so prov orders them the same way.
enum SDKSetOrder {
    /// Elements ordered by the hash of their serialisation; elements with the same hash are
    /// one element, as in the SDK.
    static func ordered<T>(_ elements: [T], serialization: (T) -> String) -> [T] {
        var byCode: [String: T] = [:]
        for element in elements {
            let code = String(crc32(Array(serialization(element).utf8)))
            if byCode[code] == nil { byCode[code] = element }
        }
        return byCode.keys.sorted().map { byCode[$0]! }
    }

    /// The SDK's serialisation of a string inside a collection: the string and a semicolon.
    static func member(_ string: String) -> String { string + ";" }

    /// The serialisation of a set of strings (the SDK's `{…};`), its members in set order.
    static func stringSet(_ strings: [String]) -> String {
        "{" + ordered(strings, serialization: { $0 }).map(member).joined() + "};"
    }

    /// The serialisation of a list of strings (the SDK's `(…);`).
    static func stringList(_ strings: [String]) -> String {
        "(" + strings.map(member).joined() + ");"
    }

    /// CRC-32 (IEEE), as Go's `crc32.ChecksumIEEE`.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }
}
