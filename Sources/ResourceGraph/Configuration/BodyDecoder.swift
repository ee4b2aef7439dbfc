/// Evaluates a block body against a schema: every argument checked, converted to its type and
/// placed in one object value; nested blocks (including `dynamic` ones) become lists, sets or
/// objects; missing required arguments and unknown names are reported with Terraform's messages.
public struct BodyDecoder {
    private var diagnostics = Diagnostics()
    /// The resource type (or block name) for messages.
    private let owner: String

    public static func decode(_ body: Body, schema: BlockSchema, context: EvaluationContext, subject: SourceRange, owner: String) -> (Value, Diagnostics) {
        var decoder = BodyDecoder(owner: owner)
        let value = decoder.decode(body, schema: schema, context: context, subject: subject)
        return (value, decoder.diagnostics)
    }

    private init(owner: String) { self.owner = owner }

    private mutating func decode(_ body: Body, schema: BlockSchema, context: EvaluationContext, subject: SourceRange) -> Value {
        var result: [String: Value] = [:]
        result.reserveCapacity(schema.attributes.count + schema.blocks.count)
        for attribute in body.attributes {
            if let nested = schema.blocks[attribute.name], nested.acceptsAttributeSyntax {
                result[attribute.name] = decodeAssignedBlocks(attribute, nested, in: body, context: context)
                continue
            }
            guard let attributeSchema = schema.attributes[attribute.name] else {
                if schema.blocks[attribute.name] != nil {
                    diagnostics.error("Unsupported argument", "An argument named \"\(attribute.name)\" is not expected here. Did you mean to define a block of type \"\(attribute.name)\"?", at: attribute.nameRange)
                } else {
                    let suggestion = NameSuggestion.didYouMean(attribute.name, in: Array(schema.attributes.filter(\.value.isSettable).keys) + Array(schema.blocks.keys))
                    diagnostics.error("Unsupported argument", "An argument named \"\(attribute.name)\" is not expected here.\(suggestion)", at: attribute.nameRange)
                }
                continue
            }
            if let reason = attributeSchema.unsupportedReason {
                diagnostics.error("Unsupported argument", "prov does not support the argument \"\(attribute.name)\" of \(owner) yet: \(reason).", at: attribute.nameRange)
                continue
            }
            guard attributeSchema.isSettable else {
                diagnostics.error("Value for unconfigurable attribute", "Can't configure a value for \"\(attribute.name)\": its value will be decided automatically based on the result of applying this configuration.", at: attribute.nameRange)
                continue
            }
            let (value, evaluationDiagnostics) = Evaluator.evaluate(attribute.expression, in: context)
            diagnostics.append(contentsOf: evaluationDiagnostics)
            if evaluationDiagnostics.hasErrors { continue }
            do {
                result[attribute.name] = try value.converted(to: attributeSchema.type)
            } catch {
                diagnostics.error("Incorrect attribute value type", "Inappropriate value for attribute \"\(attribute.name)\": \(error.description).", at: attribute.expression.range)
            }
        }
        for (name, attributeSchema) in schema.attributes where result[name] == nil {
            if attributeSchema.presence == .required, body.attribute(name) == nil {
                diagnostics.error("Missing required argument", "The argument \"\(name)\" is required, but no definition was found.", at: subject)
            }
            result[name] = .null(attributeSchema.type)
        }

        let instances = expandBlocks(body.blocks, schema: schema, context: context)
        for (name, nested) in schema.blocks where result[name] == nil {
            if nested.acceptsAttributeSyntax, instances[name] == nil {
                result[name] = .null(nested.valueType)
                continue
            }
            result[name] = decodeNested(name, nested, instances[name] ?? .known([]), subject: subject)
        }
        return .object(result)
    }

