import Foundation

extension AWSClient {
    /// Calls an ec2 or query protocol action: a form-encoded POST of `Action`, `Version` and
    /// the parameters.
    ///
    /// Returns the answer's meaningful element: for the query protocol the `<ActionResult>`
    /// element when there is one (`result.path("Role", "Arn")`), otherwise, and always for
    /// EC2, the root element (`result.all("vpcSet", "item")`).
    ///
    /// - Parameter idempotent: false for calls whose repetition could act twice (creating
    ///   without a client token); such a call is only retried when the failure proves it had no
    ///   effect, and otherwise fails with `outcomeUnknown` set.
    public func query(
        _ service: AWSService, action: String, parameters: QueryParameters = QueryParameters(),
        idempotent: Bool = true
    ) async throws -> XMLNode {
        let apiProtocol: AWSProtocol = service.apiProtocol == .ec2 ? .ec2 : .query
        let call = AWSCall(service: service, operation: action, apiProtocol: apiProtocol, idempotent: idempotent)
        guard service.apiProtocol == .ec2 || service.apiProtocol == .query else {
            throw call.error(.invalidRequest, message: "\(service.serviceId) does not speak the query protocol")
        }
        let body = parameters.formBody(action: action, version: service.apiVersion, apiProtocol: apiProtocol)
        let response = try await send(call) { endpoint in
            HTTPRequest(
                method: "POST", endpoint: endpoint.url, path: endpoint.path("/"),
                headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"],
                body: Data(body.utf8))
        }
        let root: XMLNode
        do {
            root = try XMLNode.parse(response.body)
        } catch {
            throw malformed(call, response, error.description)
        }
        if apiProtocol == .query, let result = root.child(action + "Result") { return result }
        return root
    }
}
