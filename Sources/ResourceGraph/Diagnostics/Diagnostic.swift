/// A problem found in the user's input, as data: what is wrong (summary and detail), exactly where
/// (the subject) and around what (the context). Rendering it with a source snippet is the job of
/// `DiagnosticRenderer`.
public struct Diagnostic: Hashable, Sendable, Error, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable { case error, warning }

    public var severity: Severity
    public var summary: String
    public var detail: String
    public var subject: SourceRange?
    public var context: SourceRange?

    public init(
        _ severity: Severity = .error, summary: String, detail: String = "",
        subject: SourceRange? = nil, context: SourceRange? = nil
    ) {
        self.severity = severity
        self.summary = summary
        self.detail = detail
        self.subject = subject
        self.context = context
    }

    public static func error(_ summary: String, _ detail: String = "", at subject: SourceRange? = nil) -> Diagnostic {
        Diagnostic(.error, summary: summary, detail: detail, subject: subject)
    }

    public static func warning(_ summary: String, _ detail: String = "", at subject: SourceRange? = nil) -> Diagnostic {
        Diagnostic(.warning, summary: summary, detail: detail, subject: subject)
    }

    public var description: String {
        var text = "\(severity.rawValue.capitalized): \(summary)"
        if let subject { text += " (\(subject.filename):\(subject.start.line),\(subject.start.column))" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }
}

/// An ordered list of diagnostics, returned beside results instead of stopping at the first
/// problem, so one run reports everything that is wrong.
public struct Diagnostics: Sendable, Error, Sequence, CustomStringConvertible {
    public private(set) var items: [Diagnostic] = []

    public init(_ items: [Diagnostic] = []) { self.items = items }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var isEmpty: Bool { items.isEmpty }
    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }

    public mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }
    public mutating func append(contentsOf other: Diagnostics) { items.append(contentsOf: other.items) }
    public mutating func error(_ summary: String, _ detail: String = "", at subject: SourceRange? = nil) {
        items.append(.error(summary, detail, at: subject))
    }

    public func makeIterator() -> IndexingIterator<[Diagnostic]> { items.makeIterator() }
    public var description: String { items.map(\.description).joined(separator: "\n") }
}
