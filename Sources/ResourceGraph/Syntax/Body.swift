/// The contents of a file or of a block: attributes (`name = expr`) and nested blocks, each kept
/// in source order.
public struct Body: Sendable {
    public var attributes: [Attribute]
    public var blocks: [Block]
    public var range: SourceRange

    public init(attributes: [Attribute] = [], blocks: [Block] = [], range: SourceRange) {
        self.attributes = attributes
        self.blocks = blocks
        self.range = range
    }

    public func attribute(_ name: String) -> Attribute? { attributes.first { $0.name == name } }
    public func blocks(ofType type: String) -> [Block] { blocks.filter { $0.type == type } }
}

/// `name = expression`
public struct Attribute: Sendable {
    public var name: String
    public var nameRange: SourceRange
    public var expression: Expression
    public var range: SourceRange

    public init(name: String, nameRange: SourceRange, expression: Expression, range: SourceRange) {
        self.name = name
        self.nameRange = nameRange
        self.expression = expression
        self.range = range
    }
}

/// `type "label" label { body }`
public struct Block: Sendable {
    public var type: String
    public var typeRange: SourceRange
    public var labels: [String]
    public var labelRanges: [SourceRange]
    public var body: Body
    public var openBraceRange: SourceRange
    public var closeBraceRange: SourceRange

    public init(
        type: String, typeRange: SourceRange, labels: [String], labelRanges: [SourceRange],
        body: Body, openBraceRange: SourceRange, closeBraceRange: SourceRange
    ) {
        self.type = type
        self.typeRange = typeRange
        self.labels = labels
        self.labelRanges = labelRanges
        self.body = body
        self.openBraceRange = openBraceRange
        self.closeBraceRange = closeBraceRange
    }

    public var range: SourceRange { typeRange.through(closeBraceRange) }

    /// The block's header: its type and labels, which is what diagnostics about the block as a
    /// whole point at.
    public var headerRange: SourceRange { typeRange.through(labelRanges.last ?? typeRange) }
}
