import Foundation

/// Where output goes and whether it may be coloured.
struct Terminal: Sendable {
    var color: Bool

    static func detect(noColor: Bool) -> Terminal {
        let environment = ProcessInfo.processInfo.environment
        let colorAllowed = !noColor && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb" && isatty(STDOUT_FILENO) == 1
        return Terminal(color: colorAllowed)
    }

    static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    func paint(_ text: String, _ style: Style) -> String {
        color ? style.code + text + "\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { paint(text, .bold) }

    enum Style {
        case bold, green, yellow, red, cyan, dim

        var code: String {
            switch self {
            case .bold: return "\u{1B}[1m"
            case .green: return "\u{1B}[32m"
            case .yellow: return "\u{1B}[33m"
            case .red: return "\u{1B}[31m"
            case .cyan: return "\u{1B}[36m"
            case .dim: return "\u{1B}[2m"
            }
        }
    }
}

/// Writes to standard output and standard error without buffering surprises between them.
/// A reader that went away (`prov plan | head`) only silences the output: SIGPIPE is ignored
/// (see `Prov.main`) and the command carries on, so state is saved and the lock released.
enum Console {
    static func out(_ text: String) { writeAll(text, to: STDOUT_FILENO) }

    static func err(_ text: String) { writeAll(text, to: STDERR_FILENO) }

    private static func writeAll(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            guard var next = bytes.baseAddress else { return }
            var left = bytes.count
            while left > 0 {
                let written = write(descriptor, next, left)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                next += written
                left -= written
            }
        }
    }
}
