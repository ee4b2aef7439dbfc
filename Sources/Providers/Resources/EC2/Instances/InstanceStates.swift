import Foundation
import Provisioner
import ResourceGraph

/// Finding an instance and waiting for it to reach a state, as the provider's instance waiters
/// do: each waits through the states on the way and fails on any other.
enum InstanceStates {
    /// The described instance and the account that owns it (for its ARN), whatever its state;
    /// nil when AWS does not know the id.
    static func describe(_ id: String, in context: AWSContext) async throws -> (instance: XMLNode, owner: String?)? {
        var parameters = QueryParameters()
        parameters.setList("InstanceId", [id])
        do {
            let response = try await context.client.query(.ec2, action: "DescribeInstances", parameters: parameters)
            for reservation in response.all("reservationSet", "item") {
                if let instance = reservation.all("instancesSet", "item").first(where: { $0.string("instanceId") == id }) {
                    return (instance, reservation.string("ownerId"))
                }
            }
            return nil
        } catch where EC2.isNotFound(error) || (error as? AWSError)?.code == "InvalidInstanceID.Malformed" {
            return nil
        }
    }

    static func state(of instance: XMLNode) -> String {
        instance.string("instanceState", "name") ?? ""
    }

    /// What a wait moves through and where it ends.
    struct Transition {
        var wanted: String
        var passing: Set<String>
        /// A missing instance counts as arrived (a terminated one soon disappears).
        var goneIsDone = false
        /// A missing instance is waited for (one just launched may not be visible yet).
        var goneIsPending = false

        static let launch = Transition(wanted: "running", passing: ["pending"], goneIsPending: true)
        static let start = Transition(wanted: "running", passing: ["pending", "stopped"])
        static let stop = Transition(wanted: "stopped", passing: ["pending", "running", "shutting-down", "stopping"])
        static let terminate = Transition(wanted: "terminated", passing: ["pending", "running", "shutting-down", "stopping", "stopped"], goneIsDone: true)
    }

    /// Polls until the instance is in `transition.wanted`, reporting the states it sees, on
    /// the client's clock; a state outside the way there ends the wait with AWS's reason.
    static func wait(_ id: String, for transition: Transition, timeout: Duration, in context: AWSContext) async throws {
        let waiter = EC2.waiter(timeout: timeout, in: context)
        try await waiter.wait(for: "EC2 Instance \(id) to become \(transition.wanted)", progress: { context.progress("state: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let (instance, _) = try await describe(id, in: context) else {
                if transition.goneIsDone { return .done(()) }
                if transition.goneIsPending { return .pending("not visible yet") }
                return .failed("it no longer exists")
            }
            let state = state(of: instance)
            if state == transition.wanted { return .done(()) }
            if transition.passing.contains(state) { return .pending(state) }
            let reason = instance.string("stateReason", "message").flatMap { $0.isEmpty ? nil : $0 }
            return .failed("it is \(state)" + (reason.map { " (\($0))" } ?? ""))
        }
    }

    /// Stops the instance, waits until it is stopped, runs `change`, starts it again and
    /// waits until it runs: instance type and user data can only change while it is stopped.
    static func whileStopped(_ id: String, timeout: Duration, in context: AWSContext, _ change: () async throws -> Void) async throws {
        var ids = QueryParameters()
        ids.setList("InstanceId", [id])
        context.progress("stopping the instance to change it")
        _ = try await context.client.query(.ec2, action: "StopInstances", parameters: ids)
        try await wait(id, for: .stop, timeout: timeout, in: context)
        try await change()
        context.progress("starting the instance again")
        // A new instance type takes a moment to reach the launch plan (provider issue 16433).
        _ = try await EC2.retrying(timeout: .seconds(120), when: { $0.code == "InvalidParameterValue" && $0.message.contains("LaunchPlan instance type does not match attribute value") }) {
            try await context.client.query(.ec2, action: "StartInstances", parameters: ids)
        }
        try await wait(id, for: .start, timeout: timeout, in: context)
    }
}
