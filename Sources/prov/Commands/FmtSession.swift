import Foundation
import ResourceGraph

/// One run of `prov fmt` over files and directories, or standard input: finds the configuration
/// files as `terraform fmt` does, formats each, and collects what to print (changed file names,
/// diffs, or the formatted text) and the problems found.
struct FmtSession {
    struct Settings {
        /// Print the name of each file whose formatting changed.
        var list: Bool
        /// Write the formatted text back to each changed file.
        var write: Bool
        /// Print a unified diff of each change.
        var diff: Bool
    }

    /// The file name endings `terraform fmt` formats; `.tf.json` and the like are left alone.
    static let extensions = [".tf", ".tfvars", ".tftest.hcl", ".tfmock.hcl"]

    let settings: Settings
    let recursive: Bool
    /// What to print, one piece per write: a changed file's name, a diff or a formatted text.
    private(set) var output: [String] = []
    private(set) var diagnostics = Diagnostics()
    /// Every file read, by the name diagnostics use, so they can show source lines.
    private(set) var sources: [String: SourceFile] = [:]

    init(settings: Settings, recursive: Bool) {
        self.settings = settings
        self.recursive = recursive
    }

    /// Formats each target, a file or a directory. A target that does not exist stops the run,
    /// as in Terraform.
    mutating func format(targets: [String]) {
        for target in targets {
            let path = Self.relativeToWorkingDirectory(target)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.error("No file or directory at \(path)")
                return
            }
            if isDirectory.boolValue {
                formatDirectory(path)
            } else if Self.isConfigurationFile(path) {
                formatFile(path)
            } else {
                diagnostics.error("Only .tf, .tfvars, and .tftest.hcl files can be processed with prov fmt")
            }
        }
    }

    /// Formats standard input, named `<stdin>` in messages.
    mutating func formatStandardInput() {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        format(SourceFile(filename: "<stdin>", bytes: Array(data)), writingTo: nil)
    }

    /// The configuration files of a directory in name order, and with -recursive its
    /// subdirectories' in turn. Hidden files and editor backups are skipped, as Terraform skips
    /// them when loading a module.
    private mutating func formatDirectory(_ path: String) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        } catch {
            diagnostics.error("Cannot read directory \(path)")
            return
        }
        for name in names where !Self.isIgnored(name) {
            let child = path == "." ? name : (path.hasSuffix("/") ? path + name : path + "/" + name)
            // Not following symbolic links to directories keeps a link loop from recursing forever.
            let type = (try? FileManager.default.attributesOfItem(atPath: child))?[.type] as? FileAttributeType
            if type == .typeDirectory {
                if recursive { formatDirectory(child) }
            } else if Self.isConfigurationFile(name) {
                formatFile(child)
            }
        }
    }

    private mutating func formatFile(_ path: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.error("Failed to read file \(path)")
            return
        }
        format(SourceFile(filename: path, bytes: Array(data)), writingTo: path)
    }

    private mutating func format(_ source: SourceFile, writingTo path: String?) {
        sources[source.filename] = source
        let formatted: String
        switch ConfigurationFormatter.format(source) {
        case .failure(let errors):
            diagnostics.append(contentsOf: errors)
            return
        case .success(let text):
            formatted = text
        }

        if !formatted.utf8.elementsEqual(source.bytes) {
            if settings.list { output.append(source.filename + "\n") }
            if settings.write, let path, !write(formatted, to: path) {
                diagnostics.error("Failed to write \(path)")
                return
            }
            if settings.diff {
                let original = String(decoding: source.bytes, as: UTF8.self)
                output.append(UnifiedDiff.make(from: original, to: formatted, oldLabel: "old/" + source.filename, newLabel: "new/" + source.filename))
            }
        }
        if !settings.list && !settings.write && !settings.diff { output.append(formatted) }
    }

    /// Rewrites the file in place, so it keeps its permissions and owner.
    private func write(_ text: String, to path: String) -> Bool {
        guard let handle = FileHandle(forWritingAtPath: path) else { return false }
        defer { try? handle.close() }
        do {
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(text.utf8))
            return true
        } catch {
            return false
        }
    }

    static func isConfigurationFile(_ path: String) -> Bool {
        extensions.contains { path.hasSuffix($0) }
    }

    /// Hidden files, and the backups vim (`name~`) and emacs (`#name#`) leave behind.
    static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || (name.hasPrefix("#") && name.hasSuffix("#"))
    }

    /// The path as Terraform shows it: relative to the working directory where it can be, with
    /// `.` and `..` resolved.
    static func relativeToWorkingDirectory(_ given: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        let workingDirectory = URL(fileURLWithPath: current).standardized.pathComponents
        let target = URL(fileURLWithPath: given.hasPrefix("/") ? given : current + "/" + given).standardized.pathComponents
        var shared = 0
        while shared < min(workingDirectory.count, target.count), workingDirectory[shared] == target[shared] { shared += 1 }
        let components = Array(repeating: "..", count: workingDirectory.count - shared) + target[shared...]
        return components.isEmpty ? "." : components.joined(separator: "/")
    }
}
