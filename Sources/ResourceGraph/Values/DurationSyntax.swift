/// Durations as Terraform writes them (Go's syntax): `30s`, `5m`, `1h30m`, `500ms`, `0`.
public enum DurationSyntax {
    public static func parse(_ text: String) -> Duration? {
        if text == "0" { return .zero }
        var total = Duration.zero
        var number = ""
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while let character = rest.first {
            if character.isNumber || character == "." {
                number.append(character)
                rest = rest.dropFirst()
                continue
            }
            guard let value = Double(number) else { return nil }
            number = ""
            if rest.hasPrefix("ms") {
                total += .milliseconds(value)
                rest = rest.dropFirst(2)
                continue
            }
            switch character {
            case "h": total += .seconds(value * 3600)
            case "m": total += .seconds(value * 60)
            case "s": total += .seconds(value)
            default: return nil
            }
            rest = rest.dropFirst()
        }
        return number.isEmpty ? total : nil
    }
}
