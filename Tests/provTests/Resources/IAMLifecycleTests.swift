import Foundation
import Testing
import TestSupport

/// aws_iam_role, aws_iam_policy, aws_iam_role_policy and aws_iam_role_policy_attachment
/// through their whole life. IAM is global, so names carry a prefix no other test uses.
@Suite struct IAMLifecycleTests {
    static let trust = """
        jsonencode({
            Version = "2012-10-17"
            Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
          })
        """

    static func readPolicy(_ action: String) -> String {
        #"jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["\#(action)"], Resource = "*" }] })"#
    }

    static func roleConfiguration(name: String = "prov-iamlc-role", description: String = "first", duration: Int = 3600, owner: String = "a", trust: String = trust, inlineAction: String = "s3:GetObject", boundary: Bool = false) -> String {
        """
        resource "aws_iam_policy" "managed" {
          name   = "prov-iamlc-role-managed"
          policy = \(readPolicy("ec2:DescribeVpcs"))
        }
        resource "aws_iam_role" "app" {
          name                 = "\(name)"
          path                 = "/prov/"
          description          = "\(description)"
          max_session_duration = \(duration)
          assume_role_policy   = \(trust)
          managed_policy_arns  = [aws_iam_policy.managed.arn]
          \(boundary ? "permissions_boundary = aws_iam_policy.managed.arn" : "")
          inline_policy {
            name   = "read"
            policy = \(readPolicy(inlineAction))
          }
          tags = { Owner = "\(owner)" }
        }
        """
    }

    static func role(_ lifecycle: ResourceLifecycle, _ name: String) throws -> [String: Any]? {
        try lifecycle.oracle("iam", "get_role", ["RoleName": name]).response?["Role"] as? [String: Any]
    }