    /// `route = [...]` for a block type in attributes-as-blocks mode: the value converted to the
    /// blocks' collection type (every attribute of each object must be given, as in Terraform).
    private mutating func decodeAssignedBlocks(_ attribute: Attribute, _ nested: NestedBlockSchema, in body: Body, context: EvaluationContext) -> Value {
        if let block = body.blocks.first(where: { $0.type == attribute.name || ($0.type == "dynamic" && $0.labels.first == attribute.name) }) {
            diagnostics.error("Conflicting \(attribute.name) definitions", "\"\(attribute.name)\" is assigned as an argument and also given as a block; use one or the other.", at: block.typeRange)
        }
        let (value, evaluationDiagnostics) = Evaluator.evaluate(attribute.expression, in: context)
        diagnostics.append(contentsOf: evaluationDiagnostics)
        if evaluationDiagnostics.hasErrors { return .unknown(nested.valueType) }
        do {
            return try value.converted(to: nested.valueType)
        } catch {
            diagnostics.error("Incorrect attribute value type", "Inappropriate value for attribute \"\(attribute.name)\": \(error.description).", at: attribute.expression.range)
            return .unknown(nested.valueType)
        }
    }

    /// A nested block's instances: each with its body and the context to evaluate it in (a
    /// `dynamic` block's iterator binds a name), or unknown when a `dynamic` block's `for_each`
    /// is not known yet.
    private enum Instances {
        case known([(body: Body, context: EvaluationContext, range: SourceRange)])
        case unknown
    }

    private mutating func expandBlocks(_ blocks: [Block], schema: BlockSchema, context: EvaluationContext) -> [String: Instances] {
        var instances: [String: Instances] = [:]
        func add(_ name: String, _ item: (Body, EvaluationContext, SourceRange)) {
            if case .known(var list) = instances[name] ?? .known([]) {
                list.append(item)
                instances[name] = .known(list)
            }
        }
        for block in blocks {
            if block.type == "dynamic" {
                guard let expansion = expandDynamic(block, schema: schema, context: context) else { continue }
                switch expansion {
                case .unknown: instances[block.labels[0]] = .unknown
                case .known(let items):
                    // Zero generated blocks still count as given (an empty collection, not null).
                    if instances[block.labels[0]] == nil { instances[block.labels[0]] = .known([]) }
                    for item in items { add(block.labels[0], item) }
                }
                continue
            }
            guard schema.blocks[block.type] != nil else {
                if schema.attributes[block.type] != nil {
                    diagnostics.error("Unsupported block type", "Blocks of type \"\(block.type)\" are not expected here. Did you mean to define argument \"\(block.type)\"? If so, use the equals sign to assign it a value.", at: block.typeRange)
                } else {
                    let suggestion = NameSuggestion.didYouMean(block.type, in: schema.blocks.keys)
                    diagnostics.error("Unsupported block type", "Blocks of type \"\(block.type)\" are not expected here.\(suggestion)", at: block.typeRange)
                }
                continue
            }
            if !block.labels.isEmpty {
                diagnostics.error("Extraneous label for \(block.type)", "No labels are expected for \(block.type) blocks.", at: block.labelRanges[0])
                continue
            }
            if let reason = schema.blocks[block.type]?.unsupportedReason {
                unsupportedBlock(block.type, reason: reason, at: block.typeRange)
                continue
            }
            add(block.type, (block.body, context, block.typeRange))
        }
        return instances
    }

