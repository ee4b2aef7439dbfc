import Foundation
import Testing
@testable import Provisioner

/// The primitives against published known answers (GCM spec test cases, RFC 4231, RFC 7914
/// §11), and AES-GCM's refusal of anything altered.
@Suite struct CryptoTests {
    struct GCMCase: Sendable, CustomTestStringConvertible {
        var name: String
        var key: String
        var nonce: String
        var plaintext: String
        var associatedData: String
        var sealed: String
        var testDescription: String { name }
    }

    static let gcmCases: [GCMCase] = [
        .init(name: "test case 13: empty plaintext", key: String(repeating: "00", count: 32), nonce: String(repeating: "00", count: 12),
              plaintext: "", associatedData: "", sealed: String(repeating: "00", count: 12) + "530f8afbc74536b9a963b4f1c4cb738b"),
        .init(name: "test case 14: one zero block", key: String(repeating: "00", count: 32), nonce: String(repeating: "00", count: 12),
              plaintext: String(repeating: "00", count: 16), associatedData: "",
              sealed: String(repeating: "00", count: 12) + "cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919"),
        .init(name: "test case 16: with associated data",
              key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", nonce: "cafebabefacedbaddecaf888",
              plaintext: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
              associatedData: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
              sealed: "cafebabefacedbaddecaf888"
                + "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f66276fc6ece0f4e1768cddf8853bb2d551b"),
    ]

    @Test(arguments: gcmCases)
    func aesGCMMatchesTheKnownAnswers(_ test: GCMCase) throws {
        let sealed = AESGCM.seal(bytes(test.plaintext), key: bytes(test.key), associatedData: bytes(test.associatedData), nonce: bytes(test.nonce))
        #expect(hex(sealed) == test.sealed)
        #expect(try AESGCM.open(sealed, key: bytes(test.key), associatedData: bytes(test.associatedData)) == bytes(test.plaintext))
    }

    @Test func aesGCMRoundTripsWithFreshNonces() throws {
        let key = SecureRandom.bytes(32)
        let message = Array("correct horse battery staple".utf8)
        let first = AESGCM.seal(message, key: key, associatedData: Array("ad".utf8))
        let second = AESGCM.seal(message, key: key, associatedData: Array("ad".utf8))
        #expect(first != second, "each seal draws a new nonce")
        #expect(try AESGCM.open(first, key: key, associatedData: Array("ad".utf8)) == message)
        #expect(try AESGCM.open(second, key: key, associatedData: Array("ad".utf8)) == message)
    }

    @Test func aesGCMDetectsEveryAlteration() {
        let key = SecureRandom.bytes(32)
        let associatedData = Array("state lineage".utf8)
        let sealed = AESGCM.seal(Array("s3cret-value".utf8), key: key, associatedData: associatedData)
        // A flipped bit anywhere: nonce, ciphertext, tag.
        for index in [0, 11, 12, sealed.count - 17, sealed.count - 1] {
            var altered = sealed
            altered[index] ^= 0x01
            #expect(throws: AESGCM.AuthenticationFailure.self, "byte \(index)") { try AESGCM.open(altered, key: key, associatedData: associatedData) }
        }
        #expect(throws: AESGCM.AuthenticationFailure.self, "truncated") { try AESGCM.open(Array(sealed.dropLast()), key: key, associatedData: associatedData) }
        #expect(throws: AESGCM.AuthenticationFailure.self, "too short to hold a tag") { try AESGCM.open(Array(sealed.prefix(20)), key: key, associatedData: associatedData) }
        #expect(throws: AESGCM.AuthenticationFailure.self, "another key") { try AESGCM.open(sealed, key: SecureRandom.bytes(32), associatedData: associatedData) }
        #expect(throws: AESGCM.AuthenticationFailure.self, "other associated data") { try AESGCM.open(sealed, key: key, associatedData: Array("other state".utf8)) }
    }

    @Test func hmacSHA256MatchesRFC4231() {
        #expect(hex(HMACSHA256.authenticationCode(for: Array("Hi There".utf8), key: [UInt8](repeating: 0x0b, count: 20)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(hex(HMACSHA256.authenticationCode(for: Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(HMACSHA256.equal([1, 2, 3], [1, 2, 3]))
        #expect(!HMACSHA256.equal([1, 2, 3], [1, 2, 4]))
        #expect(!HMACSHA256.equal([1, 2, 3], [1, 2]))
    }

    @Test func pbkdf2MatchesRFC7914() {
        #expect(hex(PBKDF2.deriveKey(passphrase: "passwd", salt: Array("salt".utf8), iterations: 1, length: 64))
                == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
        #expect(hex(PBKDF2.deriveKey(passphrase: "Password", salt: Array("NaCl".utf8), iterations: 80_000, length: 64))
                == "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d")
    }

    @Test func dataKeysDeriveOneKeyPerPurposeAndNeverPrintThemselves() {
        let key = DataKey.random()
        #expect(key.encryptionKey != key.digestKey)
        #expect(key.encryptionKey.count == 32 && key.digestKey.count == 32)
        #expect(key.checkValue != DataKey.random().checkValue)
        #expect("\(key)" == "DataKey(redacted)")
        #expect(DataKey(bytes: [1, 2, 3]) == nil)
    }

    private func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
