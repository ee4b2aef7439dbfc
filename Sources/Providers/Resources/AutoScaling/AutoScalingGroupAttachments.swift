import Foundation
import Provisioner
import ResourceGraph

/// Attaching and detaching an Auto Scaling group's Classic Load Balancers and target groups:
/// in batches of ten (the API's limit), each batch awaited until AWS no longer reports it
/// "Adding" or "Removing".
enum AutoScalingGroupAttachments {
    enum Kind {
        case classicLoadBalancers
        case targetGroups

        var attachAction: String { self == .targetGroups ? "AttachLoadBalancerTargetGroups" : "AttachLoadBalancers" }
        var detachAction: String { self == .targetGroups ? "DetachLoadBalancerTargetGroups" : "DetachLoadBalancers" }
        var listParameter: String { self == .targetGroups ? "TargetGroupARNs" : "LoadBalancerNames" }
        var describeAction: String { self == .targetGroups ? "DescribeLoadBalancerTargetGroups" : "DescribeLoadBalancers" }
        var describedList: String { self == .targetGroups ? "LoadBalancerTargetGroups" : "LoadBalancers" }
    }

    static let batchSize = 10

    static func update(_ group: String, kind: Kind, from old: [String], to new: [String], when changed: Bool, in context: AWSContext) async throws {
        guard changed else { return }
        let removed = Set(old).subtracting(new).sorted(), added = Set(new).subtracting(old).sorted()
        for batch in batches(removed) {
            try await call(kind.detachAction, group: group, kind: kind, batch, in: context)
            try await waitUntilSettled(group, kind: kind, transitional: "Removing", in: context)
        }
        for batch in batches(added) {
            try await call(kind.attachAction, group: group, kind: kind, batch, in: context)
            try await waitUntilSettled(group, kind: kind, transitional: "Adding", in: context)
        }
    }

    static func call(_ action: String, group: String, kind: Kind, _ names: [String], in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("AutoScalingGroupName", group)
        parameters.setList(kind.listParameter, names)
        // Too many attachment changes at once are refused for a moment.
        _ = try await EC2.retrying(timeout: .seconds(300), when: { $0.code == "ValidationError" && $0.message.contains("update too many") }) {
            try await AutoScaling.call(action, parameters, in: context)
        }
    }

    private static func batches(_ names: [String]) -> [[String]] {
        stride(from: 0, to: names.count, by: batchSize).map { Array(names[$0..<min($0 + batchSize, names.count)]) }
    }

    private static func waitUntilSettled(_ group: String, kind: Kind, transitional: String, in context: AWSContext) async throws {
        let waiter = EC2.waiter(timeout: .seconds(600), in: context)
        try await waiter.wait(for: "Auto Scaling Group \(group) attachments to settle", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
            var parameters = QueryParameters()
            parameters.set("AutoScalingGroupName", group)
            let pages = try await context.client.queryPages(.autoScaling, action: kind.describeAction, parameters: parameters, token: .nextToken)
            let states = pages.flatMap { $0.all(kind.describedList, "member") }.compactMap { $0.string("State") }
            return states.contains(transitional) ? .pending("an attachment is \(transitional.lowercased())") : .done(())
        }
    }
}
