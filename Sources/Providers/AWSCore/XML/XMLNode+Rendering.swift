extension XMLNode {
    /// The element as XML text with every special character escaped, for rest-xml request
    /// bodies (Route 53 change batches, S3 configurations). Attributes are written in name order
    /// so the same tree always renders to the same bytes (and the same payload hash).
    public var xmlString: String {
        var out = ""
        render(into: &out)
        return out
    }

    /// `xmlString` after an XML declaration, as S3 and Route 53 documents are usually sent.
    public var xmlDocument: String {
        #"<?xml version="1.0" encoding="UTF-8"?>"# + xmlString
    }

    private func render(into out: inout String) {
        out += "<" + name
        for key in attributes.keys.sorted() {
            out += " " + key + "=\"" + Self.escape(attributes[key]!, quotes: true) + "\""
        }
        if children.isEmpty && text.isEmpty {
            out += "/>"
            return
        }
        out += ">"
        out += Self.escape(text, quotes: false)
        for child in children { child.render(into: &out) }
        out += "</" + name + ">"
    }

    /// Escapes markup characters, and carriage returns and tabs as character references so that
    /// a receiving parser's line-end and attribute normalisation leaves them intact.
    static func escape(_ text: String, quotes: Bool) -> String {
        guard text.unicodeScalars.contains(where: { needsEscaping($0, quotes: quotes) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "\r": out += "&#13;"
            case "\n" where quotes: out += "&#10;"
            case "\t" where quotes: out += "&#9;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscaping(_ scalar: Unicode.Scalar, quotes: Bool) -> Bool {
        switch scalar {
        case "&", "<", ">", "\r": true
        case "\"", "\n", "\t": quotes
        default: false
        }
    }
}
