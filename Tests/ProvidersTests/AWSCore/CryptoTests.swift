import Dispatch
import Foundation
import Testing

@testable import Providers

@Suite struct CryptoTests {
    struct DigestVector: Sendable, CustomTestStringConvertible {
        var name: String
        var input: [UInt8]
        var expectedHex: String
        var testDescription: String { name }
    }

    static let sha256Vectors: [DigestVector] = [
        DigestVector(
            name: "empty", input: [],
            expectedHex: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        DigestVector(
            name: "FIPS 180-2 abc", input: Array("abc".utf8),
            expectedHex: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        DigestVector(
            name: "FIPS 180-2 two blocks",
            input: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
            expectedHex: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        DigestVector(
            name: "FIPS 180-2 a million a", input: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
            expectedHex: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    @Test(arguments: sha256Vectors)
    func sha256OfBytesDataAndString(vector: DigestVector) {
        #expect(Crypto.hex(Crypto.sha256(vector.input)) == vector.expectedHex)
        #expect(Crypto.hex(Crypto.sha256(Data(vector.input))) == vector.expectedHex)
        #expect(Crypto.hex(Crypto.sha256(String(decoding: vector.input, as: UTF8.self))) == vector.expectedHex)
    }

    /// Data spliced from several buffers takes the incremental path instead of the one-shot call.
    @Test func sha256AndHMACOfDataInSeveralRegions() {
        let input = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        var spliced = DispatchData.empty
        for chunk in [input[..<5], input[5..<6], input[6...]] {
            chunk.withUnsafeBytes { spliced.append($0) }
        }
        #expect(spliced.regions.count == 3)
        #expect(Crypto.sha256(spliced) == Crypto.sha256(input))
        #expect(Crypto.hmacSHA256(key: [1, 2, 3], data: spliced) == Crypto.hmacSHA256(key: [1, 2, 3], data: input))
    }

    @Test func md5() {
        #expect(Crypto.hex(Crypto.md5([UInt8]())) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(Crypto.hex(Crypto.md5(Data("hello world".utf8))) == "5eb63bbbe01eeed093cb22bb8f5acdc3")
        #expect(Crypto.base64(Crypto.md5(Data("hello world".utf8))) == "XrY7u+Ae7tCTyyK7j1rNww==")
    }

    struct HMACVector: Sendable, CustomTestStringConvertible {
        var name: String
        var key: [UInt8]
        var data: [UInt8]
        var expectedHex: String
        var testDescription: String { name }
    }

    /// RFC 4231 test cases for HMAC-SHA256 (case 5, a truncated output, does not apply), plus
    /// the empty key and message, which take the null-pointer guard.
    static let hmacVectors: [HMACVector] = [
        HMACVector(
            name: "RFC 4231 case 1", key: [UInt8](repeating: 0x0B, count: 20), data: Array("Hi There".utf8),
            expectedHex: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        HMACVector(
            name: "RFC 4231 case 2", key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
            expectedHex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        HMACVector(
            name: "RFC 4231 case 3", key: [UInt8](repeating: 0xAA, count: 20),
            data: [UInt8](repeating: 0xDD, count: 50),
            expectedHex: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        HMACVector(
            name: "RFC 4231 case 4", key: Array(1...25), data: [UInt8](repeating: 0xCD, count: 50),
            expectedHex: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        HMACVector(
            name: "RFC 4231 case 6", key: [UInt8](repeating: 0xAA, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            expectedHex: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        HMACVector(
            name: "RFC 4231 case 7", key: [UInt8](repeating: 0xAA, count: 131),
            data: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
            expectedHex: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        HMACVector(
            name: "empty key and message", key: [], data: [],
            expectedHex: "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"),
    ]

    @Test(arguments: hmacVectors)
    func hmacSHA256(vector: HMACVector) {
        #expect(Crypto.hex(Crypto.hmacSHA256(key: vector.key, data: vector.data)) == vector.expectedHex)
        #expect(Crypto.hex(Crypto.hmacSHA256(key: vector.key, data: Data(vector.data))) == vector.expectedHex)
        if let text = String(bytes: vector.data, encoding: .utf8) {
            #expect(Crypto.hex(Crypto.hmacSHA256(key: vector.key, data: text)) == vector.expectedHex)
        }
    }

    @Test func randomBytes() {
        #expect(Crypto.randomBytes(count: 0).isEmpty)
        let first = Crypto.randomBytes(count: 32)
        let second = Crypto.randomBytes(count: 32)
        #expect(first.count == 32)
        // Equal 256-bit draws would mean the generator is not random at all.
        #expect(first != second)
    }

    @Test func hexIsLowerCaseAndPadded() {
        #expect(Crypto.hex([0x00, 0x0F, 0xA5, 0xFF]) == "000fa5ff")
        #expect(Crypto.hex([UInt8]()) == "")
    }

    @Test func base64() {
        #expect(Crypto.base64(Array("Man".utf8)) == "TWFu")
        #expect(Crypto.base64(Data("Ma".utf8)) == "TWE=")
        #expect(Crypto.base64([UInt8]()) == "")
    }
}
