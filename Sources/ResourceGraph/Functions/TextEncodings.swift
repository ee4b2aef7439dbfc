import Foundation

/// The character encodings `textencodebase64` and `textdecodebase64` accept, by IANA name or
/// alias (matched without regard to case), with the canonical name used in messages.
enum TextEncoding {
    case foundation(String.Encoding, name: String)
    /// IANA "UTF-16": big-endian with a byte order mark, unlike Foundation's native-order form.
    case utf16WithByteOrderMark

    static func named(_ name: String) -> TextEncoding? {
        let key = name.lowercased()
        if ["utf-16", "csutf16"].contains(key) { return .utf16WithByteOrderMark }
        for (aliases, encoding, canonical) in table where aliases.contains(key) {
            return .foundation(encoding, name: canonical)
        }
        return nil
    }

    private static let table: [([String], String.Encoding, String)] = [
        (["utf-8", "csutf8"], .utf8, "UTF-8"),
        (["utf-16le", "csutf16le"], .utf16LittleEndian, "UTF-16LE"),
        (["utf-16be", "csutf16be"], .utf16BigEndian, "UTF-16BE"),
        (["utf-32le", "csutf32le"], .utf32LittleEndian, "UTF-32LE"),
        (["utf-32be", "csutf32be"], .utf32BigEndian, "UTF-32BE"),
        (["us-ascii", "ascii", "us", "iso646-us", "iso_646.irv:1991", "ansi_x3.4-1968", "iso-ir-6", "ibm367", "cp367", "csascii"], .ascii, "US-ASCII"),
        (["iso-8859-1", "iso_8859-1", "iso_8859-1:1987", "iso-ir-100", "latin1", "l1", "ibm819", "cp819", "csisolatin1"], .isoLatin1, "ISO-8859-1"),
        (["iso-8859-2", "iso_8859-2", "iso_8859-2:1987", "iso-ir-101", "latin2", "l2", "csisolatin2"], .isoLatin2, "ISO-8859-2"),
        (["windows-1250", "cswindows1250"], .windowsCP1250, "windows-1250"),
        (["windows-1251", "cswindows1251"], .windowsCP1251, "windows-1251"),
        (["windows-1252", "cswindows1252"], .windowsCP1252, "windows-1252"),
        (["windows-1253", "cswindows1253"], .windowsCP1253, "windows-1253"),
        (["windows-1254", "cswindows1254"], .windowsCP1254, "windows-1254"),
        (["shift_jis", "ms_kanji", "csshiftjis"], .shiftJIS, "Shift_JIS"),
        (["euc-jp", "extended_unix_code_packed_format_for_japanese", "cseucpkdfmtjapanese"], .japaneseEUC, "EUC-JP"),
        (["macintosh", "mac", "csmacintosh"], .macOSRoman, "macintosh"),
    ]

    var name: String {
        switch self {
        case .foundation(_, let name): return name
        case .utf16WithByteOrderMark: return "UTF-16"
        }
    }

    /// The encoded bytes; nil when the text has characters the encoding cannot represent.
    func encode(_ text: String) -> [UInt8]? {
        switch self {
        case .foundation(let encoding, _):
            return text.data(using: encoding, allowLossyConversion: false).map { Array($0) }
        case .utf16WithByteOrderMark:
            return [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        }
    }

    /// The decoded text; nil when the bytes are not valid in the encoding.
    func decode(_ bytes: [UInt8]) -> String? {
        switch self {
        case .foundation(let encoding, _):
            return String(data: Data(bytes), encoding: encoding)
        case .utf16WithByteOrderMark:
            var body = bytes[...]
            var bigEndian = true
            if body.starts(with: [0xFE, 0xFF]) {
                body = body.dropFirst(2)
            } else if body.starts(with: [0xFF, 0xFE]) {
                body = body.dropFirst(2)
                bigEndian = false
            }
            return String(data: Data(body), encoding: bigEndian ? .utf16BigEndian : .utf16LittleEndian)
        }
    }
}
