/// `terraform { encryption { key_provider "aws_kms" "main" { … } } }`: where the key that
/// protects the state's secrets is kept, spelt as OpenTofu spells its state encryption. prov
/// always encrypts with AES-256-GCM, so only the key provider is configurable; without this
/// block the key comes from `PROV_STATE_PASSPHRASE` or a key file in the user's configuration
/// directory.
public struct EncryptionSettings: Sendable {
    public struct KeyProvider: Sendable {
        /// `aws_kms`, the only type configured in the language.
        public var type: String
        /// The second label, as OpenTofu requires; prov accepts it and does not need it.
        public var name: String?
        /// The arguments, all constant strings (`kms_key_id`, `region`, `key_spec`).
        public var arguments: [String: String]
        public var range: SourceRange
    }

    public var keyProvider: KeyProvider?
    public var range: SourceRange
}
