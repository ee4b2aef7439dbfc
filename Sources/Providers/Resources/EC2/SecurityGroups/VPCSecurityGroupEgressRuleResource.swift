/// `aws_vpc_security_group_egress_rule`: one outbound rule of a security group, with its own
/// id, description and tags. Import id: the rule id (`sgr-…`).
struct VPCSecurityGroupEgressRuleResource: VPCSecurityGroupRuleResource {
    static let displayName = "VPC Security Group Egress Rule"
    static let typeName = "aws_vpc_security_group_egress_rule"
    static let direction = SecurityGroups.Direction.egress
}
