import Provisioner
import ResourceGraph

// How an IAM object an interrupted run created is found again. The Resource Groups Tagging
// API does not cover IAM, so the system tags do not find these objects: each is read by the
// name or the pair of names the configuration gives it. A name left to AWS (name_prefix)
// cannot be looked up.

extension IAMRoleResource {
    /// Role names are unique in the account; read takes the name as the id.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        configuration.string("name").map { ["id": .string($0)] }
    }
}

extension IAMUserResource {
    /// User names are unique in the account; read takes the name as the id.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        configuration.string("name").map { ["id": .string($0)] }
    }
}

extension IAMInstanceProfileResource {
    /// Instance profile names are unique in the account; read takes the name as the id.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        configuration.string("name").map { ["id": .string($0)] }
    }
}

extension IAMPolicyResource {
    /// Policy names are unique in the account; read finds the ARN by name and path.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        guard configuration.string("name") != nil, configuration[attribute: "path"]?.isKnown ?? true else { return nil }
        return [:]
    }
}

extension IAMRolePolicyResource {
    /// An inline policy is unique by role and name; the id is `ROLE:NAME`.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        guard let role = configuration.string("role"), let name = configuration.string("name") else { return nil }
        return ["id": .string("\(role):\(name)")]
    }
}

extension IAMRolePolicyAttachmentResource {
    /// A role has a policy attached once; the id is `ROLE/POLICY-ARN`.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        guard let role = configuration.string("role"), let arn = configuration.string("policy_arn") else { return nil }
        return ["id": .string("\(role)/\(arn)")]
    }
}
