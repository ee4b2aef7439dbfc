/// Why the key that protects a state's secrets could not be had or used. Each message says
/// what is wrong and what to do; none ever contains key material or a secret.
public struct StateKeyError: Error, CustomStringConvertible, Sendable {
    public var summary: String
    public var description: String

    public init(_ summary: String, _ description: String) {
        self.summary = summary
        self.description = description
    }

    /// The state (or a plan file) holds something that does not decrypt or decode.
    static func damaged(_ what: String) -> StateKeyError {
        StateKeyError("Encrypted data cannot be read", "The state's \(what).")
    }

    /// A sealed value must be written or read, but no key was unlocked for the state.
    static func locked(_ path: String) -> StateKeyError {
        StateKeyError("State key not available", "The state at \(path) holds sensitive values, so writing or reading them needs its key, and this command did not unlock it.")
    }

    /// A key was had, but it is not this state's key.
    static func wrongKey(_ path: String, source: String) -> StateKeyError {
        StateKeyError("Wrong state key", "The key from \(source) is not the key that protects the secrets in \(path), so prov changed nothing. Use the key this state was created with.")
    }
}
