import Foundation
import ResourceGraph

/// The last line of defence for secrets in messages: collects the sensitive values a run has
/// seen (sensitive variables, sensitive attributes, sensitive outputs) and replaces any of
/// them found in a diagnostic's text with `(sensitive value)`. Marks keep secrets out of
/// plans and state output; this catches what marks cannot follow, such as an AWS error
/// message that echoes part of a request, or an evaluation error that quotes a value.
///
/// Strings shorter than `minimumLength` are left alone: replacing every "1" or "on" would
/// garble messages while hiding nothing worth hiding.
public struct SecretRedactor: Sendable {
    static let minimumLength = 4
    public static let placeholder = "(sensitive value)"

    private var secrets: Set<String> = []

    public init() {}

    public var isEmpty: Bool { secrets.isEmpty }

    /// Remembers what `other` remembers too.
    public mutating func formUnion(_ other: SecretRedactor) {
        secrets.formUnion(other.secrets)
    }

    /// Remembers every sensitive part of `value`, as it is and as it appears inside JSON text.
    public mutating func collect(_ value: Value) {
        if value.isSensitive {
            collectAll(value)
            return
        }
        switch value.kind {
        case .list(let elements, _), .set(let elements, _), .tuple(let elements):
            elements.forEach { collect($0) }
        case .map(let entries, _), .object(let entries):
            entries.values.forEach { collect($0) }
        default:
            break
        }
    }

    private mutating func collectAll(_ value: Value) {
        switch value.kind {
        case .string(let text):
            remember(text)
        case .number(let number):
            remember(number.description)
        case .list(let elements, _), .set(let elements, _), .tuple(let elements):
            elements.forEach { collectAll($0) }
            remember((try? JSONEncoding.encode(value.unmarkedDeep())) ?? "")
        case .map(let entries, _), .object(let entries):
            entries.values.forEach { collectAll($0) }
            remember((try? JSONEncoding.encode(value.unmarkedDeep())) ?? "")
        default:
            break
        }
    }

    private mutating func remember(_ text: String) {
        guard text.count >= Self.minimumLength else { return }
        secrets.insert(text)
        // As it appears when a request body or a JSON document is quoted back.
        if let encoded = try? JSONEncoding.encode(.string(text)) {
            let escaped = String(encoded.dropFirst().dropLast())
            if escaped != text { secrets.insert(escaped) }
        }
    }

    public mutating func collect(_ snapshot: StateSnapshot) {
        for object in snapshot.resources.values { collect(object.value) }
        for objects in snapshot.deposed.values { objects.values.forEach { collect($0.value) } }
        for output in snapshot.outputs.values { collect(output.isSensitive ? output.value.markedSensitive() : output.value) }
    }

    public mutating func collect(_ plan: Plan) {
        for change in plan.changes + plan.drift {
            change.before.map { collect($0) }
            change.after.map { collect($0) }
        }
        for change in plan.outputChanges {
            for value in [change.before, change.after].compactMap({ $0 }) { collect(change.isSensitive ? value.markedSensitive() : value) }
        }
        plan.variables.values.forEach { collect($0) }
        plan.currentObjects.values.forEach { collect($0.value) }
    }

    /// The text with every remembered secret replaced, longest first so a secret that
    /// contains another is hidden whole.
    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var result = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.placeholder)
        }
        return result
    }

    public func redact(_ diagnostics: Diagnostics) -> Diagnostics {
        guard !secrets.isEmpty else { return diagnostics }
        return Diagnostics(diagnostics.items.map { diagnostic in
            var redacted = diagnostic
            redacted.summary = redact(diagnostic.summary)
            redacted.detail = redact(diagnostic.detail)
            return redacted
        })
    }
}
