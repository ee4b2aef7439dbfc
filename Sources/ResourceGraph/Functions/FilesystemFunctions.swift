import Foundation

extension FunctionLibrary {
    /// File functions read relative paths from `baseDirectory`, the module's directory.
    static func filesystemFunctions(baseDirectory: String) -> [String: Function] {
        [
            "abspath": Function(parameters: [.init("path", .string)], returns: .string) { args in
                // Relative to the working directory, as Go's filepath.Abs is, not the module.
                let path = args[0].stringValue!
                return .string(GoPaths.isAbsolute(path) ? GoPaths.clean(path) : GoPaths.join(FileManager.default.currentDirectoryPath, path))
            },
            "dirname": Function(parameters: [.init("path", .string)], returns: .string) { args in
                .string(GoPaths.directory(args[0].stringValue!))
            },
            "basename": Function(parameters: [.init("path", .string)], returns: .string) { args in
                .string(GoPaths.base(args[0].stringValue!))
            },
            "file": Function(parameters: [.init("path", .string)], returns: .string) { args in
                .string(try readText(args[0], baseDirectory: baseDirectory))
            },
            "filebase64": Function(parameters: [.init("path", .string)], returns: .string) { args in
                .string(Base64.encode(try readFile(args[0], baseDirectory: baseDirectory)))
            },
            "fileexists": Function(parameters: [.init("path", .string)], returns: .bool) { args in
                let path = try GoPaths.resolve(args[0].stringValue!, in: baseDirectory)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .false }
                if isDirectory.boolValue { throw FunctionError("\(Value.quoted(path)) is a directory, not a file", argument: 0) }
                return .true
            },
            "fileset": Function(parameters: [.init("path", .string), .init("pattern", .string)], returns: .set(.string)) { args in
                let directory = try GoPaths.resolve(args[0].stringValue!, in: baseDirectory)
                let pattern = GoPaths.clean(args[1].stringValue!)
                let glob = Glob(pattern)
                var matches: [Value] = []
                for file in Glob.regularFiles(under: directory) {
                    do {
                        if try glob.matches(file) { matches.append(.string(file)) }
                    } catch {
                        throw FunctionError("failed to glob pattern (\(GoPaths.join(directory, pattern))): syntax error in pattern", argument: 1)
                    }
                }
                return .set(matches, of: .string)
            },
        ]
    }

    /// A file's bytes, with Terraform's messages for files that are missing or unreadable.
    static func readFile(_ value: Value, baseDirectory: String) throws -> [UInt8] {
        let path = try GoPaths.resolve(value.stringValue!, in: baseDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FunctionError(
                "no file exists at \(Value.quoted(path)); this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource.",
                argument: 0)
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw FunctionError("failed to read file \(Value.quoted(path))\(isDirectory.boolValue ? ": it is a directory" : "")", argument: 0)
        }
        return Array(data)
    }

    static func readText(_ value: Value, baseDirectory: String) throws -> String {
        let bytes = try readFile(value, baseDirectory: baseDirectory)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let path = try GoPaths.resolve(value.stringValue!, in: baseDirectory)
            throw FunctionError(
                "contents of \(Value.quoted(path)) are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead",
                argument: 0)
        }
        return text
    }

    // MARK: templatefile

    /// `templatefile` evaluates a template with the given variables and `functions`, which must
    /// not include `templatefile` itself: a template calling it gets an error, as in Terraform.
    static func templateFileFunction(baseDirectory: String, functions: [String: Function]) -> Function {
        var available = functions
        available["templatefile"] = Function(parameters: [.init("path", .string), .init("vars", .dynamic)], returns: .dynamic) { _ in
            throw FunctionError("cannot recursively call templatefile from inside templatefile call")
        }
        return Function(parameters: [.init("path", .string), .init("vars", .dynamic, allowUnknown: true)], returns: .dynamic) { [available] args in
            let text = try readText(args[0], baseDirectory: baseDirectory)
            let path = try GoPaths.resolve(args[0].stringValue!, in: baseDirectory)
            let (template, parseDiagnostics) = Parser.parseTemplate(SourceFile(filename: path, text: text))
            if let problem = parseDiagnostics.errors.first { throw FunctionError(describe(problem), argument: 0) }
            guard args[1].isKnown else { return .unknown() }
            guard let variables = args[1].attributes else { throw FunctionError("invalid vars value: must be a map", argument: 1) }
            for name in variables.keys.sorted() where !isIdentifier(name) {
                throw FunctionError(
                    "invalid template variable name \(Value.quoted(name)): must start with a letter, followed by zero or more letters, digits, and underscores",
                    argument: 1)
            }
            for reference in TemplateVariables.references(in: template) where variables[reference.root] == nil {
                throw FunctionError("vars map does not contain key \(Value.quoted(reference.root)), referenced at \(position(of: reference.rootRange))", argument: 1)
            }
            let (value, diagnostics) = Evaluator.evaluate(template, in: EvaluationContext(variables: variables, functions: available))
            if let problem = diagnostics.errors.first { throw FunctionError(describe(problem)) }
            return value
        }
    }

    private static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// "file:line,column-column", as HCL writes a range on one line.
    private static func position(of range: SourceRange) -> String {
        let end = range.end.line == range.start.line ? "\(range.end.column)" : "\(range.end.line),\(range.end.column)"
        return "\(range.filename):\(range.start.line),\(range.start.column)-\(end)"
    }

    private static func describe(_ diagnostic: Diagnostic) -> String {
        let place = diagnostic.subject.map { position(of: $0) + ": " } ?? ""
        return "\(place)\(diagnostic.summary); \(diagnostic.detail)"
    }
}
