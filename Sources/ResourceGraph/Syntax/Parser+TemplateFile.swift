extension Parser {
    /// Parses a template file as `templatefile` reads one: the whole file is template text, like
    /// the body of a heredoc, with `${…}` interpolations and `%{…}` directives.
    public static func parseTemplate(_ source: SourceFile) -> (Expression, Diagnostics) {
        var parser = Parser(source: source, allTokens: Lexer.tokenizeTemplate(source))
        let expression = parser.parseTemplateFileText()
        return (expression, parser.diagnostics)
    }
}
