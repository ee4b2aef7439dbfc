import Foundation
import Testing

@testable import Providers

/// Where S3 requests go: virtual-hosted style where the bucket can be a host label, path style
/// where it cannot, where an IP endpoint has no DNS for bucket names, or when the provider block
/// asks for it.
struct S3AddressingTests {
    static func endpoint(_ url: String) -> AWSEndpoint {
        AWSEndpoint(url: URL(string: url)!, signingRegion: "eu-west-1", signingName: "s3")
    }

    static let aws = endpoint("https://s3.eu-west-1.amazonaws.com")

    @Test func aPlainBucketIsAddressedByHost() {
        let addressing = S3Addressing(bucket: "my-bucket", key: "dir/a b.txt", endpoint: Self.aws, forcePathStyle: false)
        #expect(addressing.hostPrefix == "my-bucket.")
        #expect(addressing.path == "/dir/a%20b.txt")
    }

    @Test func pathStyleWhenTheBucketCannotBeAHostLabelOrTheEndpointIsAnAddress() {
        let dotted = S3Addressing(bucket: "my.bucket", key: nil, endpoint: Self.aws, forcePathStyle: false)
        #expect(dotted.hostPrefix == nil && dotted.path == "/my.bucket", "dots break the wildcard certificate over HTTPS")
        let plainHTTP = S3Addressing(bucket: "my.bucket", key: nil, endpoint: Self.endpoint("http://s3.example.test"), forcePathStyle: false)
        #expect(plainHTTP.hostPrefix == "my.bucket.")
        let legacy = S3Addressing(bucket: "Legacy_Bucket", key: "k", endpoint: Self.aws, forcePathStyle: false)
        #expect(legacy.hostPrefix == nil && legacy.path == "/Legacy_Bucket/k")
        let emulator = S3Addressing(bucket: "my-bucket", key: "k", endpoint: Self.endpoint("http://127.0.0.1:4566"), forcePathStyle: false)
        #expect(emulator.hostPrefix == nil && emulator.path == "/my-bucket/k")
        let forced = S3Addressing(bucket: "my-bucket", key: "k", endpoint: Self.aws, forcePathStyle: true)
        #expect(forced.hostPrefix == nil && forced.path == "/my-bucket/k")
    }
}
