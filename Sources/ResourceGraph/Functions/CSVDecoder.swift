/// RFC 4180 CSV as Go's `encoding/csv` reads it for Terraform's `csvdecode`: "\r\n" line ends
/// become "\n", empty lines are skipped, quoted fields may span lines and double their quotes,
/// a quote inside an unquoted field is an error, and every record must have as many fields as
/// the first.
enum CSVDecoder {
    struct Failure: Error {
        let message: String
    }

    /// The records, header first; an empty array for input with no records.
    static func records(_ text: String) throws(Failure) -> [[String]] {
        var lines = Self.lines(text)
        var records: [[String]] = []
        var expectedFields: Int?
        while let (recordLine, _) = lines.first {
            let record = try parseRecord(&lines, startingAt: recordLine)
            if let expectedFields, record.count != expectedFields {
                throw Failure(message: "CSV parse error on line \(recordLine): wrong number of fields")
            }
            expectedFields = expectedFields ?? record.count
            records.append(record)
        }
        return records
    }

    /// Non-empty lines with their 1-based numbers, each ending in "\n" unless it is the last.
    private static func lines(_ text: String) -> ArraySlice<(Int, [UInt8])> {
        var result: [(Int, [UInt8])] = []
        var current: [UInt8] = []
        var number = 1
        func finish(_ line: [UInt8]) {
            var line = line
            if line.count >= 2, line[line.count - 2] == UInt8(ascii: "\r"), line.last == UInt8(ascii: "\n") {
                line.removeLast(2)
                line.append(UInt8(ascii: "\n"))
            }
            if line != [UInt8(ascii: "\n")] { result.append((number, line)) }
            number += 1
        }
        for byte in text.utf8 {
            current.append(byte)
            if byte == UInt8(ascii: "\n") {
                finish(current)
                current = []
            }
        }
        if current.last == UInt8(ascii: "\r") { current.removeLast() }
        if !current.isEmpty { finish(current) }
        return result[...]
    }

    private static func parseRecord(_ lines: inout ArraySlice<(Int, [UInt8])>, startingAt recordLine: Int) throws(Failure) -> [String] {
        var (lineNumber, line) = lines.removeFirst()
        var fields: [String] = []
        var position = 0
        func body(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> { bytes.last == UInt8(ascii: "\n") ? bytes.dropLast() : bytes }
        func fail(_ reason: String) -> Failure { Failure(message: "CSV parse error on line \(lineNumber): \(reason)") }
        while true {
            if position >= line.count || line[position] != UInt8(ascii: "\"") {
                let rest = line[position...]
                let end = rest.firstIndex(of: UInt8(ascii: ",")) ?? (position + body(rest).count)
                let field = line[position..<end]
                if field.contains(UInt8(ascii: "\"")) { throw fail("bare \" in non-quoted-field") }
                fields.append(String(decoding: field, as: UTF8.self))
                guard end < line.count, line[end] == UInt8(ascii: ",") else { return fields }
                position = end + 1
                continue
            }
            // A quoted field, possibly continuing on the following lines.
            var field: [UInt8] = []
            position += 1
            while true {
                if let quote = line[position...].firstIndex(of: UInt8(ascii: "\"")) {
                    field += line[position..<quote]
                    position = quote + 1
                    let next = position < line.count ? line[position] : nil
                    if next == UInt8(ascii: "\"") {
                        field.append(UInt8(ascii: "\""))
                        position += 1
                    } else if next == UInt8(ascii: ",") {
                        fields.append(String(decoding: field, as: UTF8.self))
                        position += 1
                        break
                    } else if next == nil || (next == UInt8(ascii: "\n") && position + 1 == line.count) {
                        fields.append(String(decoding: field, as: UTF8.self))
                        return fields
                    } else {
                        throw fail("extraneous or missing \" in quoted-field")
                    }
                } else if position < line.count {
                    field += line[position...]
                    guard !lines.isEmpty else { throw fail("extraneous or missing \" in quoted-field") }
                    (lineNumber, line) = lines.removeFirst()
                    position = 0
                } else {
                    throw fail("extraneous or missing \" in quoted-field")
                }
            }
        }
    }
}
