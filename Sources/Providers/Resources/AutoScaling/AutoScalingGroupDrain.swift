import Foundation
import Provisioner
import ResourceGraph

/// Emptying an Auto Scaling group before deleting it, as Terraform's provider does unless
/// `force_delete` is set: its instances lose their scale-in protection (which would otherwise
/// keep them), its size goes to zero, and their termination is awaited.
///
/// Protection is removed before the group is sized down, so that the scale-in the resize starts
/// can take every instance, and again after, for any instance launched (protected) meanwhile.
enum AutoScalingGroupDrain {
    static func drain(_ name: String, timeout: Duration, in context: AWSContext) async throws {
        try await removeScaleInProtection(name, in: context)
        var parameters = QueryParameters()
        parameters.set("AutoScalingGroupName", name)
        parameters.set("DesiredCapacity", 0)
        parameters.set("MinSize", 0)
        parameters.set("MaxSize", 0)
        _ = try await AutoScaling.call("UpdateAutoScalingGroup", parameters, in: context)
        try await removeScaleInProtection(name, in: context)
        let waiter = EC2.waiter(timeout: timeout, in: context)
        try await waiter.wait(for: "Auto Scaling Group \(name) to drain", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
            guard let group = try await AutoScaling.describeGroup(name, in: context) else { return .done(()) }
            let count = group.all("Instances", "member").count
            return count == 0 ? .done(()) : .pending("group still has \(count) instances")
        }
    }

    /// SetInstanceProtection for every protected instance, at most 50 at a time.
    private static func removeScaleInProtection(_ name: String, in context: AWSContext) async throws {
        guard let group = try await AutoScaling.describeGroup(name, in: context) else { return }
        let protected = group.all("Instances", "member").filter { $0.child("ProtectedFromScaleIn")?.boolValue == true }.compactMap { $0.string("InstanceId") }
        for start in stride(from: 0, to: protected.count, by: 50) {
            var parameters = QueryParameters()
            parameters.set("AutoScalingGroupName", name)
            parameters.setList("InstanceIds", Array(protected[start..<min(start + 50, protected.count)]))
            parameters.set("ProtectedFromScaleIn", false)
            do {
                _ = try await AutoScaling.call("SetInstanceProtection", parameters, in: context)
            } catch let error as AWSError where error.code == "ValidationError" && error.message.contains("not part of Auto Scaling group") {
                // An instance left the group meanwhile.
                continue
            }
        }
    }
}
