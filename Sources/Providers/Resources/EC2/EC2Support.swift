import Foundation
import Provisioner
import ResourceGraph

/// What EC2 resource types share: tags, filters, ARNs, not-found errors and waiting.
enum EC2 {
    /// `TagSpecification.1.ResourceType=vpc`, `TagSpecification.1.Tag.N.Key/Value`.
    static func setTagSpecification(_ parameters: inout QueryParameters, resourceType: String, tags: [String: String]) {
        guard !tags.isEmpty else { return }
        parameters.setList("TagSpecification", [QueryParameters { spec in
            spec.set("ResourceType", resourceType)
            spec.setTags("Tag", tags)
        }])
    }

    /// The `tagSet` of a described item as a dictionary.
    static func tags(of item: XMLNode) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in item.all("tagSet", "item") {
            if let key = tag.string("key") { tags[key] = tag.string("value") ?? "" }
        }
        return tags
    }

    /// Brings an object's tags from `old` to `new` with CreateTags and DeleteTags.
    static func updateTags(id: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
        let (set, remove) = AWSTags.difference(from: old, to: new)
        if !remove.isEmpty {
            var parameters = QueryParameters()
            parameters.setList("ResourceId", [id])
            parameters.setList("Tag", remove.map { key in QueryParameters { $0.set("Key", key) } })
            _ = try await context.client.query(.ec2, action: "DeleteTags", parameters: parameters)
        }
        if !set.isEmpty {
            var parameters = QueryParameters()
            parameters.setList("ResourceId", [id])
            parameters.setTags("Tag", set)
            _ = try await context.client.query(.ec2, action: "CreateTags", parameters: parameters)
        }
    }

    static func filter(_ name: String, _ values: [String]) -> QueryParameters {
        QueryParameters { $0.set("Name", name); $0.setList("Value", values) }
    }

    /// Whether an error says the object does not exist (`InvalidVpcID.NotFound` and the like).
    static func isNotFound(_ error: any Error) -> Bool {
        guard let error = error as? AWSError, let code = error.code else { return false }
        return code.hasSuffix(".NotFound") || code.hasSuffix("NotFound") || code == "InvalidVpcID.Malformed" || code == "InvalidSubnetID.Malformed"
    }

    static func arn(_ context: AWSContext, owner: String?, resource: String) -> String {
        "arn:\(context.partition):ec2:\(context.region):\(owner ?? ""):\(resource)"
    }

    /// Polls until `state` reports the wanted value, showing progress while it waits.
    static func waitForState(_ what: String, wanted: String, timeout: Duration, in context: AWSContext, read: @escaping @Sendable () async throws -> String?) async throws {
        let waiter = AWSWaiter(timeout: timeout)
        try await waiter.wait(for: "\(what) to become \(wanted)", progress: { context.progress("state: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let state = try await read() else { return .failed("it no longer exists") }
            return state == wanted ? .done(()) : .pending(state)
        }
    }

    /// Runs a delete, retrying DependencyViolation (an ENI left by a load balancer or a Lambda
    /// function takes a while to go) until `timeout`; an object already gone is success.
    static func deleteRetryingDependencies(_ what: String, timeout: Duration, in context: AWSContext, _ call: @escaping @Sendable () async throws -> Void) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var delay = Duration.seconds(2)
        while true {
            do {
                try await call()
                return
            } catch let error as AWSError where error.code == "DependencyViolation" && ContinuousClock.now < deadline {
                context.progress("waiting for dependent objects of \(what) to go")
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(20))
            } catch where isNotFound(error) {
                return
            }
        }
    }
}