    private mutating func expandDynamic(_ block: Block, schema: BlockSchema, context: EvaluationContext) -> Instances? {
        guard block.labels.count == 1 else {
            diagnostics.error("Invalid dynamic block", "A dynamic block must have exactly one label: the type of the blocks it generates.", at: block.headerRange)
            return nil
        }
        let blockType = block.labels[0]
        guard let nested = schema.blocks[blockType] else {
            diagnostics.error("Unsupported block type", "Blocks of type \"\(blockType)\" are not expected here, so a dynamic block cannot generate them.", at: block.labelRanges[0])
            return nil
        }
        if let reason = nested.unsupportedReason {
            unsupportedBlock(blockType, reason: reason, at: block.labelRanges[0])
            return nil
        }
        var iterator = blockType
        var forEach: Attribute? = nil
        for attribute in block.body.attributes {
            switch attribute.name {
            case "for_each": forEach = attribute
            case "iterator":
                guard case .traversal(let t) = attribute.expression.node, t.steps.isEmpty else {
                    diagnostics.error("Invalid dynamic iterator name", "The iterator name must be a single identifier.", at: attribute.expression.range)
                    return nil
                }
                iterator = t.root
            case "labels":
                diagnostics.error("Extraneous labels", "Blocks of type \"\(blockType)\" take no labels, so a dynamic block generating them must not set labels.", at: attribute.nameRange)
            default:
                diagnostics.error("Unsupported argument", "An argument named \"\(attribute.name)\" is not expected in a dynamic block; only for_each, iterator, labels and a content block are.", at: attribute.nameRange)
            }
        }
        let contents = block.body.blocks.filter { $0.type == "content" }
        for other in block.body.blocks where other.type != "content" {
            diagnostics.error("Unsupported block type", "A dynamic block holds a single content block; blocks of type \"\(other.type)\" are not expected here.", at: other.typeRange)
        }
        guard let forEach else {
            diagnostics.error("Missing required argument", "The argument \"for_each\" is required in a dynamic block.", at: block.headerRange)
            return nil
        }
        guard contents.count == 1 else {
            diagnostics.error(contents.isEmpty ? "Missing content block" : "Duplicate content block", "A dynamic block must have exactly one content block.", at: block.headerRange)
            return nil
        }
        let (collection, evaluationDiagnostics) = Evaluator.evaluate(forEach.expression, in: context)
        diagnostics.append(contentsOf: evaluationDiagnostics)
        if evaluationDiagnostics.hasErrors { return nil }
        if !collection.isKnown { return .unknown }
        guard !collection.isNull, let pairs = Evaluator.iterationPairs(of: collection) else {
            diagnostics.error("Invalid dynamic for_each value", "Cannot use a \(collection.isNull ? "null value" : collection.type.friendlyName) in for_each. An iterable collection is required.", at: forEach.expression.range)
            return nil
        }
        let items = pairs.map { key, value in
            let binding = Value.object(["key": key, "value": value]).markedSensitive(collection.isSensitive)
            return (contents[0].body, context.binding([iterator: binding]), block.typeRange)
        }
        return .known(items)
    }

    private mutating func unsupportedBlock(_ name: String, reason: String, at range: SourceRange) {
        diagnostics.error("Unsupported block type", "prov does not support \"\(name)\" blocks in \(owner) yet: \(reason).", at: range)
    }

    private mutating func decodeNested(_ name: String, _ nested: NestedBlockSchema, _ instances: Instances, subject: SourceRange) -> Value {
        guard case .known(let items) = instances else { return .unknown(nested.valueType) }
        if let maxItems = nested.maxItems, items.count > maxItems {
            diagnostics.error("Too many \(name) blocks", "No more than \(maxItems) \"\(name)\" block\(maxItems == 1 ? " is" : "s are") allowed.", at: items[maxItems].range)
        }
        if items.count < nested.minItems {
            diagnostics.error(nested.minItems == 1 ? "Missing required block" : "Insufficient \(name) blocks", "At least \(nested.minItems) \"\(name)\" block\(nested.minItems == 1 ? " is" : "s are") required.", at: subject)
        }
        let values = items.map { decode($0.body, schema: nested.block, context: $0.context, subject: $0.range) }
        switch nested.nesting {
        case .single: return values.first ?? .null(nested.block.valueType)
        case .list: return .list(values, of: nested.block.valueType)
        case .set: return .set(values, of: nested.block.valueType)
        }
    }
}

extension ReferenceExtractor {
    /// Every traversal in a block body (arguments and nested blocks), with the iterator names of
    /// `dynamic` blocks masked inside their content.
    public static func traversals(in body: Body, masking masked: Set<String> = []) -> [Traversal] {
        var found: [Traversal] = []
        for attribute in body.attributes {
            found += traversals(in: attribute.expression).filter { !masked.contains($0.root) }
        }
        for block in body.blocks {
            guard block.type == "dynamic", let blockType = block.labels.first else {
                found += traversals(in: block.body, masking: masked)
                continue
            }
            var iterator = blockType
            if let attribute = block.body.attribute("iterator"), case .traversal(let t) = attribute.expression.node { iterator = t.root }
            for attribute in block.body.attributes where attribute.name != "iterator" {
                let inner = attribute.name == "labels" ? masked.union([iterator]) : masked
                found += traversals(in: attribute.expression).filter { !inner.contains($0.root) }
            }
            for content in block.body.blocks {
                found += traversals(in: content.body, masking: masked.union([iterator]))
            }
        }
        return found
    }
}
