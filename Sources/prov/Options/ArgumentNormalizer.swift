import Foundation

/// Makes the command line read the way Terraform users type it: options with one dash or two
/// (`-auto-approve`, `--auto-approve`), boolean flags with or without `=true`/`=false`, and the
/// global `-chdir=DIR` before the subcommand.
enum ArgumentNormalizer {
    /// Flags that take no value; `-flag=false` removes them, `-flag=true` keeps them.
    static let bareFlags: Set<String> = [
        "auto-approve", "destroy", "refresh-only", "detailed-exitcode", "json", "raw", "no-color",
        "check", "diff", "recursive", "upgrade", "reconfigure", "migrate-state", "compact-warnings",
        "force-copy", "force", "dry-run", "allow-missing", "or-create",
    ]
    /// Boolean options that take a value; given bare, they mean `=true`. Options that default to
    /// true (fmt's `-list` and `-write`) belong here, so that `=false` reaches the command.
    static let booleanOptions: Set<String> = ["refresh", "lock", "input", "backend", "get", "list", "write"]

    struct Result {
        var arguments: [String]
        var chdir: String?
    }

    static func normalize(_ arguments: [String]) -> Result {
        var output: [String] = []
        var chdir: String? = nil
        var index = 0
        var sawSubcommand = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                output += arguments[index...]
                break
            }
            guard argument.hasPrefix("-"), argument.count > 2 || argument == "-h" else {
                if !argument.hasPrefix("-") { sawSubcommand = true }
                output.append(argument)
                continue
            }
            var body = argument.drop { $0 == "-" }
            let name = String(body.prefix { $0 != "=" })
            let value: String? = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
            body = Substring(name)
            switch name {
            case "help", "h":
                output.append("--help")
            case "version" where !sawSubcommand:
                output.append("--version")
            case "chdir" where !sawSubcommand:
                if let value {
                    chdir = value
                } else if index < arguments.count {
                    chdir = arguments[index]
                    index += 1
                }
            default:
                if bareFlags.contains(name) {
                    if value == nil || value == "true" { output.append("-" + name) }
                } else if booleanOptions.contains(name) {
                    output.append("-\(name)=\(value ?? "true")")
                } else {
                    output.append("-" + name + (value.map { "=" + $0 } ?? ""))
                }
            }
        }
        return Result(arguments: output, chdir: chdir)
    }
}
