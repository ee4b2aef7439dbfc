import Providers
import Testing

struct HTTPTransportErrorTests {
    @Test func descriptionsSayWhatAndWhere() {
        #expect(HTTPTransportError.connectionRefused(host: "127.0.0.1", port: 4566).description
            == "could not connect to 127.0.0.1:4566: connection refused — is the endpoint running?")
        #expect(HTTPTransportError.hostNotFound(host: "ec2.nowhere-1.amazonaws.com").description
            == "could not resolve host 'ec2.nowhere-1.amazonaws.com' — check the endpoint URL or region")
        #expect(HTTPTransportError.timedOut(after: .seconds(60), url: "https://ec2.us-east-1.amazonaws.com/").description
            == "no response from https://ec2.us-east-1.amazonaws.com/ within 60 s (timed out)")
        #expect(HTTPTransportError.timedOut(after: .milliseconds(2500), url: "http://h/").description
            == "no response from http://h/ within 2.5 s (timed out)")
        #expect(HTTPTransportError.connectionReset(host: "h", port: 443).description
            == "the connection to h:443 broke before a complete response arrived")
        #expect(HTTPTransportError.tls(host: "h", message: "certificate has expired").description
            == "TLS with h failed: certificate has expired")
        #expect(HTTPTransportError.transfer(code: 3, message: "URL using bad/illegal format", url: "http://h/").description
            == "request to http://h/ failed: URL using bad/illegal format (curl error 3)")
    }

    @Test func retryingIsSafeOnlyForPassingNetworkTrouble() {
        #expect(HTTPTransportError.connectionRefused(host: "h", port: 1).isRetryable)
        #expect(HTTPTransportError.connectionReset(host: "h", port: 1).isRetryable)
        #expect(HTTPTransportError.timedOut(after: .seconds(1), url: "u").isRetryable)
        #expect(HTTPTransportError.transfer(code: 7, message: "no route to host", url: "u").isRetryable)
        #expect(!HTTPTransportError.hostNotFound(host: "h").isRetryable)
        #expect(!HTTPTransportError.tls(host: "h", message: "m").isRetryable)
        #expect(!HTTPTransportError.invalidHeader(name: "n").isRetryable)
        #expect(!HTTPTransportError.transfer(code: 3, message: "m", url: "u").isRetryable)
    }

    @Test func onlyFailuresBeforeSendingAreKnownNotToHaveReachedTheServer() {
        #expect(!HTTPTransportError.connectionRefused(host: "h", port: 1).mayHaveReachedServer)
        #expect(!HTTPTransportError.hostNotFound(host: "h").mayHaveReachedServer)
        #expect(!HTTPTransportError.tls(host: "h", message: "m").mayHaveReachedServer)
        #expect(!HTTPTransportError.invalidHeader(name: "n").mayHaveReachedServer)
        #expect(!HTTPTransportError.transfer(code: 7, message: "m", url: "u").mayHaveReachedServer)
        #expect(!HTTPTransportError.transfer(code: 3, message: "m", url: "u").mayHaveReachedServer)
        #expect(HTTPTransportError.timedOut(after: .seconds(1), url: "u").mayHaveReachedServer)
        #expect(HTTPTransportError.connectionReset(host: "h", port: 1).mayHaveReachedServer)
        #expect(HTTPTransportError.transfer(code: 23, message: "m", url: "u").mayHaveReachedServer)
    }
}
