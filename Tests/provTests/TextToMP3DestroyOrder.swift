import Foundation
import Testing
import TestSupport

/// The deletion order AWS requires for Examples/texttomp3, checked on the calls prov made
/// during destroy (the emulator deletes in any order). Each rule is about particular objects:
/// independent objects may go in any order (the public route table before the last private
/// association), so a rule names the ids it concerns, learnt through boto3 before destroy.
struct TextToMP3DestroyOrder {
    /// One kind of call, optionally only with a form parameter among the given values.
    struct Calls: CustomStringConvertible {
        var operation: String
        var parameter: String?
        var values: Set<String> = []

        init(_ operation: String, _ parameter: String? = nil, in values: [String] = []) {
            self.operation = operation
            self.parameter = parameter
            self.values = Set(values)
        }

        func matches(_ call: RecordedCall) -> Bool {
            guard call.operation == operation else { return false }
            guard let parameter else { return true }
            return TextToMP3DestroyOrder.parameters(of: call)[parameter].map(values.contains) ?? false
        }

        var description: String { parameter.map { "\(operation) \($0) in \(values.sorted())" } ?? operation }
    }

    struct NATGateway {
        var id: String
        var subnet: String
        var allocation: String
    }

    var subnets: [String: [String]]
    var natGateways: [NATGateway]
    /// Route table id to the ids of its subnet associations.
    var routeTables: [String: [String]]
    /// Security group name to id.
    var securityGroups: [String: String]

    /// The form parameters of a query-protocol call, decoded (`InstanceId.1` stays indexed).
    static func parameters(of call: RecordedCall) -> [String: String] {
        var found: [String: String] = [:]
        for pair in call.body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            if parts.count == 2 { found[parts[0]] = parts[1] }
        }
        return found
    }

    /// Pairs of (every call of the first kind ends before the first call of the second).
    var rules: [(first: Calls, then: Calls)] {
        let group = { (name: String) in [securityGroups[name] ?? "?"] }
        let publicSubnets = subnets["public"] ?? [], appSubnets = subnets["app"] ?? []
        var rules: [(first: Calls, then: Calls)] = [
            // Everything in the VPC before the VPC.
            (Calls("DeleteSubnet"), Calls("DeleteVpc")),
            (Calls("DeleteSecurityGroup"), Calls("DeleteVpc")),
            (Calls("DeleteNetworkAcl"), Calls("DeleteVpc")),
            (Calls("DetachInternetGateway"), Calls("DeleteInternetGateway")),
            (Calls("DetachInternetGateway"), Calls("DeleteVpc")),
            // What has network interfaces in a subnet or uses a group, before them.
            (Calls("DeleteLoadBalancer"), Calls("DeleteSubnet", "SubnetId", in: publicSubnets)),
            (Calls("DeleteLoadBalancer"), Calls("DeleteSecurityGroup", "GroupId", in: group("texttomp3-alb"))),
            (Calls("TerminateInstances"), Calls("DeleteSubnet", "SubnetId", in: [publicSubnets.first ?? "?"])),
            (Calls("TerminateInstances"), Calls("DeleteSecurityGroup", "GroupId", in: group("texttomp3-bastion"))),
            (Calls("DeleteAutoScalingGroup"), Calls("DeleteSubnet", "SubnetId", in: appSubnets)),
            (Calls("DeleteDBInstance"), Calls("DeleteSecurityGroup", "GroupId", in: group("texttomp3-db"))),
            // Load balancing, containers, scaling and the database.
            (Calls("DeleteListener"), Calls("DeleteTargetGroup")),
            (Calls("DeleteService"), Calls("DeleteTargetGroup")),
            (Calls("DeleteService"), Calls("DeleteCluster")),
            (Calls("DeleteAutoScalingGroup"), Calls("DeleteCluster")),
            (Calls("DeleteAutoScalingGroup"), Calls("DeleteLaunchTemplate")),
            (Calls("DeleteDBInstance"), Calls("DeleteDBSubnetGroup")),
            (Calls("DeleteDBInstance", "DBInstanceIdentifier", in: ["texttomp3-db-replica"]), Calls("DeleteDBInstance", "DBInstanceIdentifier", in: ["texttomp3-db"])),
        ]
        for gateway in natGateways {
            rules.append((Calls("DeleteNatGateway", "NatGatewayId", in: [gateway.id]), Calls("ReleaseAddress", "AllocationId", in: [gateway.allocation])))
            rules.append((Calls("DeleteNatGateway", "NatGatewayId", in: [gateway.id]), Calls("DeleteSubnet", "SubnetId", in: [gateway.subnet])))
        }
        for (table, associations) in routeTables where !associations.isEmpty {
            rules.append((Calls("DisassociateRouteTable", "AssociationId", in: associations), Calls("DeleteRouteTable", "RouteTableId", in: [table])))
        }
        // Roles: out of their instance profile, policies detached and deleted, then deleted.
        let role = { (name: String) in Calls("DeleteRole", "RoleName", in: [name]) }
        rules += [
            (Calls("RemoveRoleFromInstanceProfile", "RoleName", in: ["texttomp3-ecs-instance"]), role("texttomp3-ecs-instance")),
            (Calls("DetachRolePolicy", "RoleName", in: ["texttomp3-ecs-instance"]), role("texttomp3-ecs-instance")),
            (Calls("DetachRolePolicy", "RoleName", in: ["texttomp3-task-execution"]), role("texttomp3-task-execution")),
            (Calls("DetachRolePolicy", "RoleName", in: ["texttomp3-polly"]), role("texttomp3-polly")),
            (Calls("DeleteRolePolicy", "RoleName", in: ["texttomp3-polly"]), role("texttomp3-polly")),
            (Calls("DeleteRolePolicy", "RoleName", in: ["texttomp3-task"]), role("texttomp3-task")),
        ]
        return rules
    }

    func expect(_ calls: [RecordedCall]) {
        for (first, then) in rules {
            guard let last = calls.lastIndex(where: first.matches), let next = calls.firstIndex(where: then.matches) else {
                Issue.record("\(first) or \(then) was never called: \(calls)")
                continue
            }
            #expect(last < next, "\(first) must end before \(then)")
        }
        // Route 53: the zone's records go before the zone.
        let recordChange = calls.lastIndex { $0.service == "route53" && $0.operation.hasPrefix("POST") && $0.operation.contains("/rrset") }
        let zoneDelete = calls.firstIndex { $0.service == "route53" && $0.operation.hasPrefix("DELETE /2013-04-01/hostedzone/") }
        #expect(recordChange != nil && zoneDelete != nil && recordChange! < zoneDelete!, "records before their zone: \(calls.filter { $0.service == "route53" })")
    }
}
