import Foundation

extension CurlHTTPClient {
    public struct Configuration: Sendable {
        /// Connections open at once to one host; further transfers to it wait for a free one.
        public var maxConnectionsPerHost: Int
        /// Idle connections kept open for reuse, across all hosts.
        public var maxIdleConnections: Int
        /// A PEM file of trusted CA certificates; nil uses libcurl's built-in default.
        public var caBundlePath: String?
        /// A directory of hashed CA certificates; nil uses libcurl's built-in default.
        public var caDirectoryPath: String?

        /// The CA locations default to `SSL_CERT_FILE` and `SSL_CERT_DIR`, the variables OpenSSL
        /// and the curl tool honour but libcurl itself does not read.
        public init(
            maxConnectionsPerHost: Int = 64,
            maxIdleConnections: Int = 64,
            caBundlePath: String? = Configuration.environment("SSL_CERT_FILE"),
            caDirectoryPath: String? = Configuration.environment("SSL_CERT_DIR")
        ) {
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxIdleConnections = maxIdleConnections
            self.caBundlePath = caBundlePath
            self.caDirectoryPath = caDirectoryPath
        }

        public static func environment(_ name: String) -> String? {
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
            return value
        }
    }
}
