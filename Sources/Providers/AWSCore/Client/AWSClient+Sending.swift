import Foundation
import Provisioner

extension AWSClient {
    /// Sends the request `build` makes for the resolved endpoint until it succeeds, fails for
    /// good, or runs out of retries; returns the 2xx response.
    func send(
        _ call: AWSCall, hostPrefix: String? = nil, build: (AWSEndpoint) -> HTTPRequest
    ) async throws -> HTTPResponse {
        let endpoint: AWSEndpoint
        do {
            endpoint = try endpointResolver.resolve(call.service).withHostPrefix(hostPrefix ?? "")
        } catch {
            throw call.error(.configuration, message: error.description)
        }
        var request = build(endpoint)
        request.headers.set("User-Agent", configuration.userAgent)
        // Only this loop decides whether a request that may have acted is sent again.
        request.needsFreshConnection = !call.idempotent

        let policy = configuration.retryPolicy
        var tokensTaken = 0
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            if configuration.credentials.signsRequests {
                let signer = SigV4Signer(
                    credentials: try await credentials(for: call), region: endpoint.signingRegion,
                    service: endpoint.signingName)
                signer.signHeaders(&request, date: configuration.clock.now())
            }

            var (failure, error): (AWSRetryPolicy.Failure, AWSError)
            let log = DebugLog.shared
            if log.isEnabled(.debug) { log.write(.debug, "aws", HTTPExchangeLog.request(request, call: call, attempt: attempt)) }
            let sent = ContinuousClock.now
            do {
                let response = try await configuration.transport.send(request, timeout: configuration.requestTimeout)
                if log.isEnabled(.debug) { log.write(.debug, "aws", HTTPExchangeLog.response(response, call: call, elapsed: ContinuousClock.now - sent)) }
                if let answer = Self.errorAnswer(response, call: call) {
                    failure = .response(status: response.status, code: answer.code)
                    error = call.error(
                        .service, message: answer.message, status: response.status, code: answer.code,
                        requestId: answer.requestId)
                } else {
                    retryBudget.recordSuccess(tokensTaken: tokensTaken)
                    CallFeedback.report(.succeeded(operation: "\(call.service.serviceId):\(call.operation)", latency: ContinuousClock.now - sent))
                    return response
                }
            } catch let transportError as HTTPTransportError {
                if log.isEnabled(.debug) { log.write(.debug, "aws", HTTPExchangeLog.failure(transportError, call: call, elapsed: ContinuousClock.now - sent)) }
                failure = .transport(transportError)
                error = call.error(.transport(transportError), message: transportError.description)
            }
            error.attempts = attempt
            // The engine lowers how many operations run at once when the cloud pushes back.
            if policy.classify(failure) == .throttling { CallFeedback.report(.throttled) }

            switch policy.decide(failure, idempotent: call.idempotent, attempt: attempt) {
            case .fail:
                throw error
            case .failWithUnknownOutcome:
                error.outcomeUnknown = true
                throw error
            case .retry(let cost):
                guard retryBudget.acquire(cost) else { throw error }
                tokensTaken += cost
                let delay = policy.delay(beforeRetry: attempt)
                log.write(.debug, "aws", "retrying \(call.service.serviceId) \(call.operation) in \(HTTPExchangeLog.milliseconds(delay)) ms: \(error.description)")
                configuration.onRetry?(
                    AWSRetryEvent(
                        service: call.service.serviceId, operation: call.operation, attempt: attempt,
                        delay: delay, reason: error.description, isThrottling: error.isThrottling))
                try await configuration.clock.sleep(delay)
            }
        }
    }

    /// The error a response carries: any status outside 2xx, and S3's `<Error>` documents sent
    /// with a 200.
    private static func errorAnswer(_ response: HTTPResponse, call: AWSCall) -> AWSErrorResponse? {
        if (200..<300).contains(response.status) {
            return call.apiProtocol == .restXML ? AWSErrorResponse.embeddedInSuccess(response) : nil
        }
        return AWSErrorResponse(response, apiProtocol: call.apiProtocol)
    }

    private func credentials(for call: AWSCall) async throws -> AWSCredentials {
        do {
            return try await configuration.credentials.credentials()
        } catch let error as CancellationError {
            throw error
        } catch let error as AWSError {
            throw call.error(.credentials, message: error.description)
        } catch {
            throw call.error(.credentials, message: String(describing: error))
        }
    }

    /// A response that could not be read, as an error naming the call.
    func malformed(_ call: AWSCall, _ response: HTTPResponse, _ problem: String) -> AWSError {
        call.error(
            .malformedResponse, message: "the response (status \(response.status)) could not be read: \(problem)",
            status: response.status, requestId: AWSErrorResponse.requestId(response.headers))
    }
}
