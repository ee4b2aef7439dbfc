/// One element of an XML document: what the ec2, query and rest-xml protocols answer with.
///
/// Names are kept without their namespace prefix (`<ns:vpc>` is `vpc`): AWS responses qualify
/// elements inconsistently, and no AWS response has two elements that differ only by namespace.
/// `text` is the element's own character data with entities and CDATA decoded; an element that
/// has child elements and only whitespace between them (pretty-printed output) has empty text.
public struct XMLNode: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLNode]
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLNode] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// An element holding only text, e.g. `<Name>www.example.com</Name>`.
    public static func leaf(_ name: String, _ text: String) -> XMLNode {
        XMLNode(name: name, text: text)
    }

    /// An element holding only child elements.
    public static func element(_ name: String, attributes: [String: String] = [:], _ children: [XMLNode]) -> XMLNode {
        XMLNode(name: name, attributes: attributes, children: children)
    }

    // MARK: Navigation

    /// The first child element with this name.
    public func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// Every child element with this name, in document order.
    public func children(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    /// The element reached by following the first child of each name in turn, e.g.
    /// `path("vpc", "vpcId")`; nil when a step is missing.
    public func path(_ names: String...) -> XMLNode? {
        path(names)
    }

    public func path(_ names: [String]) -> XMLNode? {
        var node = self
        for name in names {
            guard let next = node.child(name) else { return nil }
            node = next
        }
        return node
    }

    /// Every element at the end of the path, through every matching element at each step, e.g.
    /// `all("reservationSet", "item", "instancesSet", "item")` gives the instances of all
    /// reservations.
    public func all(_ names: String...) -> [XMLNode] {
        all(names)
    }

    public func all(_ names: [String]) -> [XMLNode] {
        var level = [self]
        for name in names {
            level = level.flatMap { $0.children(name) }
        }
        return level
    }

    /// The text of the element at the path, or nil when there is no such element.
    public func string(_ names: String...) -> String? {
        path(names)?.text
    }

    public func attribute(_ name: String) -> String? {
        attributes[name]
    }

    // MARK: Typed text

    /// The text as an integer; nil when it is not one.
    public var intValue: Int? {
        Int(text.trimmingXMLWhitespace())
    }

    /// `true` or `false` as AWS writes them; nil otherwise.
    public var boolValue: Bool? {
        switch text.trimmingXMLWhitespace() {
        case "true": true
        case "false": false
        default: nil
        }
    }
}

extension String {
    func trimmingXMLWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
