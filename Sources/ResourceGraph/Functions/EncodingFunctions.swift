extension FunctionLibrary {
    static let encodingFunctions: [String: Function] = [
        "jsonencode": Function(parameters: [.init("value", .dynamic, allowNull: true)], returns: .string) { args in
            do {
                return .string(try JSONEncoding.encode(args[0]))
            } catch {
                throw FunctionError("value contains unknown parts", argument: 0)
            }
        },
        "jsondecode": Function(parameters: [.init("str", .string)], returns: .dynamic) { args in
            do {
                return try JSONParser.parse(args[0].stringValue!)
            } catch {
                throw FunctionError("invalid JSON: \(error)", argument: 0)
            }
        },
        "yamlencode": Function(parameters: [.init("value", .dynamic, allowNull: true)], returns: .string) { args in
            do {
                return .string(try YAMLEncoder.encode(args[0]))
            } catch {
                throw FunctionError("cannot serialize unknown value as YAML", argument: 0)
            }
        },
        "yamldecode": Function(parameters: [.init("src", .string)], returns: .dynamic) { args in
            do {
                return try YAMLDecoder.decode(args[0].stringValue!)
            } catch let failure as YAMLFailure {
                throw FunctionError(failure.description, argument: 0)
            }
        },
        "base64encode": Function(parameters: [.init("str", .string)], returns: .string) { args in
            .string(Base64.encode(args[0].stringValue!.utf8))
        },
        // The message leaves the input out: it is often a secret, and marks are not visible here.
        "base64decode": Function(parameters: [.init("str", .string)], returns: .string) { args in
            guard let bytes = Base64.decode(args[0].stringValue!) else { throw FunctionError("failed to decode base64 data", argument: 0) }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw FunctionError("the result of decoding the provided string is not valid UTF-8", argument: 0)
            }
            return .string(text)
        },
        "textencodebase64": Function(parameters: [.init("string", .string), .init("encoding", .string)], returns: .string) { args in
            let encoding = try textEncoding(args[1])
            guard let bytes = encoding.encode(args[0].stringValue!) else {
                throw FunctionError("the given string contains characters that cannot be represented in \(encoding.name)", argument: 0)
            }
            return .string(Base64.encode(bytes))
        },
        "textdecodebase64": Function(parameters: [.init("source", .string), .init("encoding", .string)], returns: .string) { args in
            let encoding = try textEncoding(args[1])
            let bytes: [UInt8]
            do {
                bytes = try Base64.decodeReportingOffset(args[0].stringValue!)
            } catch let corrupt as Base64.CorruptInput {
                throw FunctionError("the given value is has an invalid base64 symbol at offset \(corrupt.offset)", argument: 0)
            }
            guard let text = encoding.decode(bytes), !text.unicodeScalars.contains("\u{FFFD}") else {
                throw FunctionError("the given string contains symbols that are not defined for \(encoding.name)", argument: 0)
            }
            return .string(text)
        },
        "urlencode": Function(parameters: [.init("str", .string)], returns: .string) { args in
            .string(queryEscaped(args[0].stringValue!))
        },
        "csvdecode": Function(parameters: [.init("str", .string)], returns: .list(.dynamic)) { args in
            let records: [[String]]
            do {
                records = try CSVDecoder.records(args[0].stringValue!)
            } catch let failure as CSVDecoder.Failure {
                throw FunctionError(failure.message, argument: 0)
            }
            guard let header = records.first else { throw FunctionError("missing header line", argument: 0) }
            var seen = Set<String>()
            for name in header where !seen.insert(name).inserted {
                throw FunctionError("duplicate column name \(Value.quoted(name))", argument: 0)
            }
            let rowType = ValueType.object(Dictionary(uniqueKeysWithValues: header.map { ($0, ValueType.string) }))
            let rows = records.dropFirst().map { fields in
                Value.object(Dictionary(uniqueKeysWithValues: zip(header, fields.map(Value.string))))
            }
            return .list(rows, of: rowType)
        },
    ]

    private static func textEncoding(_ value: Value) throws -> TextEncoding {
        guard let encoding = TextEncoding.named(value.stringValue!) else {
            throw FunctionError("\(Value.quoted(value.stringValue!)) is not a supported IANA encoding name or alias in this Terraform version", argument: 1)
        }
        return encoding
    }

    /// Go's `url.QueryEscape`: unreserved characters stay, space becomes "+", every other byte
    /// of the UTF-8 encoding becomes %XX.
    static func queryEscaped(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
