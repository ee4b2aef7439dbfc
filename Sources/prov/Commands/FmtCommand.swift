import ArgumentParser
import Foundation
import ResourceGraph

/// `prov fmt`: rewrites configuration files in the canonical layout, as `terraform fmt` does, with
/// the same options, output and exit statuses.
struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite configuration files to the canonical format and style.",
        discussion: """
            Formats the .tf, .tfvars, .tftest.hcl and .tfmock.hcl files in the current directory, \
            or in the given directories, or the given files. With - as the target, reads standard \
            input and prints the formatted result. Files with syntax errors are left unchanged and \
            the errors reported.

            Exit status: 0 on success, 2 when a file could not be read or parsed, 3 when -check \
            found files that need formatting.
            """)

    @Option(name: .customLong("list", withSingleDash: true), help: "List the files whose formatting changed (always off for standard input).")
    var list: Bool = true

    @Option(name: .customLong("write", withSingleDash: true), help: "Write the result to the files (always off for standard input and with -check).")
    var write: Bool = true

    @Flag(name: .customLong("diff", withSingleDash: true), help: "Print a unified diff of the changes.")
    var diff = false

    @Flag(name: .customLong("check", withSingleDash: true), help: "Only check the formatting: exit with status 3, writing nothing, when any file would change.")
    var check = false

    @Flag(name: .customLong("recursive", withSingleDash: true), help: "Also format the files in subdirectories.")
    var recursive = false

    @Flag(name: .customLong("no-color", withSingleDash: true), help: "Do not colour the output.")
    var noColor = false

    @Argument(help: "Files or directories to format (default: the current directory), or - for standard input.")
    var targets: [String] = []

    func run() throws {
        let readsStandardInput = targets.first == "-"
        var settings = FmtSession.Settings(list: list, write: write, diff: diff)
        if readsStandardInput {
            settings.list = false
            settings.write = false
        }
        // -check finds the files to format by listing them, into output that is shown only if
        // the user asked for the list.
        let showsList = settings.list
        if check {
            settings.list = true
            settings.write = false
        }

        var session = FmtSession(settings: settings, recursive: recursive)
        if readsStandardInput {
            session.formatStandardInput()
        } else {
            session.format(targets: targets.isEmpty ? ["."] : targets)
        }

        if !check {
            for piece in session.output { Console.out(Self.asLine(piece)) }
        }
        Runtime.printDiagnostics(session.diagnostics, sources: session.sources, terminal: Terminal.detect(noColor: noColor))
        if session.diagnostics.hasErrors { throw ExitCode(2) }
        // With -check the list is shown only when every file could be read and parsed.
        let collected = session.output.joined()
        if check && showsList && !collected.isEmpty { Console.out(Self.asLine(collected)) }
        if check && !collected.isEmpty { throw ExitCode(3) }
    }

    /// Terraform prints each piece of output as a line of its own, adding the final newline a
    /// formatted text may lack; files are written exactly as formatted.
    static func asLine(_ piece: String) -> String {
        piece.utf8.last == UInt8(ascii: "\n") ? piece : piece + "\n"
    }
}
