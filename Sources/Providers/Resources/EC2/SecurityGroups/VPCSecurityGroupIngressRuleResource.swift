/// `aws_vpc_security_group_ingress_rule`: one inbound rule of a security group, with its own
/// id, description and tags. Import id: the rule id (`sgr-…`).
struct VPCSecurityGroupIngressRuleResource: VPCSecurityGroupRuleResource {
    static let displayName = "VPC Security Group Ingress Rule"
    static let typeName = "aws_vpc_security_group_ingress_rule"
    static let direction = SecurityGroups.Direction.ingress
}
