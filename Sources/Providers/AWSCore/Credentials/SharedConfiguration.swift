import Foundation

/// The AWS shared config and credentials files, read and merged: `~/.aws/config` (profiles as
/// `[profile name]`, plus `[default]` and `[services name]` sections) and
/// `~/.aws/credentials` (profiles as `[name]`).
///
/// The files are `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` when set, or the lists
/// the provider block gives (`shared_config_files`, `shared_credentials_files`); of several
/// files, later ones win. For one profile, the credentials file wins over the config file,
/// as in the SDKs. Missing files are simply empty.
public struct SharedConfiguration: Sendable, Equatable {
    public let configFiles: [String]
    public let credentialsFiles: [String]
    private var configSections: [String: [String: String]] = [:]
    private var credentialsSections: [String: [String: String]] = [:]

    public init(
        configFiles: [String]? = nil, credentialsFiles: [String]? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AWSCredentialsError) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        func expand(_ path: String) -> String {
            path == "~" ? home : path.hasPrefix("~/") ? home + path.dropFirst(1) : path
        }
        self.configFiles = (configFiles ?? [environment["AWS_CONFIG_FILE"] ?? "~/.aws/config"]).map(expand)
        self.credentialsFiles =
            (credentialsFiles ?? [environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials"]).map(expand)
        configSections = try Self.merge(self.configFiles)
        credentialsSections = try Self.merge(self.credentialsFiles)
    }

    private static func merge(_ paths: [String]) throws(AWSCredentialsError) -> [String: [String: String]] {
        var merged: [String: [String: String]] = [:]
        for path in paths {
            let file: SharedConfigFile?
            do {
                file = try SharedConfigFile.load(path: path)
            } catch let error as SharedConfigFile.SyntaxError {
                throw .invalid(source: path, reason: error.message + " (line \(error.line))")
            } catch {
                throw .invalid(source: path, reason: "the file cannot be read: \(error.localizedDescription)")
            }
            for (name, properties) in file?.sections ?? [:] {
                merged[name, default: [:]].merge(properties) { _, later in later }
            }
        }
        return merged
    }

    /// The profile's properties from both files; nil when neither has the profile.
    public func profile(_ name: String) -> [String: String]? {
        var found = false
        var properties: [String: String] = [:]
        let configNames = name == "default" ? ["default", "profile default"] : ["profile \(name)"]
        for sectionName in configNames {
            if let section = configSections[sectionName] {
                found = true
                properties.merge(section) { _, later in later }
            }
        }
        if let section = credentialsSections[name] {
            found = true
            properties.merge(section) { _, later in later }
        }
        return found ? properties : nil
    }

    /// A section of the config file other than a profile, e.g. `services local`.
    public func section(_ name: String) -> [String: String]? {
        configSections[name]
    }

    public func region(forProfile name: String) -> String? {
        profile(name)?["region"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The profile's `endpoint_url`, and the service entries of the `[services …]` section it
    /// names, keyed as in that section (`secrets_manager`, `ec2`).
    public func endpoints(forProfile name: String) -> AWSEndpointResolver.SharedConfigEndpoints? {
        guard let properties = profile(name) else { return nil }
        var services: [String: String] = [:]
        if let sectionName = properties["services"], let section = section("services \(sectionName)") {
            for (key, value) in section where key.hasSuffix(".endpoint_url") {
                services[String(key.dropLast(".endpoint_url".count))] = value
            }
        }
        let global = properties["endpoint_url"]
        guard global != nil || !services.isEmpty else { return nil }
        return AWSEndpointResolver.SharedConfigEndpoints(profile: name, global: global, services: services)
    }

    /// "profile dev in ~/.aws/config and ~/.aws/credentials", for messages.
    func describe(profile name: String) -> String {
        "profile \(name) in " + (configFiles + credentialsFiles).joined(separator: " and ")
    }
}
