import ResourceGraph

extension Applier {
    /// A provider's result as state records it: marked sensitive where the schema says so and
    /// wherever the planned value was (a value derived from a sensitive variable stays
    /// sensitive in any attribute), with a digest for each sensitive part whose value is the
    /// configuration's. Those parts are stored only as digests; the other sensitive parts (what
    /// only the cloud knows) are encrypted.
    func protectingSecrets(_ result: Value, schema: ResourceTypeSchema, planned: Value, configuration: Value) -> (value: Value, digests: [ValuePath: String]) {
        let value = result.conformed(to: schema.block.valueType)
            .markingSensitive(at: schema.block.sensitivePaths() + planned.sensitivePaths())
        guard let cipher = store.cipher else { return (value, [:]) }
        var digests: [ValuePath: String] = [:]
        for path in value.sensitivePaths() {
            guard let part = value.value(at: path), !part.isNull,
                  let configured = configuration.value(at: path), configured.isWhollyKnown else { continue }
            let digest = cipher.digest(part)
            if cipher.matches(configured, digest: digest) { digests[path] = digest }
        }
        return (value, digests)
    }
}
