extension ModuleDecoder {
    /// `moved { from = aws_instance.a  to = aws_instance.b }`, for resources, instances and
    /// module calls; both ends must be the same kind of thing.
    mutating func decodeMoved(_ block: Block) {
        guard expectLabels(block, []) else { return }
        var from: TargetAddress? = nil
        var to: TargetAddress? = nil
        for attribute in block.body.attributes {
            switch attribute.name {
            case "from": from = staticAddress(attribute)
            case "to": to = staticAddress(attribute)
            default: unsupported(attribute, in: "moved", expected: ["from", "to"])
            }
        }
        for nested in block.body.blocks { unsupported(nested, expected: []) }
        guard let from, let to else {
            if block.body.attribute("from") == nil || block.body.attribute("to") == nil {
                diagnostics.error("Missing required argument", "A moved block needs both \"from\" and \"to\".", at: block.typeRange)
            }
            return
        }
        guard Self.movedKindsMatch(from, to) else {
            diagnostics.error("Invalid \"moved\" addresses", "A moved block must move a resource (or instance) to one of the same type, or a module call to a module call; \(from) and \(to) do not match.", at: block.typeRange)
            return
        }
        module.moved.append(MovedDeclaration(from: from, to: to, range: block.typeRange))
    }

    private static func movedKindsMatch(_ from: TargetAddress, _ to: TargetAddress) -> Bool {
        func resource(_ address: TargetAddress) -> ResourceAddress? {
            switch address {
            case .resource(let r): return r
            case .instance(let i): return i.resource
            case .module: return nil
            }
        }
        if case .module = from, case .module = to { return true }
        guard let a = resource(from), let b = resource(to) else { return false }
        return a.type == b.type && a.mode == .managed && b.mode == .managed
    }

    /// `import { to = aws_vpc.main  id = "vpc-0123" }`
    mutating func decodeImport(_ block: Block) {
        guard expectLabels(block, []) else { return }
        var to: InstanceAddress? = nil
        var id: Expression? = nil
        var providerKey: String? = nil
        for attribute in block.body.attributes {
            switch attribute.name {
            case "to":
                switch staticAddress(attribute) {
                case .instance(let instance)?: to = instance
                case .resource(let resource)? where resource.mode == .managed: to = resource.instance(.none)
                case nil: break
                default:
                    diagnostics.error("Invalid import address", "The \"to\" of an import block must be a managed resource instance, such as aws_vpc.main or aws_subnet.public[0].", at: attribute.expression.range)
                }
            case "id":
                id = attribute.expression
                for traversal in ReferenceExtractor.traversals(in: attribute.expression) where traversal.root != "var" && traversal.root != "local" {
                    diagnostics.error("Invalid import id", "An import id may refer only to input variables and local values, not to \(traversal.description).", at: traversal.range)
                }
            case "provider":
                providerKey = Self.providerKey(attribute.expression)
            case "for_each":
                diagnostics.error("Unsupported argument", "prov does not support for_each in import blocks yet; write one import block per object.", at: attribute.nameRange)
            default:
                unsupported(attribute, in: "import", expected: ["to", "id", "provider"])
            }
        }
        guard let to, let id else {
            if block.body.attribute("to") == nil || block.body.attribute("id") == nil {
                diagnostics.error("Missing required argument", "An import block needs both \"to\" and \"id\".", at: block.typeRange)
            }
            return
        }
        if module.imports.contains(where: { $0.to == to }) {
            diagnostics.error("Duplicate import configuration", "More than one import block targets \(to).", at: block.typeRange)
            return
        }
        module.imports.append(ImportDeclaration(to: to, id: id, providerKey: providerKey, range: block.typeRange))
    }

    /// An address written as a reference (`aws_vpc.main`, `aws_subnet.a[0]`, `module.x`).
    private mutating func staticAddress(_ attribute: Attribute) -> TargetAddress? {
        guard case .traversal(let traversal) = attribute.expression.node else {
            diagnostics.error("Invalid address", "The \"\(attribute.name)\" argument must be a resource or module address written as a reference, such as aws_vpc.main or module.network, without quotes.", at: attribute.expression.range)
            return nil
        }
        guard let address = TargetAddress.parse(traversal.description) else {
            diagnostics.error("Invalid address", "\(traversal.description) is not a resource or module address.", at: attribute.expression.range)
            return nil
        }
        return address
    }
}
