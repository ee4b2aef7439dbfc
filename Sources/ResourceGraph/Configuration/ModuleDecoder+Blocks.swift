extension ModuleDecoder {
    mutating func decodeTerraform(_ block: Block) {
        guard expectLabels(block, []) else { return }
        for attribute in block.body.attributes {
            switch attribute.name {
            case "required_version":
                module.terraform.requiredVersion = staticString(attribute, what: "required Terraform version")
                module.terraform.requiredVersionRange = attribute.expression.range
            case "experiments", "language":
                diagnostics.error("Unsupported argument", "prov does not support the \"\(attribute.name)\" setting.", at: attribute.nameRange)
            default:
                unsupported(attribute, in: "terraform", expected: ["required_version"])
            }
        }
        for nested in block.body.blocks {
            switch nested.type {
            case "required_providers":
                decodeRequiredProviders(nested)
            case "backend":
                guard expectLabels(nested, ["type"]) else { continue }
                if let existing = module.terraform.backend {
                    diagnostics.error("Duplicate backend configuration", "A module may have only one backend configuration. The backend was previously configured at \(existing.range.filename):\(existing.range.start.line).", at: nested.headerRange)
                    continue
                }
                module.terraform.backend = .init(type: nested.labels[0], body: nested.body, range: nested.headerRange)
            case "cloud":
                diagnostics.error("Unsupported block type", "prov does not support HCP Terraform (\"cloud\" blocks); use a backend block instead.", at: nested.typeRange)
            case "encryption":
                decodeEncryption(nested)
            default:
                unsupported(nested, expected: ["required_providers", "backend", "encryption"])
            }
        }
    }

    private mutating func decodeRequiredProviders(_ block: Block) {
        for attribute in block.body.attributes {
            var requirement = TerraformSettings.RequiredProvider()
            guard let value = staticValue(attribute, as: .dynamic, what: "provider requirement") else { continue }
            if let version = value.stringValue {
                requirement.version = version
            } else if let entries = value.attributes {
                requirement.source = entries["source"]?.stringValue
                requirement.version = entries["version"]?.stringValue
            } else {
                diagnostics.error("Invalid required_providers object", "A provider requirement is an object with \"source\" and \"version\" attributes.", at: attribute.expression.range)
                continue
            }
            module.terraform.requiredProviders[attribute.name] = requirement
        }
    }

    mutating func decodeProvider(_ block: Block) {
        guard expectLabels(block, ["name"]) else { return }
        var body = block.body
        var alias: String? = nil
        if let aliasAttribute = body.attribute("alias") {
            alias = staticString(aliasAttribute, what: "provider alias")
            body.attributes.removeAll { $0.name == "alias" }
        }
        if let version = body.attribute("version") {
            diagnostics.append(.warning("Version constraints inside provider configuration blocks are deprecated", "Put version constraints in the required_providers block instead.", at: version.nameRange))
            body.attributes.removeAll { $0.name == "version" }
        }
        let configuration = ProviderConfiguration(name: block.labels[0], alias: alias, body: body, range: block.headerRange)
        if let existing = module.providers[configuration.key] {
            let detail = alias == nil
                ? "A default (non-aliased) provider configuration for \"\(configuration.name)\" was already given at \(existing.range.filename):\(existing.range.start.line). If multiple configurations are required, set the \"alias\" argument for alternative configurations."
                : "A provider configuration for \"\(configuration.name)\" with alias \"\(alias!)\" was already given at \(existing.range.filename):\(existing.range.start.line). Each configuration for the same provider must have a distinct alias."
            diagnostics.error("Duplicate provider configuration", detail, at: block.headerRange)
            return
        }
        module.providers[configuration.key] = configuration
    }

    mutating func decodeVariable(_ block: Block) {
        guard expectLabels(block, ["name"]) else { return }
        let name = block.labels[0]
        if ["source", "version", "providers", "count", "for_each", "lifecycle", "depends_on", "locals"].contains(name) {
            diagnostics.error("Invalid variable name", "The variable name \"\(name)\" is reserved due to its special meaning inside module blocks.", at: block.labelRanges[0])
            return
        }
        var variable = VariableDeclaration(name: name, type: .any, defaultValue: nil, description: nil, isSensitive: false, isNullable: true, validations: [], range: block.headerRange)
        var defaultAttribute: Attribute? = nil
        for attribute in block.body.attributes {
            switch attribute.name {
            case "type":
                switch TypeConstraint.parse(attribute.expression) {
                case .success(let type): variable.type = type
                case .failure(let diagnostic): diagnostics.append(diagnostic)
                }
            case "default": defaultAttribute = attribute
            case "description": variable.description = staticString(attribute, what: "variable description")
            case "sensitive": variable.isSensitive = staticBool(attribute, what: "sensitive flag") ?? false
            case "nullable": variable.isNullable = staticBool(attribute, what: "nullable flag") ?? true
            case "ephemeral":
                diagnostics.error("Unsupported argument", "prov does not support ephemeral variables yet.", at: attribute.nameRange)
            default:
                unsupported(attribute, in: "variable", expected: ["type", "default", "description", "sensitive", "nullable", "validation"])
            }
        }
        if let defaultAttribute, let value = staticValue(defaultAttribute, as: .dynamic, what: "variable default") {
            if value.isNull, !variable.isNullable {
                diagnostics.error("Invalid default value for variable", "A null default value is not valid when nullable=false.", at: defaultAttribute.expression.range)
            }
            do {
                variable.defaultValue = try variable.type.convert(value)
            } catch {
                diagnostics.error("Invalid default value for variable", "This default value is not compatible with the variable's type constraint: \(error.description).", at: defaultAttribute.expression.range)
            }
        }
        for nested in block.body.blocks {
            guard nested.type == "validation" else {
                unsupported(nested, expected: ["validation"])
                continue
            }
            if let rule = checkRule(nested) {
                variable.validations.append(.init(condition: rule.condition, errorMessage: rule.errorMessage, range: rule.range))
            }
        }
        if let existing = module.variables[name] {
            diagnostics.error("Duplicate variable declaration", "A variable named \"\(name)\" was already declared at \(existing.range.filename):\(existing.range.start.line). Variable names must be unique within a module.", at: block.headerRange)
            return
        }
        module.variables[name] = variable
    }

    mutating func decodeLocals(_ block: Block) {
        guard expectLabels(block, []) else { return }
        for nested in block.body.blocks {
            diagnostics.error("Unsupported block type", "A locals block holds only arguments (name = value), not blocks such as \"\(nested.type)\".", at: nested.typeRange)
        }
        for attribute in block.body.attributes {
            if let existing = module.locals[attribute.name] {
                diagnostics.error("Duplicate local value definition", "A local value named \"\(attribute.name)\" was already defined at \(existing.range.filename):\(existing.range.start.line). Local value names must be unique within a module.", at: attribute.nameRange)
                continue
            }
            module.locals[attribute.name] = LocalValue(name: attribute.name, expression: attribute.expression, range: attribute.nameRange)
        }
    }

    mutating func decodeOutput(_ block: Block) {
        guard expectLabels(block, ["name"]) else { return }
        let name = block.labels[0]
        var expression: Expression? = nil
        var output = OutputDeclaration(name: name, expression: .placeholder(block.headerRange), description: nil, isSensitive: false, dependsOn: [], preconditions: [], range: block.headerRange)
        for attribute in block.body.attributes {
            switch attribute.name {
            case "value": expression = attribute.expression
            case "description": output.description = staticString(attribute, what: "output description")
            case "sensitive": output.isSensitive = staticBool(attribute, what: "sensitive flag") ?? false
            case "depends_on": output.dependsOn = dependsOn(attribute)
            default: unsupported(attribute, in: "output", expected: ["value", "description", "sensitive", "depends_on"])
            }
        }
        for nested in block.body.blocks {
            if nested.type == "precondition", let rule = checkRule(nested) {
                output.preconditions.append(rule)
            } else if nested.type != "precondition" {
                unsupported(nested, expected: ["precondition"])
            }
        }
        guard let expression else {
            diagnostics.error("Missing required argument", "The argument \"value\" is required, but no definition was found.", at: block.headerRange)
            return
        }
        output.expression = expression
        if let existing = module.outputs[name] {
            diagnostics.error("Duplicate output definition", "An output named \"\(name)\" was already defined at \(existing.range.filename):\(existing.range.start.line). Output names must be unique within a module.", at: block.headerRange)
            return
        }
        module.outputs[name] = output
    }

    mutating func decodeModuleCall(_ block: Block) {
        guard expectLabels(block, ["name"]) else { return }
        let name = block.labels[0]
        var call = ModuleCall(name: name, source: "", sourceRange: block.headerRange, inputs: [], count: nil, forEach: nil, dependsOn: [], providers: [:], range: block.headerRange)
        var hasSource = false
        for attribute in block.body.attributes {
            switch attribute.name {
            case "source":
                if let source = staticString(attribute, what: "module source") {
                    call.source = source
                    call.sourceRange = attribute.expression.range
                    hasSource = true
                }
            case "version":
                diagnostics.error("Invalid version constraint", "A version constraint cannot be applied to a module at a local path.", at: attribute.nameRange)
            case "count": call.count = attribute.expression
            case "for_each": call.forEach = attribute.expression
            case "depends_on": call.dependsOn = dependsOn(attribute)
            case "providers": call.providers = providerMap(attribute)
            default: call.inputs.append(attribute)
            }
        }
        if call.count != nil, call.forEach != nil {
            diagnostics.error("Invalid combination of \"count\" and \"for_each\"", "The \"count\" and \"for_each\" meta-arguments are mutually-exclusive, only one should be used to be explicit about the number of resources to be created.", at: block.headerRange)
        }
        for nested in block.body.blocks {
            diagnostics.error("Unsupported block type", "Blocks of type \"\(nested.type)\" are not expected in a module call; module inputs are arguments.", at: nested.typeRange)
        }
        guard hasSource else {
            if block.body.attribute("source") == nil {
                diagnostics.error("Missing required argument", "The argument \"source\" is required, but no definition was found.", at: block.headerRange)
            }
            return
        }
        if let existing = module.moduleCalls[name] {
            diagnostics.error("Duplicate module call", "A module call named \"\(name)\" was already defined at \(existing.range.filename):\(existing.range.start.line). Module calls must have unique names within a module.", at: block.headerRange)
            return
        }
        module.moduleCalls[name] = call
    }

    /// `providers = { aws = aws.west }`
    private mutating func providerMap(_ attribute: Attribute) -> [String: String] {
        guard case .object(let items) = attribute.expression.node else {
            diagnostics.error("Invalid providers argument", "The providers argument maps the module's provider names to provider configurations, like { aws = aws.west }.", at: attribute.expression.range)
            return [:]
        }
        var map: [String: String] = [:]
        for item in items {
            guard let key = Self.providerKey(item.key), let value = Self.providerKey(item.value) else {
                diagnostics.error("Invalid provider reference", "Provider references are a provider name, optionally followed by a dot and an alias, like aws.west.", at: item.value.range)
                continue
            }
            map[key] = value
        }
        return map
    }

    static func providerKey(_ key: ObjectKey) -> String? {
        switch key {
        case .name(let name, _): return name
        case .expression(let e): return providerKey(e)
        }
    }

    /// `aws` or `aws.west` as written in `provider = …` and `providers = {…}`.
    static func providerKey(_ expression: Expression) -> String? {
        guard case .traversal(let t) = expression.node else { return nil }
        switch t.steps.count {
        case 0: return t.root
        case 1:
            guard case .attribute(let alias, _) = t.steps[0] else { return nil }
            return "\(t.root).\(alias)"
        default: return nil
        }
    }
}
