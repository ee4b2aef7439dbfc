import Foundation
import Provisioner
import ResourceGraph

/// Terraform's `name` / `name_prefix` pair for objects whose name AWS does not make: without a
/// name the provider makes one from the prefix (`terraform-` by default) when it creates the
/// object.
enum NameOrPrefix {
    static let defaultPrefix = "terraform-"

    /// The planned object with the name unknown until create when the configuration gives
    /// none: for a new object, and for one replaced because its prefix changed.
    static func plan(_ planned: Value, prior: Value?, configuration: Value) -> Value {
        guard configuration[attribute: "name"]?.isNull ?? true else { return planned }
        if let prior, !PlanSuppression.changed("name_prefix", prior, planned) { return planned }
        return planned.setting(["name": .unknown(.string)])
    }

    /// The name to create the object with.
    static func toCreate(_ planned: Value) -> String {
        planned.string("name") ?? make(prefix: planned.string("name_prefix") ?? defaultPrefix)
    }

    /// The length of the unique suffix the provider's names end in: 26 hexadecimal digits.
    static let suffixLength = 26

    /// A unique name as the provider makes one: the prefix, then a UTC timestamp to the
    /// hundredth of a microsecond and a counter, 26 digits that sort in creation order.
    static func make(prefix: String) -> String {
        let now = Date()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: now)
        let stamp = String(format: "%04d%02d%02d%02d%02d%02d%04d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, c.nanosecond! / 100_000)
        return prefix + stamp + String(format: "%08x", counter.next())
    }

    private static let counter = Counter()

    private final class Counter: @unchecked Sendable {
        // @unchecked: `value` is only touched under `lock`.
        private let lock = NSLock()
        private var value: UInt32 = 0
        func next() -> UInt32 { lock.withLock { value &+= 1; return value } }
    }

    /// The prefix of a name the provider (or prov) generated, as Terraform reads it back: what
    /// comes before a final run of 26 hexadecimal digits; null for any other name.
    static func prefix(fromName name: String?) -> Value {
        guard let name, name.count > suffixLength else { return .null(.string) }
        let suffix = name.suffix(suffixLength)
        guard suffix.allSatisfy(\.isHexDigit) else { return .null(.string) }
        return .string(String(name.dropLast(suffixLength)))
    }

    /// Terraform's conflict between the two arguments.
    static func validate(_ configuration: Value) throws {
        if let name = configuration[attribute: "name"], !name.isNull, let prefix = configuration[attribute: "name_prefix"], !prefix.isNull {
            throw ProviderError("Conflicting configuration arguments", detail: "\"name\": conflicts with name_prefix")
        }
    }
}
