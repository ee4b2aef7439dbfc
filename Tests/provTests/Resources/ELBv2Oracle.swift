import Foundation
import Testing
import TestSupport

/// What boto3 (independently of prov) says about Elastic Load Balancing v2 objects in a
/// lifecycle test's region.
struct ELBv2Oracle {
    let lifecycle: ResourceLifecycle

    init(_ lifecycle: ResourceLifecycle) {
        self.lifecycle = lifecycle
    }

    /// The first item of a list in an answer, or nil when the call failed (the object is gone).
    private func first(_ operation: String, _ params: [String: Any], _ key: String) throws -> [String: Any]? {
        (try lifecycle.oracle("elbv2", operation, params).response?[key] as? [[String: Any]])?.first
    }

    func loadBalancer(_ arn: String) throws -> [String: Any]? {
        try first("describe_load_balancers", ["LoadBalancerArns": [arn]], "LoadBalancers")
    }

    func targetGroup(_ arn: String) throws -> [String: Any]? {
        try first("describe_target_groups", ["TargetGroupArns": [arn]], "TargetGroups")
    }

    func listener(_ arn: String) throws -> [String: Any]? {
        try first("describe_listeners", ["ListenerArns": [arn]], "Listeners")
    }

    func rule(_ arn: String) throws -> [String: Any]? {
        try first("describe_rules", ["RuleArns": [arn]], "Rules")
    }

    func loadBalancerAttributes(_ arn: String) throws -> [String: String] {
        try pairs(lifecycle.oracle("elbv2", "describe_load_balancer_attributes", ["LoadBalancerArn": arn]).response?["Attributes"])
    }

    func listenerAttributes(_ arn: String) throws -> [String: String] {
        try pairs(lifecycle.oracle("elbv2", "describe_listener_attributes", ["ListenerArn": arn]).response?["Attributes"])
    }

    func targetGroupAttributes(_ arn: String) throws -> [String: String] {
        try pairs(lifecycle.oracle("elbv2", "describe_target_group_attributes", ["TargetGroupArn": arn]).response?["Attributes"])
    }

    func tags(_ arn: String) throws -> [String: String] {
        let descriptions = try lifecycle.oracle("elbv2", "describe_tags", ["ResourceArns": [arn]]).response?["TagDescriptions"] as? [[String: Any]]
        return UserTags.of(pairs(descriptions?.first?["Tags"])) ?? [:]
    }

    /// The ids of the targets registered with a target group.
    func registeredTargets(_ groupARN: String) throws -> [String] {
        let descriptions = try lifecycle.oracle("elbv2", "describe_target_health", ["TargetGroupArn": groupARN]).response?["TargetHealthDescriptions"] as? [[String: Any]]
        return (descriptions ?? []).compactMap { ($0["Target"] as? [String: Any])?["Id"] as? String }
    }

    /// Whether a describe call by ARN now answers with this error code.
    func isGone(_ operation: String, _ params: [String: Any], code: String) throws -> Bool {
        if case .error(let answered, _) = try lifecycle.oracle("elbv2", operation, params) { return answered == code }
        return false
    }

    private func pairs(_ list: Any?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in list as? [[String: Any]] ?? [] {
            if let key = pair["Key"] as? String { result[key] = pair["Value"] as? String ?? "" }
        }
        return result
    }

    /// A running EC2 instance in a subnet, made through boto3 (aws_instance is not prov's here).
    func runInstance(subnet: String) throws -> String {
        let reservation = try lifecycle.oracle("ec2", "run_instances", ["ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1, "InstanceType": "t3.micro", "SubnetId": subnet]).response
        let instance = (reservation?["Instances"] as? [[String: Any]])?.first
        return try #require(instance?["InstanceId"] as? String)
    }
}
