import Foundation
import Provisioner
import ResourceGraph

/// The tags prov puts on every taggable object it creates, besides the configuration's own:
/// `prov:stack` (the state's lineage) and `prov:address` (the instance's address). They let the
/// next run find an object whose creation a killed run never recorded, and let `destroy` find
/// objects of the stack that state no longer knows. They are kept out of `tags` and `tags_all`,
/// so they never show in plans or as drift.
enum AWSSystemTags {
    static let stackKey = "prov:stack"
    static let addressKey = "prov:address"

    /// Whether a tag key is one of prov's own.
    static func isSystemKey(_ key: String) -> Bool { key.hasPrefix("prov:") }

    static func tags(stack: String, address: InstanceAddress) -> [String: String] {
        [stackKey: stack, addressKey: encode(address)]
    }

    // MARK: Addresses as tag values

    /// Tag values may hold letters, digits, spaces and `_ . : / = + - @` in every service, and
    /// EC2 filters treat `*` and `?` as wildcards: anything else in an address (`[`, `]`, `"`,
    /// non-ASCII keys) and `+` itself is written `+XX`, the hex of each UTF-8 byte.
    static func encode(_ address: InstanceAddress) -> String {
        var out = ""
        for byte in address.description.utf8 {
            if isPlain(byte) {
                out.append(Character(UnicodeScalar(byte)))
            } else {
                out += "+" + String(format: "%02X", byte)
            }
        }
        guard out.count > maximumValueLength else { return out }
        // Longer than a tag value may be: a prefix and a digest, still unique per address.
        let digest = Crypto.hex(Crypto.sha256(out)).prefix(32)
        return String(out.prefix(maximumValueLength - 34)) + "+~" + digest
    }

    /// The address a tag value names; nil for values too long to have been kept whole.
    static func decode(_ value: String) -> InstanceAddress? {
        var bytes: [UInt8] = []
        var index = value.utf8.startIndex
        let utf8 = value.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "+") {
                let hexStart = utf8.index(after: index)
                guard let hexEnd = utf8.index(hexStart, offsetBy: 2, limitedBy: utf8.endIndex),
                      let decoded = UInt8(String(value[hexStart..<hexEnd]), radix: 16) else { return nil }
                bytes.append(decoded)
                index = hexEnd
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return InstanceAddress.parse(String(decoding: bytes, as: UTF8.self))
    }

    static let maximumValueLength = 256

    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "-"), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }

    // MARK: Putting them on and keeping them out

    /// The planned object with the system tags added to `tags_all`, which every type sends
    /// when it creates an object; unchanged for types that do not take them.
    static func adding(to planned: Value, for type: any AWSResourceType, operation: OperationContext) -> Value {
        guard takesSystemTags(type), !operation.stack.isEmpty else { return planned }
        let existing = planned[attribute: "tags_all"]
        guard existing?.isKnown ?? true else { return planned }
        let own = planned.stringMap("tags_all") ?? [:]
        return planned.setting(["tags_all": .stringMap(own.merging(tags(stack: operation.stack, address: operation.address)) { mine, _ in mine })])
    }

    /// Whether objects of this type carry the system tags: taggable types that create their
    /// objects (not those that adopt a default object AWS made, such as a VPC's default
    /// security group).
    static func takesSystemTags(_ type: any AWSResourceType) -> Bool {
        Swift.type(of: type).receivesSystemTags && type.schema.block.attributes["tags_all"] != nil
    }

    /// The object with any system tag removed from `tags` and `tags_all`.
    static func removing(from value: Value) -> Value {
        var changes: [String: Value] = [:]
        for name in ["tags", "tags_all"] {
            guard let tags = value.stringMap(name), tags.keys.contains(where: isSystemKey) else { continue }
            changes[name] = .stringMap(tags.filter { !isSystemKey($0.key) })
        }
        return changes.isEmpty ? value : value.setting(changes)
    }
}
