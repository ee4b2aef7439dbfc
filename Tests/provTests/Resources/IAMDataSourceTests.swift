import Foundation
import Testing
import TestSupport

/// data "aws_iam_role" and data "aws_iam_policy", read from objects made outside prov and
/// checked against what boto3 says about them.
@Suite struct IAMDataSourceTests {
    static let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
    static let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"}]}"#

    @Test func roleAndPolicyAreReadAsBoto3SeesThem() throws {
        let lifecycle = try ResourceLifecycle()
        _ = try lifecycle.oracle("iam", "create_role", [
            "RoleName": "prov-iamlc-ds-role", "Path": "/ds/", "AssumeRolePolicyDocument": Self.trust,
            "Description": "read by a data source", "MaxSessionDuration": 7200, "Tags": [["Key": "Team", "Value": "data"]],
        ])
        let created = try lifecycle.oracle("iam", "create_policy", [
            "PolicyName": "prov-iamlc-ds-policy", "Path": "/ds/", "PolicyDocument": Self.document, "Description": "read too",
            "Tags": [["Key": "Team", "Value": "data"]],
        ])
        let policyARN = try #require((created.response?["Policy"] as? [String: Any])?["Arn"] as? String)
        defer {
            _ = try? lifecycle.oracle("iam", "delete_role", ["RoleName": "prov-iamlc-ds-role"])
            _ = try? lifecycle.oracle("iam", "delete_policy", ["PolicyArn": policyARN])
        }
        try lifecycle.apply("""
            data "aws_iam_role" "main" {
              name = "prov-iamlc-ds-role"
            }
            data "aws_iam_policy" "by_arn" {
              arn = "\(policyARN)"
            }
            data "aws_iam_policy" "by_name" {
              name        = "prov-iamlc-ds-policy"
              path_prefix = "/ds/"
            }
            output "role" {
              value = data.aws_iam_role.main
            }
            output "by_arn" {
              value = data.aws_iam_policy.by_arn
            }
            output "by_name_arn" {
              value = data.aws_iam_policy.by_name.arn
            }
            """)
        let outputs = try lifecycle.prov.run("output", "-json")
        let values = try #require(try JSONSerialization.jsonObject(with: Data(outputs.stdout.utf8)) as? [String: Any])
        func output(_ name: String) -> Any? { (values[name] as? [String: Any])?["value"] }

        let role = try #require(output("role") as? [String: Any])
        let expected = try #require(try lifecycle.oracle("iam", "get_role", ["RoleName": "prov-iamlc-ds-role"]).response?["Role"] as? [String: Any])
        #expect(role["id"] as? String == "prov-iamlc-ds-role")
        #expect(role["arn"] as? String == expected["Arn"] as? String)
        #expect(role["unique_id"] as? String == expected["RoleId"] as? String)
        #expect(role["path"] as? String == "/ds/")
        #expect(role["description"] as? String == "read by a data source")
        #expect(role["max_session_duration"] as? Int == 7200)
        #expect(role["tags"] as? [String: String] == ["Team": "data"])
        let trust = try #require((role["assume_role_policy"] as? String).flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? NSDictionary })
        #expect(trust == expected["AssumeRolePolicyDocument"] as? NSDictionary)
        #expect((role["create_date"] as? String)?.hasSuffix("Z") == true)

        let policy = try #require(output("by_arn") as? [String: Any])
        let described = try #require(try lifecycle.oracle("iam", "get_policy", ["PolicyArn": policyARN]).response?["Policy"] as? [String: Any])
        #expect(policy["arn"] as? String == policyARN)
        #expect(policy["name"] as? String == "prov-iamlc-ds-policy")
        #expect(policy["policy_id"] as? String == described["PolicyId"] as? String)
        #expect(policy["description"] as? String == "read too")
        #expect(policy["path"] as? String == "/ds/")
        #expect(policy["attachment_count"] as? Int == described["AttachmentCount"] as? Int)
        #expect(policy["tags"] as? [String: String] == ["Team": "data"])
        let version = try lifecycle.oracle("iam", "get_policy_version", ["PolicyArn": policyARN, "VersionId": described["DefaultVersionId"] as? String ?? ""])
        let expectedDocument = (version.response?["PolicyVersion"] as? [String: Any])?["Document"] as? NSDictionary
        let document = (policy["policy"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? NSDictionary }
        #expect(document != nil && document == expectedDocument)
        #expect(output("by_name_arn") as? String == policyARN)
    }
}
