import Foundation

/// The SES SMTP password for an IAM secret access key, by the conversion AWS documents
/// ("Obtaining Amazon SES SMTP credentials by converting existing AWS credentials"): a SigV4
/// signing key for the fixed date 11111111, the region, service `ses` and `aws4_request`, used
/// to sign the message `SendRawEmail`, then version byte 4 before it, in base64. The password
/// only works in the region it was derived for.
enum SESSMTPPassword {
    static func derive(secretAccessKey: String, region: String) -> String {
        var signature = Array("AWS4\(secretAccessKey)".utf8)
        for part in ["11111111", region, "ses", "aws4_request", "SendRawEmail"] {
            signature = Crypto.hmacSHA256(key: signature, data: part)
        }
        return Crypto.base64([0x04] + signature)
    }
}
