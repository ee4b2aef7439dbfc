extension AWSService {
    /// AWS Key Management Service, for the state key provider `aws_kms`.
    public static let kms = AWSService(
        serviceId: "KMS", signingName: "kms", endpointPrefix: "kms", apiVersion: "2014-11-01",
        apiProtocol: .json, jsonTarget: JSONTarget(prefix: "TrentService", version: "1.1"),
        terraformEndpointKey: "kms")
}
