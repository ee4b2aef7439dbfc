extension ModuleDecoder {
    /// The arguments each configurable key provider takes, and which are required.
    static let keyProviderArguments: [String: (required: [String], optional: [String])] = [
        "aws_kms": (["kms_key_id"], ["region", "key_spec"]),
    ]

    mutating func decodeEncryption(_ block: Block) {
        guard expectLabels(block, []) else { return }
        if module.terraform.encryption != nil {
            diagnostics.error("Duplicate encryption block", "The terraform block may have only one encryption block.", at: block.typeRange)
            return
        }
        var settings = EncryptionSettings(keyProvider: nil, range: block.typeRange)
        for attribute in block.body.attributes {
            unsupported(attribute, in: "encryption", expected: [])
        }
        for nested in block.body.blocks {
            switch nested.type {
            case "key_provider":
                if let existing = settings.keyProvider {
                    diagnostics.error("Duplicate key provider", "prov protects a state with one key, so the encryption block takes one key_provider; another was given at \(existing.range.filename):\(existing.range.start.line).", at: nested.headerRange)
                    continue
                }
                settings.keyProvider = decodeKeyProvider(nested)
            case "method", "state", "plan", "remote_state_data_sources":
                diagnostics.error("Unsupported block type", "prov always encrypts the secrets in state and saved plans with AES-256-GCM, so only key_provider is configurable in the encryption block; remove the \"\(nested.type)\" block.", at: nested.typeRange)
            default:
                unsupported(nested, expected: ["key_provider"])
            }
        }
        module.terraform.encryption = settings
    }

    private mutating func decodeKeyProvider(_ block: Block) -> EncryptionSettings.KeyProvider? {
        guard (1...2).contains(block.labels.count) else {
            diagnostics.error("Invalid key_provider block", "A key_provider block has a type label and, optionally, a name label: key_provider \"aws_kms\" \"main\" { … }.", at: block.headerRange)
            return nil
        }
        let type = block.labels[0]
        guard let shape = Self.keyProviderArguments[type] else {
            let detail = type == "pbkdf2"
                ? "prov takes the passphrase from the PROV_STATE_PASSPHRASE environment variable, so that it is never written in a file; remove this block and set that variable instead."
                : "prov supports the key provider \"aws_kms\" here; a passphrase comes from PROV_STATE_PASSPHRASE, and without either a key file in your configuration directory is used."
            diagnostics.error("Unsupported key provider", detail, at: block.labelRanges[0])
            return nil
        }
        var arguments: [String: String] = [:]
        for attribute in block.body.attributes {
            guard shape.required.contains(attribute.name) || shape.optional.contains(attribute.name) else {
                unsupported(attribute, in: "key_provider", expected: shape.required + shape.optional)
                continue
            }
            if let value = staticString(attribute, what: "\(type) \(attribute.name)") { arguments[attribute.name] = value }
        }
        for nested in block.body.blocks { unsupported(nested, expected: []) }
        for name in shape.required where arguments[name] == nil && block.body.attribute(name) == nil {
            diagnostics.error("Missing required argument", "The argument \"\(name)\" is required in a \(type) key_provider block.", at: block.headerRange)
        }
        if type == "aws_kms", let spec = arguments["key_spec"], spec != "AES_256" {
            diagnostics.error("Invalid key_spec", "prov encrypts with 256-bit keys, so key_spec must be \"AES_256\".", at: block.body.attribute("key_spec")?.expression.range ?? block.headerRange)
        }
        return EncryptionSettings.KeyProvider(type: type, name: block.labels.count > 1 ? block.labels[1] : nil, arguments: arguments, range: block.headerRange)
    }
}
