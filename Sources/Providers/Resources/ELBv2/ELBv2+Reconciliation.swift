import Provisioner
import ResourceGraph

// How an ELBv2 object an interrupted run created is found again: by its system tags, whose
// ARN is the object's id; a load balancer or target group also by its name, unique in the
// region (a name left to AWS, name_prefix, cannot be looked up); a target's registration by
// its group and target.

extension LoadBalancerResource {
    func identity(fromARN arn: String) -> [String: Value] { ["id": .string(arn), "arn": .string(arn)] }

    /// Read finds the load balancer by name when it has no ARN.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "name") }
}

extension TargetGroupResource {
    func identity(fromARN arn: String) -> [String: Value] { ["id": .string(arn), "arn": .string(arn)] }

    /// Read finds the target group by name when it has no ARN.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "name") }
}

extension ListenerResource {
    func identity(fromARN arn: String) -> [String: Value] { ["id": .string(arn), "arn": .string(arn)] }
}

extension ListenerRuleResource {
    func identity(fromARN arn: String) -> [String: Value] { ["id": .string(arn), "arn": .string(arn)] }
}

extension TargetGroupAttachmentResource {
    /// A target is registered with a group once per port: read checks exactly that, and the
    /// id is made of the same arguments.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        guard ReconciliationIdentity.whenKnown(configuration, "target_group_arn", "target_id") != nil,
              ["port", "availability_zone"].allSatisfy({ configuration[attribute: $0]?.isKnown ?? true }) else { return nil }
        return ["id": .string(Self.identifier(configuration))]
    }
}

extension LoadBalancers {
    /// The load balancer's ARN: its id; or, for a configuration whose create went unrecorded,
    /// that of the load balancer with its name.
    static func arn(of object: Value, in context: AWSContext) async throws -> String? {
        if let arn = object.string("id") ?? object.string("arn") { return arn }
        guard let name = object.string("name") else { return nil }
        do {
            return try await describe(name: name, in: context)?.string("LoadBalancerArn")
        } catch {
            throw ELBv2.wrap(error, doing: "looking up ELBv2 Load Balancer (\(name))")
        }
    }
}

extension TargetGroups {
    /// The target group's ARN: its id; or, for a configuration whose create went unrecorded,
    /// that of the target group with its name.
    static func arn(of object: Value, in context: AWSContext) async throws -> String? {
        if let arn = object.string("id") ?? object.string("arn") { return arn }
        guard let name = object.string("name") else { return nil }
        do {
            return try await describe(name: name, in: context)?.string("TargetGroupArn")
        } catch {
            throw ELBv2.wrap(error, doing: "looking up ELBv2 Target Group (\(name))")
        }
    }
}
