import Foundation
import Testing

@testable import Providers

@Suite struct SigningKeyCacheTests {
    static func entry(date: String = "20150830", region: String = "us-east-1") -> SigningKeyCache.Entry {
        SigningKeyCache.Entry(secretDigest: Crypto.sha256("secret"), date: date, region: region, service: "ec2")
    }

    @Test func derivesOncePerEntry() {
        let cache = SigningKeyCache(capacity: 8)
        var derivations = 0
        let first = cache.signingKey(for: Self.entry()) { derivations += 1; return [1] }
        let again = cache.signingKey(for: Self.entry()) { derivations += 1; return [2] }
        let otherRegion = cache.signingKey(for: Self.entry(region: "eu-west-1")) { derivations += 1; return [3] }
        #expect(first == [1])
        #expect(again == [1])
        #expect(otherRegion == [3])
        #expect(derivations == 2)
    }

    @Test func startsAfreshWhenFull() {
        let cache = SigningKeyCache(capacity: 2)
        _ = cache.signingKey(for: Self.entry(date: "20150828")) { [1] }
        _ = cache.signingKey(for: Self.entry(date: "20150829")) { [2] }
        #expect(cache.count == 2)
        _ = cache.signingKey(for: Self.entry(date: "20150830")) { [3] }
        #expect(cache.count == 1)
        #expect(cache.signingKey(for: Self.entry(date: "20150830")) { [4] } == [3])
    }

    @Test func concurrentCallersAllGetTheSameKey() async {
        let cache = SigningKeyCache(capacity: 8)
        let keys = await withTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<200 {
                group.addTask {
                    cache.signingKey(for: Self.entry()) {
                        Crypto.hmacSHA256(key: Array("AWS4secret".utf8), data: "20150830")
                    }
                }
            }
            return await group.reduce(into: Set<[UInt8]>()) { $0.insert($1) }
        }
        #expect(keys == [Crypto.hmacSHA256(key: Array("AWS4secret".utf8), data: "20150830")])
        #expect(cache.count == 1)
    }
}
