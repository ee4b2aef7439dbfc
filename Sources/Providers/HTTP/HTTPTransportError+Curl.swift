import CCurl
import Foundation

extension HTTPTransportError {
    /// Translates a failed libcurl transfer of `request`. `osErrno` is the socket error libcurl
    /// recorded, which tells a refused connection apart from other connect failures; `detail`
    /// is libcurl's own explanation, which names hosts and ports but never headers or bodies.
    init(curlCode code: CURLcode, osErrno: Int32, detail: String, request: HTTPRequest, timeout: Duration) {
        let host = request.endpoint.host ?? request.hostHeader
        let port = request.endpoint.port ?? (request.endpoint.scheme == "https" ? 443 : 80)
        switch code {
        case CURLE_COULDNT_CONNECT where osErrno == ECONNREFUSED:
            self = .connectionRefused(host: host, port: port)
        case CURLE_COULDNT_RESOLVE_HOST:
            self = .hostNotFound(host: host)
        case CURLE_OPERATION_TIMEDOUT:
            self = .timedOut(after: timeout, url: CurlTransfer.displayURL(for: request))
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE:
            self = .connectionReset(host: host, port: port)
        case _ where Self.tlsSetupCodes.contains(code) && osErrno == ECONNRESET:
            // The peer hung up mid-handshake: a network hiccup rather than a TLS problem.
            self = .connectionReset(host: host, port: port)
        case _ where Self.tlsSetupCodes.contains(code):
            self = .tls(host: host, message: detail)
        default:
            self = .transfer(code: Int(code.rawValue), message: detail, url: CurlTransfer.displayURL(for: request))
        }
    }

    /// libcurl's codes for failures while setting up TLS, before any request byte is sent.
    private static let tlsSetupCodes: [CURLcode] = [
        CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
        CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
        CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED,
        CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
        CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
    ]
}
