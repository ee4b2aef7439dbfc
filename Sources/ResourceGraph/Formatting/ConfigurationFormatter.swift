/// Rewrites configuration in Terraform's canonical layout, producing what `terraform fmt` does:
/// hclwrite's token-level formatting (indentation, spacing, alignment of `=` and trailing
/// comments) plus Terraform's own normalisations (quoted labels, unwrapped interpolation-only
/// strings, modern variable types).
///
/// Only whitespace between tokens changes, apart from those normalisations: line breaks, blank
/// lines, comments, heredocs and string contents stay as written, so formatting never changes
/// what a configuration means, and formatting formatted text changes nothing.
public enum ConfigurationFormatter {
    /// The formatted text, or the syntax errors that stop the file being formatted. A file that
    /// does not parse is never rewritten: the result could move text the author would then have
    /// to put back by hand.
    public static func format(_ source: SourceFile) -> Result<String, Diagnostics> {
        if let invalid = invalidEncoding(in: source) { return .failure(Diagnostics([invalid])) }
        let (body, diagnostics) = Parser.parse(source)
        if diagnostics.hasErrors { return .failure(diagnostics) }
        let tokens = TerraformNormalizer.normalize(FormatToken.tokens(of: source), body: body)
        return .success(TokenLayout.render(tokens))
    }

    /// Formatting rewrites text through Swift strings, which would replace bytes that are not
    /// UTF-8 anywhere, comments and strings included; such a file is refused instead, as
    /// Terraform refuses it.
    private static func invalidEncoding(in source: SourceFile) -> Diagnostic? {
        var line = 1, column = 1, offset = 0
        var iterator = source.bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return nil
            case .error:
                let position = SourcePos(line: line, column: column, byte: offset)
                return .error(
                    "Invalid character encoding",
                    "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.",
                    at: source.range(position, SourcePos(line: line, column: column + 1, byte: offset + 1)))
            }
        }
    }
}
