/// Standard Base64 (RFC 4648 section 4) with Go's `base64.StdEncoding` rules, which Terraform
/// uses: padding is required, line breaks in the input are ignored, and a failure reports the
/// byte offset of the first symbol that does not fit.
enum Base64 {
    struct CorruptInput: Error {
        let offset: Int
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8: UInt32] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, UInt32($0)) })

    static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next(), third = iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(alphabet[Int(group >> 18 & 63)])
            output.append(alphabet[Int(group >> 12 & 63)])
            output.append(second == nil ? UInt8(ascii: "=") : alphabet[Int(group >> 6 & 63)])
            output.append(third == nil ? UInt8(ascii: "=") : alphabet[Int(group & 63)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? { try? decodeReportingOffset(text) }

    static func decodeReportingOffset(_ text: String) throws(CorruptInput) -> [UInt8] {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        var position = 0
        func isLineBreak(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") }
        while true {
            var quantum: [UInt32] = []
            var finished = false
            while quantum.count < 4 {
                guard position < input.count else {
                    if quantum.isEmpty { return output }
                    throw CorruptInput(offset: position - quantum.count)
                }
                let byte = input[position]
                position += 1
                if let value = values[byte] {
                    quantum.append(value)
                    continue
                }
                if isLineBreak(byte) { continue }
                guard byte == UInt8(ascii: "="), quantum.count >= 2 else { throw CorruptInput(offset: position - 1) }
                if quantum.count == 2 {
                    while position < input.count, isLineBreak(input[position]) { position += 1 }
                    guard position < input.count else { throw CorruptInput(offset: input.count) }
                    guard input[position] == UInt8(ascii: "=") else { throw CorruptInput(offset: position - 1) }
                    position += 1
                }
                while position < input.count, isLineBreak(input[position]) { position += 1 }
                if position < input.count { throw CorruptInput(offset: position) }
                finished = true
                break
            }
            let group = quantum.enumerated().reduce(UInt32(0)) { $0 | $1.element << UInt32(18 - 6 * $1.offset) }
            let bytes = [UInt8(group >> 16 & 0xFF), UInt8(group >> 8 & 0xFF), UInt8(group & 0xFF)]
            output += bytes.prefix(quantum.count - 1)
            if finished { return output }
        }
    }
}
