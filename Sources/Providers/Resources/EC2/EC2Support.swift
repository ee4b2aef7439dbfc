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

    /// The first item of a Describe call for one id (`RouteTableId.1=rtb-…`), or nil when AWS
    /// says the id does not exist or answers with no items.
    static func describeOne(_ action: String, idParameter: String, id: String, set: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList(idParameter, [id])
        do {
            return try await context.client.query(.ec2, action: action, parameters: parameters).all(set, "item").first
        } catch where isNotFound(error) {
            return nil
        }
    }

    /// Runs `call`, trying again while AWS answers one of `codes` until `timeout`: an object
    /// made a moment ago is not yet visible to every EC2 API (eventual consistency), which
    /// shows as "not found" or "invalid parameter" errors that go away by themselves.
    static func retrying<Result: Sendable>(on codes: Set<String>, timeout: Duration, _ call: () async throws -> Result) async throws -> Result {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var delay = Duration.seconds(1)
        while true {
            do {
                return try await call()
            } catch let error as AWSError where codes.contains(error.code ?? "") && ContinuousClock.now < deadline {
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(10))
            }
        }
    }

    /// Runs `call`, trying again while AWS answers with an error `isTransient` accepts (an IAM
    /// instance profile not yet visible to EC2 or Auto Scaling shows as a validation error
    /// naming it) until `timeout`; then the last error is thrown.
    static func retrying<Result: Sendable>(timeout: Duration, when isTransient: (AWSError) -> Bool, _ call: () async throws -> Result) async throws -> Result {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var delay = Duration.seconds(1)
        while true {
            do {
                return try await call()
            } catch let error as AWSError where isTransient(error) && ContinuousClock.now < deadline {
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(10))
            }
        }
    }

    /// Whether two CIDR blocks name the same network, however their IPv6 addresses are
    /// spelled (`2001:DB8:0::/56` and `2001:db8::/56`), as Terraform compares them.
    static func cidrBlocksEqual(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        func canonical(_ cidr: String) -> String? {
            let parts = cidr.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let groups = ipv6Groups(String(parts[0])) else { return nil }
            return groups.map(String.init).joined(separator: ":") + "/" + parts[1]
        }
        guard let x = canonical(a), let y = canonical(b) else { return false }
        return x == y
    }

    /// The eight 16-bit groups of an IPv6 address, nil when it is not one.
    private static func ipv6Groups(_ text: String) -> [UInt16]? {
        guard text.contains(":") else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var values: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                values.append(value)
            }
            return values
        }
        guard let head = groups(halves[0]) else { return nil }
        guard halves.count == 2 else { return head.count == 8 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    /// The account the credentials belong to, for ARNs AWS does not return (an Elastic IP's);
    /// empty when the provider is told not to ask (`skip_requesting_account_id`).
    static func accountID(in context: AWSContext) async throws -> String {
        if context.settings.skipRequestingAccountID { return "" }
        return try await context.client.query(.sts, action: "GetCallerIdentity").string("Account") ?? ""
    }

    /// EC2's public DNS name for an address: `ec2-203-0-113-5.eu-west-1.compute.amazonaws.com`
    /// (`compute-1` in us-east-1).
    static func publicDNSName(forIP ip: String, in context: AWSContext) -> String {
        let suffix = context.region == "us-east-1" ? "compute-1" : "\(context.region).compute"
        return "ec2-\(ip.replacingOccurrences(of: ".", with: "-")).\(suffix).\(AWSPartition.containing(region: context.region).dnsSuffix)"
    }

    /// EC2's private DNS name for an address: `ip-10-0-1-5.eu-west-1.compute.internal`
    /// (`ec2.internal` in us-east-1).
    static func privateDNSName(forIP ip: String, in context: AWSContext) -> String {
        let suffix = context.region == "us-east-1" ? "ec2.internal" : "\(context.region).compute.internal"
        return "ip-\(ip.replacingOccurrences(of: ".", with: "-")).\(suffix)"
    }

    /// A waiter on the client's clock, so that what waits for AWS can be tested without
    /// waiting in real time.
    static func waiter(timeout: Duration, in context: AWSContext) -> AWSWaiter {
        AWSWaiter(timeout: timeout, clock: context.client.configuration.clock)
    }
}
