import Foundation

/// An IPv4 or IPv6 address as a 128-bit number, with parsing and canonical formatting
/// (RFC 5952 for IPv6), for the CIDR functions.
struct IPAddress: Equatable {
    var bits: UInt128
    var isIPv6: Bool

    var width: Int { isIPv6 ? 128 : 32 }

    init(bits: UInt128, isIPv6: Bool) {
        self.bits = bits
        self.isIPv6 = isIPv6
    }

    init?(_ text: String) {
        if text.contains(":") {
            guard let bits = IPAddress.parseIPv6(text) else { return nil }
            self.init(bits: bits, isIPv6: true)
        } else {
            guard let bits = IPAddress.parseIPv4(text) else { return nil }
            self.init(bits: UInt128(bits), isIPv6: false)
        }
    }

    private static func parseIPv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: UInt32 = 0
        for part in parts {
            // Leading zeros are refused, as Go's parser (and so Terraform) refuses them.
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                  !(part.count > 1 && part.first == "0"), let octet = UInt32(part), octet <= 255 else { return nil }
            result = result << 8 | octet
        }
        return result
    }

    private static func parseIPv6(_ text: String) -> UInt128? {
        var text = Substring(text)
        var trailingIPv4: UInt32? = nil
        if let lastColon = text.lastIndex(of: ":"), text[lastColon...].contains(".") {
            guard let v4 = parseIPv4(String(text[text.index(after: lastColon)...])) else { return nil }
            trailingIPv4 = v4
            text = text[...lastColon] + "0:0"
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            for group in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                out.append(value)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        var result: UInt128 = all.reduce(0) { $0 << 16 | UInt128($1) }
        if let v4 = trailingIPv4 { result = (result >> 32) << 32 | UInt128(v4) }
        return result
    }

    var description: String {
        guard isIPv6 else {
            let v = UInt32(truncatingIfNeeded: bits)
            return [24, 16, 8, 0].map { String((v >> UInt32($0)) & 0xFF) }.joined(separator: ".")
        }
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: bits >> UInt128(112 - 16 * $0)) }
        // The longest run of two or more zero groups becomes "::".
        var bestStart = -1, bestLength = 0, runStart = -1
        for i in 0...8 {
            if i < 8, groups[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart > bestLength, i - runStart >= 2 { bestStart = runStart; bestLength = i - runStart }
                runStart = -1
            }
        }
        func hex(_ range: Range<Int>) -> String { range.map { String(groups[$0], radix: 16) }.joined(separator: ":") }
        if bestStart < 0 { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
}

/// An address prefix such as `10.0.0.0/16`.
struct CIDRPrefix {
    var address: IPAddress
    var length: Int

    init(address: IPAddress, length: Int) {
        self.address = address
        self.length = length
    }

    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress(String(parts[0])),
              parts[1].allSatisfy(\.isNumber), let length = Int(parts[1]), length >= 0, length <= address.width else { return nil }
        self.address = address
        self.length = length
    }

    /// The prefix with host bits cleared.
    var network: IPAddress {
        IPAddress(bits: address.bits & mask, isIPv6: address.isIPv6)
    }

    var mask: UInt128 {
        let width = address.width
        guard length > 0 else { return 0 }
        let full: UInt128 = width == 128 ? ~0 : (UInt128(1) << 32) - 1
        return (full >> UInt128(width - length)) << UInt128(width - length)
    }

    var description: String { "\(network.description)/\(length)" }
}
