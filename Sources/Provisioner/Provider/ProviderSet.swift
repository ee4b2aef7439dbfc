import Foundation
import ResourceGraph

/// The providers available to a run (by name, e.g. `aws`) and the configured instances of them
/// (by provider configuration address, e.g. `provider["aws.west"]` or
/// `module.net.provider["aws"]`).
public final class ProviderSet: @unchecked Sendable {
    // @unchecked: `configured` and `pending` are guarded by `lock`.
    public let plugins: [String: any ProviderPlugin]
    private let lock = NSLock()
    private var configured: [String: any ConfiguredProvider] = [:]

    public init(plugins: [String: any ProviderPlugin]) {
        self.plugins = plugins
    }

    func plugin(forType type: String) -> (any ProviderPlugin)? {
        plugins[Self.providerName(ofType: type)]
    }

    static func providerName(ofType type: String) -> String { String(type.prefix { $0 != "_" }) }

    func schema(for mode: ResourceMode, type: String) -> ResourceTypeSchema? {
        guard let plugin = plugin(forType: type) else { return nil }
        return mode == .managed ? plugin.resourceTypes[type] : plugin.dataSourceTypes[type]
    }

    func configuredProvider(_ address: String) -> (any ConfiguredProvider)? {
        lock.lock()
        defer { lock.unlock() }
        return configured[address]
    }

    func setConfigured(_ address: String, _ provider: any ConfiguredProvider) {
        lock.lock()
        defer { lock.unlock() }
        configured[address] = provider
    }

    /// The provider configuration address a resource in a module uses: its `provider`
    /// argument or the provider named by its type, looked up in its module, then through the
    /// module calls' `providers` maps (or same-named inheritance) up to the root. A provider
    /// without any block is the root's implicit, empty configuration.
    static func address(for resource: ResourceDeclaration, modulePath: [String], in configuration: Configuration) -> String {
        address(forKey: resource.providerKey ?? resource.impliedProvider, modulePath: modulePath, in: configuration)
    }

    static func address(forKey key: String, modulePath: [String], in configuration: Configuration) -> String {
        var key = key
        var path = modulePath
        while true {
            let module = configuration.descendant(ModulePath(path.map { .init(name: $0) }))?.module
            if module?.providers[key] != nil || path.isEmpty {
                return ConfigNode(module: path, .provider(key)).description
            }
            let callName = path.removeLast()
            let parent = configuration.descendant(ModulePath(path.map { .init(name: $0) }))?.module
            if let mapped = parent?.moduleCalls[callName]?.providers[key] { key = mapped }
        }
    }
}
