import Foundation

/// Works out each service's endpoint from the region and the configured overrides.
///
/// Precedence, highest first: the provider's `endpoints {}` block (by the Terraform key or an
/// alias); `AWS_ENDPOINT_URL_<SERVICE>`; `AWS_ENDPOINT_URL`; `endpoint_url` from the shared
/// config profile; then the standard host name for the region's partition, with FIPS and
/// dual-stack variants when asked. Variables and config files are ignored when
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`, as in the SDKs. A custom endpoint is signed
/// for the configured region, or the partition's global region for global services.
public struct AWSEndpointResolver: Sendable {
    public var region: String
    /// The provider configuration's `endpoints {}` block: Terraform key to URL.
    public var overrides: [String: String]
    public var useFIPS: Bool
    public var useDualStack: Bool
    /// Sign STS requests for us-east-1 at `sts.amazonaws.com`, as SDKs did before regional
    /// STS endpoints became the default.
    public var useGlobalSTSEndpoint: Bool
    /// The shared config profile's `endpoint_url` (and its `services` section entries, keyed
    /// by the lower-cased, underscore-joined service id, as the SDKs key them).
    public var sharedConfigEndpoints: SharedConfigEndpoints?
    private var environment: [String: String]

    public struct SharedConfigEndpoints: Sendable, Equatable {
        public var profile: String
        public var global: String?
        public var services: [String: String]

        public init(profile: String, global: String? = nil, services: [String: String] = [:]) {
            self.profile = profile
            self.global = global
            self.services = services
        }
    }

    /// `useFIPS`, `useDualStack` and `useGlobalSTSEndpoint` default to what
    /// `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT` and `AWS_STS_REGIONAL_ENDPOINTS`
    /// say in `environment`.
    public init(
        region: String, overrides: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        useFIPS: Bool? = nil, useDualStack: Bool? = nil, useGlobalSTSEndpoint: Bool? = nil,
        sharedConfigEndpoints: SharedConfigEndpoints? = nil
    ) {
        self.region = region
        self.overrides = overrides
        self.environment = environment
        self.useFIPS = useFIPS ?? (environment["AWS_USE_FIPS_ENDPOINT"]?.lowercased() == "true")
        self.useDualStack = useDualStack ?? (environment["AWS_USE_DUALSTACK_ENDPOINT"]?.lowercased() == "true")
        self.useGlobalSTSEndpoint = useGlobalSTSEndpoint ?? (environment["AWS_STS_REGIONAL_ENDPOINTS"] == "legacy")
        self.sharedConfigEndpoints = sharedConfigEndpoints
    }

    public var partition: AWSPartition { AWSPartition.containing(region: region) }

    public func resolve(_ service: AWSService) throws(AWSEndpointError) -> AWSEndpoint {
        try Self.validate(region: region)
        if let (url, source) = configuredURL(for: service) {
            return try custom(url, source: source, service: service)
        }
        return standard(service)
    }

    // MARK: Configured endpoints

    private func configuredURL(for service: AWSService) -> (String, AWSEndpoint.Source)? {
        for key in service.terraformEndpointKeys {
            if let url = overrides[key], !url.isEmpty { return (url, .providerConfiguration(key: key)) }
        }
        if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true" { return nil }
        for variable in [service.endpointEnvironmentVariable, "AWS_ENDPOINT_URL"] {
            if let url = environment[variable], !url.isEmpty { return (url, .environment(variable: variable)) }
        }
        if let shared = sharedConfigEndpoints {
            let key = service.serviceId.lowercased().replacingOccurrences(of: " ", with: "_")
            if let url = shared.services[key] ?? shared.global, !url.isEmpty {
                return (url, .sharedConfig(profile: shared.profile))
            }
        }
        return nil
    }

    private func custom(_ text: String, source: AWSEndpoint.Source, service: AWSService) throws(AWSEndpointError) -> AWSEndpoint {
        guard var components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else {
            throw AWSEndpointError(
                description: "the endpoint '\(text)' from \(source) is not a URL of the form https://host[:port][/path]")
        }
        var basePath = components.percentEncodedPath
        while basePath.hasSuffix("/") { basePath.removeLast() }
        components.percentEncodedPath = ""
        components.query = nil
        components.fragment = nil
        guard let origin = components.url else {
            throw AWSEndpointError(description: "the endpoint '\(text)' from \(source) is not a valid URL")
        }
        return AWSEndpoint(
            url: origin, basePath: basePath, signingRegion: signingRegionForCustomEndpoint(service),
            signingName: service.signingName, source: source)
    }

    private func signingRegionForCustomEndpoint(_ service: AWSService) -> String {
        guard service.isGlobal else { return region }
        return rule(for: service, fips: false, dualStack: false)?.signingRegion ?? partition.globalRegion
    }

    // MARK: Standard endpoints

    private func standard(_ service: AWSService) -> AWSEndpoint {
        let partition = partition
        if service == .sts, useGlobalSTSEndpoint, partition == .commercial, !useFIPS, !useDualStack {
            return endpoint("sts.amazonaws.com", signingRegion: "us-east-1", service: service)
        }
        if let rule = rule(for: service, fips: useFIPS, dualStack: useDualStack) {
            return endpoint(expand(rule.hostname), signingRegion: rule.signingRegion ?? region, service: service)
        }
        let prefix = service.endpointPrefix + (useFIPS ? "-fips" : "")
        let suffix = useDualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix
        return endpoint("\(prefix).\(region).\(suffix)", signingRegion: region, service: service)
    }

    private func rule(for service: AWSService, fips: Bool, dualStack: Bool) -> HostnameRule? {
        service.hostnameRules.first { $0.matches(partition: partition, fips: fips, dualStack: dualStack) }
    }

    private func expand(_ template: String) -> String {
        template
            .replacingOccurrences(of: "{region}", with: region)
            .replacingOccurrences(of: "{dnsSuffix}", with: partition.dnsSuffix)
            .replacingOccurrences(of: "{dualStackDnsSuffix}", with: partition.dualStackDnsSuffix)
    }

    private func endpoint(_ host: String, signingRegion: String, service: AWSService) -> AWSEndpoint {
        // The host is built from a validated region and fixed labels, so it always parses.
        AWSEndpoint(url: URL(string: "https://\(host)")!, signingRegion: signingRegion, signingName: service.signingName)
    }

    /// Region names go into host names, so anything but lower-case letters, digits and
    /// hyphens is refused rather than letting `eu-west-1.evil.example/` redirect requests.
    static func validate(region: String) throws(AWSEndpointError) {
        let allowed = region.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
        guard !region.isEmpty, allowed else {
            throw AWSEndpointError(
                description: region.isEmpty
                    ? "no AWS region is configured: set region in the provider block or AWS_REGION"
                    : "'\(region)' is not a valid AWS region name (expected something like eu-west-1)")
        }
    }
}
