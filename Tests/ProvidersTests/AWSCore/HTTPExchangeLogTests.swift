import Foundation
import Testing

@testable import Providers

/// What the debug log shows of a request and its answer: everything needed to see what
/// happened, and nothing that is a credential or a secret.
struct HTTPExchangeLogTests {
    static let call = AWSCall(service: .secretsManager, operation: "PutSecretValue", apiProtocol: .json, idempotent: true)

    @Test func credentialsInHeadersAreMasked() {
        var request = HTTPRequest(method: "POST", endpoint: URL(string: "https://secretsmanager.eu-west-1.amazonaws.com")!)
        request.headers.set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261122/eu-west-1/secretsmanager/aws4_request, Signature=abc")
        request.headers.set("X-Amz-Security-Token", "session-token-value")
        request.headers.set("X-Amz-Target", "secretsmanager.PutSecretValue")
        let text = HTTPExchangeLog.request(request, call: Self.call, attempt: 1)
        #expect(text.contains("Authorization: (redacted)"))
        #expect(text.contains("X-Amz-Security-Token: (redacted)"))
        #expect(text.contains("X-Amz-Target: secretsmanager.PutSecretValue"), "other headers stay readable")
        #expect(!text.contains("AKIAEXAMPLE") && !text.contains("session-token-value"))
    }

    @Test func secretFieldsAreMaskedInEveryEncoding() {
        let json = HTTPExchangeLog.body(Data(#"{"SecretId":"app/db","SecretString":"hunter22","Tags":[{"Key":"a","Value":"b"}]}"#.utf8), contentType: "application/x-amz-json-1.1")
        #expect(json.contains(#""SecretId":"app/db""#) && json.contains(#""SecretString":"(redacted)""#) && json.contains(#""Value":"b""#))
        #expect(!json.contains("hunter22"))

        let form = HTTPExchangeLog.body(Data("Action=CreateDBInstance&DBInstanceIdentifier=db1&MasterUserPassword=p%40ss+word&Tags.member.1.Value=x".utf8), contentType: "application/x-www-form-urlencoded; charset=utf-8")
        #expect(form.contains("DBInstanceIdentifier=db1") && form.contains("MasterUserPassword=(redacted)") && form.contains("Tags.member.1.Value=x"))
        #expect(!form.contains("p@ss") && !form.contains("p%40ss"))

        let xml = HTTPExchangeLog.body(Data("<CreateAccessKeyResult><AccessKey><AccessKeyId>AKIA1</AccessKeyId><SecretAccessKey>wJalr/secret</SecretAccessKey></AccessKey></CreateAccessKeyResult>".utf8), contentType: "text/xml")
        #expect(xml.contains("<AccessKeyId>AKIA1</AccessKeyId>") && xml.contains("<SecretAccessKey>(redacted)</SecretAccessKey>"))
        #expect(!xml.contains("wJalr"))
    }

    @Test func aBodyCutShortIsStillMasked() {
        let long = #"{"Name":"x","SecretString":"hunter22","Description":""# + String(repeating: "d", count: HTTPExchangeLog.bodyLimit) + #""}"#
        let text = HTTPExchangeLog.body(Data(long.utf8), contentType: "application/x-amz-json-1.1")
        #expect(!text.contains("hunter22"))
        #expect(text.contains("more bytes)"))
    }

    @Test(arguments: [
        ("Password", true), ("MasterUserPassword", true), ("SecretString", true), ("SecretBinary", true),
        ("SecretAccessKey", true), ("SessionToken", true), ("Plaintext", true), ("PrivateKey", true),
        ("SecretId", false), ("SecretArn", false), ("KmsKeyId", false), ("NextToken", false), ("ClientRequestToken", false),
        ("AccessKeyId", false), ("PasswordLength", false), ("VersionStages", false),
    ])
    func namesSayWhatIsSecret(_ name: String, _ secret: Bool) {
        #expect(HTTPExchangeLog.isSecretName(name) == secret)
    }
}
