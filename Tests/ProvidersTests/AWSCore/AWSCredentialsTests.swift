import Foundation
import Testing

@testable import Providers

@Suite struct AWSCredentialsTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let token = "FwoGZXIvYXdzEXAMPLETOKEN//////////wEaDEXAMPLE"

    static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken: token,
        expiration: Date(timeIntervalSince1970: 1_440_938_160))

    /// Every way a value commonly becomes text, including the mirror-based ones that do not go
    /// through `description`.
    static func renderings(of value: some Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [
            String(describing: value), String(reflecting: value), "\(value)", dumped,
            String(describing: Mirror(reflecting: value).children.map(\.value)),
        ]
    }

    @Test func textNeverShowsTheSecretOrToken() {
        for text in Self.renderings(of: Self.credentials) {
            #expect(text.contains("AKIDEXAMPLE"), "\(text)")
            #expect(!text.contains(Self.secret), "\(text)")
            #expect(!text.contains(Self.token), "\(text)")
        }
    }

    @Test func valuesHoldingCredentialsDoNotShowThemEither() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "eu-west-1", service: "ec2")
        let holders: [Any] = [signer, [Self.credentials], Optional(Self.credentials) as Any]
        for holder in holders {
            for text in Self.renderings(of: holder) {
                #expect(!text.contains(Self.secret), "\(text)")
                #expect(!text.contains(Self.token), "\(text)")
            }
        }
    }

    @Test func descriptionSaysWhatIsHidden() {
        #expect(
            Self.credentials.description
                == "AWSCredentials(accessKeyId: AKIDEXAMPLE, secretAccessKey: <redacted>, "
                + "sessionToken: <redacted>, expiration: 2015-08-30T12:36:00Z)")
        let longLived = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: Self.secret)
        #expect(longLived.description == "AWSCredentials(accessKeyId: AKIDEXAMPLE, secretAccessKey: <redacted>)")
    }

    @Test func equalityComparesEveryField() {
        var other = Self.credentials
        #expect(other == Self.credentials)
        other.sessionToken = nil
        #expect(other != Self.credentials)
    }
}
