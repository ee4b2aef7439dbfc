/// Terraform's older `aws_alb*` names for the `aws_lb*` resource types: the same types in
/// every respect, state and import ids included.
struct ALBResource: AWSResourceTypeAlias {
    static let typeName = "aws_alb"
    let original = LoadBalancerResource()
}

struct ALBTargetGroupResource: AWSResourceTypeAlias {
    static let typeName = "aws_alb_target_group"
    let original = TargetGroupResource()
}

struct ALBListenerResource: AWSResourceTypeAlias {
    static let typeName = "aws_alb_listener"
    let original = ListenerResource()
}

struct ALBListenerRuleResource: AWSResourceTypeAlias {
    static let typeName = "aws_alb_listener_rule"
    let original = ListenerRuleResource()
}

struct ALBTargetGroupAttachmentResource: AWSResourceTypeAlias {
    static let typeName = "aws_alb_target_group_attachment"
    let original = TargetGroupAttachmentResource()
}