    @Test func roleCreateReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.roleConfiguration())
        try lifecycle.expectNoChanges()
        let uniqueID = try #require(try lifecycle.attribute("aws_iam_role.app", "unique_id") as? String)
        #expect(try lifecycle.attribute("aws_iam_role.app", "id") as? String == "prov-iamlc-role")
        #expect(try lifecycle.attribute("aws_iam_role.app", "arn") as? String == "arn:aws:iam::123456789012:role/prov/prov-iamlc-role")
        let created = try #require(try lifecycle.attribute("aws_iam_role.app", "create_date") as? String)
        #expect(created.hasSuffix("Z") && !created.contains("."), "RFC 3339 in whole seconds: \(created)")
        let role = try #require(try Self.role(lifecycle, "prov-iamlc-role"))
        #expect(role["Description"] as? String == "first")
        #expect(role["Path"] as? String == "/prov/")
        let trust = role["AssumeRolePolicyDocument"] as? [String: Any]
        #expect((trust?["Statement"] as? [[String: Any]])?.first?["Action"] as? String == "sts:AssumeRole")
        let inline = try lifecycle.oracle("iam", "list_role_policies", ["RoleName": "prov-iamlc-role"]).response?["PolicyNames"] as? [String]
        #expect(inline == ["read"])
        let attached = try lifecycle.oracle("iam", "list_attached_role_policies", ["RoleName": "prov-iamlc-role"]).response?["AttachedPolicies"] as? [[String: Any]]
        #expect(attached?.compactMap { $0["PolicyName"] as? String } == ["prov-iamlc-role-managed"])

        // The same trust policy written another way (a list for one action, a statement
        // object for a list) is no change.
        let respelled = """
            <<EOF
              { "Statement": { "Action": ["sts:AssumeRole"], "Principal": { "Service": ["ec2.amazonaws.com"] }, "Effect": "Allow" },
                "Version": "2012-10-17" }
              EOF
            """
        try lifecycle.write(Self.roleConfiguration(trust: respelled))
        try lifecycle.expectNoChanges()

        // In place: description, session duration, tags, the trust policy, the inline policy,
        // the permissions boundary.
        let lambdaTrust = #"jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })"#
        try lifecycle.apply(Self.roleConfiguration(description: "second", duration: 7200, owner: "b", trust: lambdaTrust, inlineAction: "s3:PutObject", boundary: true))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_iam_role.app", "unique_id") as? String == uniqueID)
        let updated = try #require(try Self.role(lifecycle, "prov-iamlc-role"))
        #expect(updated["Description"] as? String == "second")
        #expect(updated["MaxSessionDuration"] as? Int == 7200)
        let managedARN = try lifecycle.attribute("aws_iam_policy.managed", "arn") as? String
        #expect((updated["PermissionsBoundary"] as? [String: Any])?["PermissionsBoundaryArn"] as? String == managedARN)
        let principal = ((updated["AssumeRolePolicyDocument"] as? [String: Any])?["Statement"] as? [[String: Any]])?.first?["Principal"] as? [String: Any]
        #expect(principal?["Service"] as? String == "lambda.amazonaws.com")
        let tags = try lifecycle.oracle("iam", "list_role_tags", ["RoleName": "prov-iamlc-role"]).response?["Tags"] as? [[String: Any]]
        #expect(tags?.first?["Value"] as? String == "b")
        let document = try lifecycle.oracle("iam", "get_role_policy", ["RoleName": "prov-iamlc-role", "PolicyName": "read"]).response?["PolicyDocument"] as? [String: Any]
        #expect(((document?["Statement"] as? [[String: Any]])?.first?["Action"] as? [String]) == ["s3:PutObject"])

        try lifecycle.reimport("aws_iam_role.app", id: "prov-iamlc-role", configurationOnly: ["force_detach_policies"])

        // Replace: a new name is a new role; the old one goes with its policies.
        try lifecycle.apply(Self.roleConfiguration(name: "prov-iamlc-role-2", description: "second", duration: 7200, owner: "b", trust: lambdaTrust, inlineAction: "s3:PutObject"))
        #expect(try Self.role(lifecycle, "prov-iamlc-role-2")?["PermissionsBoundary"] == nil, "no boundary any more")
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_iam_role.app", "unique_id") as? String != uniqueID)
        if case .error(let code, _) = try lifecycle.oracle("iam", "get_role", ["RoleName": "prov-iamlc-role"]) {
            #expect(code == "NoSuchEntity")
        } else {
            Issue.record("the replaced role still exists")
        }

        try lifecycle.destroy()
        if case .error(let code, _) = try lifecycle.oracle("iam", "get_role", ["RoleName": "prov-iamlc-role-2"]) {
            #expect(code == "NoSuchEntity")
        } else {
            Issue.record("the role still exists")
        }
    }

    /// Declared `managed_policy_arns` and `inline_policy` are the role's whole set: what is
    /// added outside prov shows as a change and is taken away; `inline_policy {}` means none.
    /// Undeclared, they are only reported.
    @Test func declaredPoliciesAreManagedExclusively() throws {
        let lifecycle = try ResourceLifecycle()
        let exclusive = """
            resource "aws_iam_role" "exclusive" {
              name                = "prov-iamlc-exclusive"
              assume_role_policy  = \(Self.trust)
              managed_policy_arns = []
              inline_policy {}
            }
            """
        try lifecycle.apply(exclusive)
        try lifecycle.expectNoChanges()
        let outOfBand = try lifecycle.oracle("iam", "create_policy", [
            "PolicyName": "prov-iamlc-outofband",
            "PolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#,
        ])
        let arn = try #require((outOfBand.response?["Policy"] as? [String: Any])?["Arn"] as? String)
        _ = try lifecycle.oracle("iam", "attach_role_policy", ["RoleName": "prov-iamlc-exclusive", "PolicyArn": arn])
        _ = try lifecycle.oracle("iam", "put_role_policy", [
            "RoleName": "prov-iamlc-exclusive", "PolicyName": "added",
            "PolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#,
        ])
        let changed = try lifecycle.changedAttributes()
        #expect(changed["aws_iam_role.exclusive"]?.isSuperset(of: ["inline_policy", "managed_policy_arns"]) == true, "\(changed)")
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        #expect((try lifecycle.oracle("iam", "list_role_policies", ["RoleName": "prov-iamlc-exclusive"]).response?["PolicyNames"] as? [String]) == [])
        #expect((try lifecycle.oracle("iam", "list_attached_role_policies", ["RoleName": "prov-iamlc-exclusive"]).response?["AttachedPolicies"] as? [Any])?.isEmpty == true)

        // Not declared: what exists is only reported, and the role is still deleted with it.
        try lifecycle.write("""
            resource "aws_iam_role" "exclusive" {
              name               = "prov-iamlc-exclusive"
              assume_role_policy = \(Self.trust)
            }
            """)
        _ = try lifecycle.oracle("iam", "attach_role_policy", ["RoleName": "prov-iamlc-exclusive", "PolicyArn": arn])
        try lifecycle.expectNoChanges()
        try lifecycle.apply()
        #expect(try lifecycle.attribute("aws_iam_role.exclusive", "managed_policy_arns") as? [String] == [arn])
        try lifecycle.destroy()
        _ = try lifecycle.oracle("iam", "delete_policy", ["PolicyArn": arn])
    }

    static func policyConfiguration(description: String, action: String, owner: String) -> String {
        """
        resource "aws_iam_policy" "main" {
          name        = "prov-iamlc-policy"
          path        = "/prov/"
          description = "\(description)"
          policy      = \(readPolicy(action))
          tags        = { Owner = "\(owner)" }
        }
        """
    }

    @Test func policyCreateReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.policyConfiguration(description: "first", action: "s3:GetObject", owner: "a"))
        try lifecycle.expectNoChanges()
        let arn = try #require(try lifecycle.attribute("aws_iam_policy.main", "arn") as? String)
        #expect(arn == "arn:aws:iam::123456789012:policy/prov/prov-iamlc-policy")
        #expect(try lifecycle.attribute("aws_iam_policy.main", "id") as? String == arn)
        let policyID = try #require(try lifecycle.attribute("aws_iam_policy.main", "policy_id") as? String)
        #expect(try lifecycle.attribute("aws_iam_policy.main", "attachment_count") as? Int == 0)

        // In place: each new document is a new default version; at five the oldest goes.
        for (index, action) in ["s3:PutObject", "s3:ListBucket", "s3:DeleteObject", "s3:GetBucketPolicy", "s3:GetBucketAcl"].enumerated() {
            try lifecycle.apply(Self.policyConfiguration(description: "first", action: action, owner: "b"))
            let versions = try lifecycle.oracle("iam", "list_policy_versions", ["PolicyArn": arn]).response?["Versions"] as? [[String: Any]] ?? []
            #expect(versions.count == min(index + 2, 5))
            let current = versions.first { $0["IsDefaultVersion"] as? Bool == true }?["VersionId"] as? String
            let document = try lifecycle.oracle("iam", "get_policy_version", ["PolicyArn": arn, "VersionId": current ?? ""]).response?["PolicyVersion"] as? [String: Any]
            let statement = ((document?["Document"] as? [String: Any])?["Statement"] as? [[String: Any]])?.first
            #expect(statement?["Action"] as? [String] == [action])
        }
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_iam_policy.main", "policy_id") as? String == policyID)
        let tags = try lifecycle.oracle("iam", "list_policy_tags", ["PolicyArn": arn]).response?["Tags"] as? [[String: Any]]
        #expect(tags?.first?["Value"] as? String == "b")

        try lifecycle.reimport("aws_iam_policy.main", id: arn)

        // Replace: the description cannot change in place.
        try lifecycle.apply(Self.policyConfiguration(description: "second", action: "s3:GetBucketAcl", owner: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_iam_policy.main", "policy_id") as? String != policyID)
        let described = try lifecycle.oracle("iam", "get_policy", ["PolicyArn": arn]).response?["Policy"] as? [String: Any]
        #expect(described?["Description"] as? String == "second")

        try lifecycle.destroy()
        if case .error(let code, _) = try lifecycle.oracle("iam", "get_policy", ["PolicyArn": arn]) {
            #expect(code == "NoSuchEntity")
        } else {
            Issue.record("the policy still exists")
        }
    }

    static func attachmentConfiguration(role: String, policy: String, inlineAction: String, inlineName: String = "inline") -> String {
        """
        resource "aws_iam_role" "holder" {
          name               = "\(role)"
          assume_role_policy = \(trust)
        }
        resource "aws_iam_policy" "one" {
          name   = "prov-iamlc-attach-one"
          policy = \(readPolicy("ec2:DescribeSubnets"))
        }
        resource "aws_iam_policy" "two" {
          name   = "prov-iamlc-attach-two"
          policy = \(readPolicy("ec2:DescribeVpcs"))
        }
        resource "aws_iam_role_policy_attachment" "main" {
          role       = aws_iam_role.holder.name
          policy_arn = aws_iam_policy.\(policy).arn
        }
        resource "aws_iam_role_policy" "main" {
          name   = "\(inlineName)"
          role   = aws_iam_role.holder.id
          policy = \(readPolicy(inlineAction))
        }
        """
    }

    @Test func rolePolicyAndAttachmentCreateReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.attachmentConfiguration(role: "prov-iamlc-holder", policy: "one", inlineAction: "sqs:SendMessage"))
        try lifecycle.expectNoChanges()
        let oneARN = try #require(try lifecycle.attribute("aws_iam_policy.one", "arn") as? String)
        #expect(try lifecycle.attribute("aws_iam_role_policy_attachment.main", "id") as? String == "prov-iamlc-holder/\(oneARN)")
        #expect(try lifecycle.attribute("aws_iam_role_policy.main", "id") as? String == "prov-iamlc-holder:inline")
        let attached = try lifecycle.oracle("iam", "list_attached_role_policies", ["RoleName": "prov-iamlc-holder"]).response?["AttachedPolicies"] as? [[String: Any]]
        #expect(attached?.compactMap { $0["PolicyArn"] as? String } == [oneARN])
        // The role reports what the other resources manage, without wanting to change it.
        try lifecycle.apply()
        #expect(try lifecycle.attribute("aws_iam_role.holder", "managed_policy_arns") as? [String] == [oneARN])

        // In place: the inline policy's document.
        try lifecycle.apply(Self.attachmentConfiguration(role: "prov-iamlc-holder", policy: "one", inlineAction: "sqs:ReceiveMessage"))
        try lifecycle.expectNoChanges()
        let document = try lifecycle.oracle("iam", "get_role_policy", ["RoleName": "prov-iamlc-holder", "PolicyName": "inline"]).response?["PolicyDocument"] as? [String: Any]
        #expect(((document?["Statement"] as? [[String: Any]])?.first?["Action"] as? [String]) == ["sqs:ReceiveMessage"])

        try lifecycle.reimport("aws_iam_role_policy_attachment.main", id: "prov-iamlc-holder/\(oneARN)")
        try lifecycle.reimport("aws_iam_role_policy.main", id: "prov-iamlc-holder:inline")

        // Replace: another policy is another attachment; another name another inline policy.
        try lifecycle.apply(Self.attachmentConfiguration(role: "prov-iamlc-holder", policy: "two", inlineAction: "sqs:ReceiveMessage", inlineName: "renamed"))
        try lifecycle.expectNoChanges()
        let twoARN = try #require(try lifecycle.attribute("aws_iam_policy.two", "arn") as? String)
        let reattached = try lifecycle.oracle("iam", "list_attached_role_policies", ["RoleName": "prov-iamlc-holder"]).response?["AttachedPolicies"] as? [[String: Any]]
        #expect(reattached?.compactMap { $0["PolicyArn"] as? String } == [twoARN])
        #expect((try lifecycle.oracle("iam", "list_role_policies", ["RoleName": "prov-iamlc-holder"]).response?["PolicyNames"] as? [String]) == ["renamed"])

        try lifecycle.destroy()
        if case .error(let code, _) = try lifecycle.oracle("iam", "get_role", ["RoleName": "prov-iamlc-holder"]) {
            #expect(code == "NoSuchEntity")
        } else {
            Issue.record("the role still exists")
        }
    }
}
