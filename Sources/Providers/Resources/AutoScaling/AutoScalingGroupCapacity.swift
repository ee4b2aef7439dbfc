import Foundation
import Provisioner
import ResourceGraph

/// Waiting for an Auto Scaling group's capacity, as Terraform's provider does after creating
/// or resizing a group: until enough instances are InService and Healthy in the group and, when
/// `min_elb_capacity` / `wait_for_elb_capacity` ask for it, healthy in every attached load
/// balancer and target group. `wait_for_capacity_timeout = "0"` turns waiting off.
enum AutoScalingGroupCapacity {
    enum Phase {
        /// After a create: the targets are minimums.
        case create
        /// After an update: only the targets set are awaited, exactly.
        case update
    }

    static func wait(_ name: String, planned: Value, phase: Phase, in context: AWSContext) async throws {
        let text = planned.string("wait_for_capacity_timeout") ?? "10m"
        guard let timeout = DurationSyntax.parse(text) else {
            throw ProviderError("Invalid wait_for_capacity_timeout", detail: "\"\(text)\" cannot be parsed as a duration.")
        }
        guard timeout > .zero else { return }
        let started = Date()
        let ignoreFailures = planned.bool("ignore_failed_scaling_activities") == true
        let waiter = EC2.waiter(timeout: timeout, in: context)
        do {
            try await waiter.wait(for: "Auto Scaling Group \(name) capacity", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
                guard let group = try await AutoScaling.describeGroup(name, in: context) else { return .failed("the group no longer exists") }
                if !ignoreFailures, let failure = try await failedActivity(name, since: started, in: context) {
                    return .failed("scaling activity failed: \(failure)")
                }
                let (inGroup, inLoadBalancers) = try await healthyCapacity(group, in: context)
                if let reason = unsatisfied(planned: planned, phase: phase, inGroup: inGroup, inLoadBalancers: inLoadBalancers) {
                    return .pending(reason)
                }
                return .done(())
            }
        } catch let error as AWSWaiterError where error.kind == .timedOut {
            let latest = try await latestActivity(name, in: context)
            throw ProviderError("Waiting for Auto Scaling Group (\(name)) capacity satisfied", detail: "\(error). Most recent activity: \(latest)")
        }
    }

    /// Why the capacity is not there yet, or nil when it is.
    static func unsatisfied(planned: Value, phase: Phase, inGroup: Int, inLoadBalancers: Int) -> String? {
        let desired = planned.int("desired_capacity") ?? 0
        let waitForELB = planned.int("wait_for_elb_capacity") ?? 0
        switch phase {
        case .create:
            let minimum = desired > 0 ? desired : planned.int("min_size") ?? 0
            if inGroup < minimum { return "need at least \(minimum) healthy instances in the group, have \(inGroup)" }
            let minimumELB = waitForELB > 0 ? waitForELB : planned.int("min_elb_capacity") ?? 0
            if inLoadBalancers < minimumELB { return "need at least \(minimumELB) healthy instances in the load balancers, have \(inLoadBalancers)" }
        case .update:
            if desired > 0, inGroup != desired { return "need exactly \(desired) healthy instances in the group, have \(inGroup)" }
            if waitForELB > 0, inLoadBalancers != waitForELB { return "need exactly \(waitForELB) healthy instances in the load balancers, have \(inLoadBalancers)" }
        }
        return nil
    }

    /// The group's InService and Healthy capacity (instance weights counted), and how many of
    /// those instances every attached load balancer and target group counts as healthy.
    static func healthyCapacity(_ group: XMLNode, in context: AWSContext) async throws -> (inGroup: Int, inLoadBalancers: Int) {
        var targetGroupStates: [[String: String]] = []
        for arn in AutoScaling.strings(group, "TargetGroupARNs") {
            targetGroupStates.append(try await targetHealth(arn, in: context))
        }
        var loadBalancerStates: [[String: String]] = []
        for name in AutoScaling.strings(group, "LoadBalancerNames") {
            loadBalancerStates.append(try await classicInstanceHealth(name, in: context))
        }
        var inGroup = 0
        var inLoadBalancers = 0
        for instance in group.all("Instances", "member") {
            guard let id = instance.string("InstanceId"),
                  instance.string("HealthStatus")?.lowercased() == "healthy",
                  instance.string("LifecycleState")?.lowercased() == "inservice" else { continue }
            inGroup += instance.string("WeightedCapacity").flatMap { Int($0) } ?? 1
            let healthyEverywhere = targetGroupStates.allSatisfy { $0[id]?.lowercased() == "healthy" }
                && loadBalancerStates.allSatisfy { $0[id]?.lowercased() == "inservice" }
            if healthyEverywhere { inLoadBalancers += 1 }
        }
        return (inGroup, inLoadBalancers)
    }

    /// Target health by instance id for a target group (Elastic Load Balancing v2).
    private static func targetHealth(_ arn: String, in context: AWSContext) async throws -> [String: String] {
        var parameters = QueryParameters()
        parameters.set("TargetGroupArn", arn)
        let result = try await context.client.query(.elbv2, action: "DescribeTargetHealth", parameters: parameters)
        var states: [String: String] = [:]
        for description in result.all("TargetHealthDescriptions", "member") {
            if let id = description.string("Target", "Id"), let state = description.string("TargetHealth", "State") { states[id] = state }
        }
        return states
    }

    /// Instance health by instance id for a Classic Load Balancer.
    private static func classicInstanceHealth(_ name: String, in context: AWSContext) async throws -> [String: String] {
        var parameters = QueryParameters()
        parameters.set("LoadBalancerName", name)
        let result = try await context.client.query(.elb, action: "DescribeInstanceHealth", parameters: parameters)
        var states: [String: String] = [:]
        for state in result.all("InstanceStates", "member") {
            if let id = state.string("InstanceId"), let value = state.string("State") { states[id] = value }
        }
        return states
    }

    /// A failed scaling activity that started after the wait began, described.
    private static func failedActivity(_ name: String, since start: Date, in context: AWSContext) async throws -> String? {
        for activity in try await activities(name, in: context) where activity.string("StatusCode") == "Failed" {
            if let startTime = activity.string("StartTime").flatMap(parseTimestamp), startTime < start.addingTimeInterval(-1) { continue }
            return activity.string("StatusMessage") ?? activity.string("Description") ?? "no message"
        }
        return nil
    }

    private static func latestActivity(_ name: String, in context: AWSContext) async throws -> String {
        guard let activity = try await activities(name, in: context).first else { return "(0 activities found)" }
        return [activity.string("Description"), activity.string("StatusCode"), activity.string("StatusMessage")].compactMap { $0 }.joined(separator: ": ")
    }

    private static func activities(_ name: String, in context: AWSContext) async throws -> [XMLNode] {
        var parameters = QueryParameters()
        parameters.set("AutoScalingGroupName", name)
        parameters.set("MaxRecords", 20)
        return try await AutoScaling.call("DescribeScalingActivities", parameters, in: context).all("Activities", "member")
    }

    private static func parseTimestamp(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return withFraction.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
