import Foundation

/// Reads a module directory's `.tf` files and the local modules it calls into a `Configuration`,
/// collecting every diagnostic on the way.
public enum ConfigurationLoader {
    /// Module calls may nest this deep; deeper usually means a module calls itself.
    public static let maximumModuleDepth = 32

    public static func load(directory: String) -> (Configuration, Diagnostics) {
        var sources: [String: SourceFile] = [:]
        var diagnostics = Diagnostics()
        let configuration = loadModule(directory: directory, displayPrefix: "", depth: 0, sources: &sources, diagnostics: &diagnostics)
        var result = configuration
        result.sources = sources
        return (result, diagnostics)
    }

    /// Parses source text as a module on its own (for tests and tools that do not read files).
    public static func load(files: [SourceFile], directory: String = ".") -> (Configuration, Diagnostics) {
        var diagnostics = Diagnostics()
        var decoder = ModuleDecoder(module: Module(directory: directory))
        for file in files {
            let (body, parseDiagnostics) = Parser.parse(file)
            diagnostics.append(contentsOf: parseDiagnostics)
            decoder.decode(body)
        }
        diagnostics.append(contentsOf: decoder.diagnostics)
        let sources = Dictionary(files.map { ($0.filename, $0) }, uniquingKeysWith: { a, _ in a })
        return (Configuration(module: decoder.module, sources: sources), diagnostics)
    }

    private static func loadModule(directory: String, displayPrefix: String, depth: Int, sources: inout [String: SourceFile], diagnostics: inout Diagnostics) -> Configuration {
        var decoder = ModuleDecoder(module: Module(directory: directory))
        for file in readSourceFiles(directory: directory, displayPrefix: displayPrefix, diagnostics: &diagnostics) {
            sources[file.filename] = file
            let (body, parseDiagnostics) = Parser.parse(file)
            diagnostics.append(contentsOf: parseDiagnostics)
            decoder.decode(body)
        }
        diagnostics.append(contentsOf: decoder.diagnostics)

        var children: [String: Configuration] = [:]
        for (name, call) in decoder.module.moduleCalls.sorted(by: { $0.key < $1.key }) {
            guard call.source.hasPrefix("./") || call.source.hasPrefix("../") else {
                diagnostics.error("Unsupported module source", "Only local module sources (starting with \"./\" or \"../\") are supported; \"\(call.source)\" would have to be downloaded.", at: call.sourceRange)
                continue
            }
            guard depth < maximumModuleDepth else {
                diagnostics.error("Module nesting too deep", "Modules may call other modules at most \(maximumModuleDepth) levels deep. Does a module call itself?", at: call.sourceRange)
                continue
            }
            let childDirectory = URL(fileURLWithPath: directory).appendingPathComponent(call.source).standardized.path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: childDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
                diagnostics.error("Unreadable module directory", "Unable to read the module directory \"\(call.source)\" (\(childDirectory)): it does not exist or is not a directory.", at: call.sourceRange)
                continue
            }
            // Module files are named by their cleaned path from the root module, as Terraform
            // names them: "net/main.tf" for source "./net", not "./net/main.tf".
            let childPath = GoPaths.join(displayPrefix, call.source)
            let childPrefix = childPath == "." ? "" : childPath + "/"
            children[name] = loadModule(directory: childDirectory, displayPrefix: childPrefix, depth: depth + 1, sources: &sources, diagnostics: &diagnostics)
        }
        return Configuration(module: decoder.module, children: children)
    }

    /// The directory's `*.tf` files in name order. File names are shown relative to the root
    /// module, as Terraform shows them.
    static func readSourceFiles(directory: String, displayPrefix: String, diagnostics: inout Diagnostics) -> [SourceFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            diagnostics.error("Unreadable configuration directory", "Unable to read the directory \(directory): \(error.localizedDescription)")
            return []
        }
        var files: [SourceFile] = []
        for name in names.sorted() where name.hasSuffix(".tf") && !name.hasPrefix(".") {
            let path = (directory as NSString).appendingPathComponent(name)
            let displayName = displayPrefix + name
            guard let data = FileManager.default.contents(atPath: path) else {
                diagnostics.error("Unreadable configuration file", "Unable to read \(displayName).")
                continue
            }
            let bytes = [UInt8](data)
            if let offset = invalidUTF8Offset(bytes) {
                // Point at the bad byte itself: its line, and its column counted in Unicode
                // scalars like every other column (the bytes before it are valid UTF-8).
                let lineStart = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                let line = bytes[..<lineStart].filter { $0 == 0x0A }.count + 1
                let column = bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
                let start = SourcePos(line: line, column: column, byte: offset)
                let end = SourcePos(line: line, column: column + 1, byte: offset + 1)
                diagnostics.error("Invalid UTF-8", "The file \(displayName) contains bytes that are not valid UTF-8 (at byte \(offset)). Configuration files must be UTF-8 encoded.", at: SourceRange(filename: displayName, start: start, end: end))
                continue
            }
            files.append(SourceFile(filename: displayName, bytes: bytes))
        }
        if names.contains(where: { $0.hasSuffix(".tf.json") }) {
            diagnostics.append(.warning("JSON configuration files are ignored", "prov reads the native syntax (.tf files) only; the .tf.json files in \(directory) were not read."))
        }
        return files
    }

    static func invalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }
}
