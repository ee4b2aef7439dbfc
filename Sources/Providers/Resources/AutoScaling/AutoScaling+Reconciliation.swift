import Provisioner
import ResourceGraph

// How an Auto Scaling object an interrupted run created is found again. None of them takes
// the system tags (a group's tags are its own `tag` blocks), so each is read by the name the
// configuration gives it; a name left to AWS (name_prefix) cannot be looked up.

extension LaunchConfigurationResource {
    /// Launch configuration names are unique in the region; read takes the name as the id.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        configuration.string("name").map { ["id": .string($0)] }
    }
}

extension AutoScalingGroupResource {
    /// Group names are unique in the region; read takes the name as the id.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        configuration.string("name").map { ["id": .string($0)] }
    }
}

extension AutoScalingPolicyResource {
    /// A policy name is unique in its group; read takes both.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        ReconciliationIdentity.whenKnown(configuration, "name", "autoscaling_group_name").map { _ in ["id": configuration[attribute: "name"]!] }
    }
}

extension AutoScalingAttachmentResource {
    /// Attaching a load balancer or target group the group already has changes nothing, and
    /// the attachment's id is made up at create: it is simply made again.
    static var createIsRepeatable: Bool { true }
}
