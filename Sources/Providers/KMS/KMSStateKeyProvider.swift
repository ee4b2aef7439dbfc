import Foundation
import Provisioner
import ResourceGraph

/// Keeps a state's data key in AWS KMS: a new key comes from GenerateDataKey (state records
/// only the ciphertext KMS returns), an existing key moving here is wrapped with Encrypt, and
/// Decrypt gives it back. Each call binds the state's lineage as encryption context, so a
/// wrapped key copied into another state does not decrypt there.
///
/// Credentials and endpoints come from the environment, as for the provider (the standard
/// chain, `AWS_ENDPOINT_URL_KMS`); the region from the configuration, else the environment.
public struct KMSStateKeyProvider: StateKeyProvider {
    public let kind = "aws_kms"
    /// The configured key (id, ARN, alias); nil for a provider that only unwraps keys that
    /// records name.
    let keyID: String?
    let region: String?
    let environment: [String: String]
    let transport: any HTTPTransport

    public init(keyID: String?, region: String?, environment: [String: String], transport: any HTTPTransport = CurlHTTPClient.shared) {
        self.keyID = keyID
        self.region = region
        self.environment = environment
        self.transport = transport
    }

    /// From a configuration's `key_provider "aws_kms"` block.
    public init(settings: EncryptionSettings.KeyProvider, environment: [String: String]) {
        self.init(keyID: settings.arguments["kms_key_id"], region: settings.arguments["region"], environment: environment)
    }

    public var displayName: String { "the AWS KMS key \(keyID ?? "named in the state")" }

    public func createKey(_ context: StateKeyContext) async throws -> (key: DataKey, record: StateKeyRecord, notice: String?) {
        let keyID = try configuredKey()
        let answer = try await call("GenerateDataKey", region: region, body: [
            "KeyId": .string(keyID), "KeySpec": .string("AES_256"), "EncryptionContext": encryptionContext(context),
        ])
        guard let plaintext = blob(answer, "Plaintext"), let key = DataKey(bytes: plaintext),
              let ciphertext = answer[attribute: "CiphertextBlob"]?.stringValue else {
            throw StateKeyError("Unexpected answer from AWS KMS", "GenerateDataKey for \(keyID) did not return a 256-bit data key and its ciphertext.")
        }
        return (key, record(ciphertext: ciphertext, answer: answer), nil)
    }

    public func wrap(_ key: DataKey, _ context: StateKeyContext) async throws -> (record: StateKeyRecord, notice: String?) {
        let keyID = try configuredKey()
        let answer = try await call("Encrypt", region: region, body: [
            "KeyId": .string(keyID), "Plaintext": .string(Data(key.bytes).base64EncodedString()), "EncryptionContext": encryptionContext(context),
        ])
        guard let ciphertext = answer[attribute: "CiphertextBlob"]?.stringValue else {
            throw StateKeyError("Unexpected answer from AWS KMS", "Encrypt with \(keyID) returned no ciphertext.")
        }
        return (record(ciphertext: ciphertext, answer: answer), nil)
    }

    public func unwrap(_ record: StateKeyRecord, _ context: StateKeyContext) async throws -> DataKey {
        guard let ciphertext = record.fields["ciphertext"] else {
            throw StateKeyError("State key record damaged", "The state at \(context.statePath) records a KMS-protected key without its ciphertext; prov changed nothing.")
        }
        var body: [String: Value] = ["CiphertextBlob": .string(ciphertext), "EncryptionContext": encryptionContext(context)]
        if let arn = record.fields["key_arn"] { body["KeyId"] = .string(arn) }
        let answer = try await call("Decrypt", region: record.fields["region"] ?? region, body: body)
        guard let plaintext = blob(answer, "Plaintext"), let key = DataKey(bytes: plaintext) else {
            throw StateKeyError("Unexpected answer from AWS KMS", "Decrypt did not return a 256-bit data key for the state at \(context.statePath).")
        }
        return key
    }

    /// The same configured key id (as written) and region as the record was made with.
    public func keeps(_ record: StateKeyRecord) -> Bool {
        guard record.kind == kind, let keyID else { return record.kind == kind }
        return record.fields["kms_key_id"] == keyID && (region == nil || record.fields["region"] == region)
    }

    // MARK: Calls

    private func configuredKey() throws -> String {
        guard let keyID, !keyID.isEmpty else {
            throw StateKeyError("No KMS key configured", "A new state key can be kept in AWS KMS only with a kms_key_id in the configuration's key_provider \"aws_kms\" block.")
        }
        return keyID
    }

    private func record(ciphertext: String, answer: Value) -> StateKeyRecord {
        var fields = ["ciphertext": ciphertext, "kms_key_id": keyID ?? ""]
        if let arn = answer[attribute: "KeyId"]?.stringValue { fields["key_arn"] = arn }
        if let region = resolvedRegion { fields["region"] = region }
        return StateKeyRecord(kind: kind, fields: fields)
    }

    /// The region calls go to: the configured one, else the environment's.
    private var resolvedRegion: String? {
        region ?? environment["AWS_REGION"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["AWS_DEFAULT_REGION"]
    }

    private func encryptionContext(_ context: StateKeyContext) -> Value {
        .object(["prov_state_lineage": .string(context.lineage)])
    }

    private func blob(_ answer: Value, _ name: String) -> [UInt8]? {
        answer[attribute: name]?.stringValue.flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) }
    }

    private func call(_ operation: String, region: String?, body: [String: Value]) async throws -> Value {
        let client: AWSClient
        do {
            let configuration = try AWSClientConfiguration(settings: AWSProviderSettings(region: region), environment: environment, transport: transport)
            client = AWSClient(configuration: configuration)
        } catch {
            throw StateKeyError("Cannot reach AWS KMS", "The state key is kept in AWS KMS, but no AWS client can be configured: \(error). prov changed nothing.")
        }
        do {
            return try await client.json(.kms, operation: operation, body: .object(body))
        } catch {
            throw StateKeyError("AWS KMS refused the state key operation", "KMS \(operation) failed: \(error). prov changed nothing.")
        }
    }
}
