import Foundation
import Testing
import TestSupport

/// aws_iam_user, aws_iam_access_key and aws_iam_instance_profile through their whole life.
@Suite struct IAMIdentityLifecycleTests {
    static func userConfiguration(name: String = "prov-iamlc-user", path: String = "/prov/", owner: String? = "a", status: String = "Active", keyUser: String = "aws_iam_user.main.name") -> String {
        """
        resource "aws_iam_user" "main" {
          name = "\(name)"
          path = "\(path)"
          \(owner.map { "tags = { Owner = \"\($0)\" }" } ?? "")
        }
        resource "aws_iam_user" "spare" {
          name = "prov-iamlc-user-spare"
        }
        resource "aws_iam_access_key" "main" {
          user   = \(keyUser)
          status = "\(status)"
        }
        """
    }

    static func keys(_ lifecycle: ResourceLifecycle, _ user: String) throws -> [[String: Any]] {
        try lifecycle.oracle("iam", "list_access_keys", ["UserName": user]).response?["AccessKeyMetadata"] as? [[String: Any]] ?? []
    }

    @Test func userAndAccessKeyCreateReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        let created = try lifecycle.apply(Self.userConfiguration())
        try lifecycle.expectNoChanges()
        let secret = try #require(try lifecycle.attribute("aws_iam_access_key.main", "secret") as? String)
        #expect(!secret.isEmpty && !created.output.contains(secret), "the secret never appears in output")
        let keyID = try #require(try lifecycle.attribute("aws_iam_access_key.main", "id") as? String)
        let password = try #require(try lifecycle.attribute("aws_iam_access_key.main", "ses_smtp_password_v4") as? String)
        #expect(password.hasPrefix("B") && password.count == 44, "version byte 4 and an HMAC-SHA256, in base64: \(password)")
        #expect(try lifecycle.attribute("aws_iam_user.main", "arn") as? String == "arn:aws:iam::123456789012:user/prov/prov-iamlc-user")
        let uniqueID = try #require(try lifecycle.attribute("aws_iam_user.main", "unique_id") as? String)
        let user = try lifecycle.oracle("iam", "get_user", ["UserName": "prov-iamlc-user"]).response?["User"] as? [String: Any]
        #expect(user?["UserId"] as? String == uniqueID)
        #expect(try Self.keys(lifecycle, "prov-iamlc-user").map { $0["AccessKeyId"] as? String } == [keyID])

        // In place: the user's tags and path, the key's status; the secret stays in state.
        try lifecycle.apply(Self.userConfiguration(path: "/moved/", owner: "b", status: "Inactive"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_iam_access_key.main", "id") as? String == keyID)
        #expect(try lifecycle.attribute("aws_iam_access_key.main", "secret") as? String == secret)
        #expect(try Self.keys(lifecycle, "prov-iamlc-user").first?["Status"] as? String == "Inactive")
        let moved = try lifecycle.oracle("iam", "get_user", ["UserName": "prov-iamlc-user"]).response?["User"] as? [String: Any]
        #expect(moved?["Path"] as? String == "/moved/")
        let tags = try lifecycle.oracle("iam", "list_user_tags", ["UserName": "prov-iamlc-user"]).response?["Tags"] as? [[String: Any]]
        #expect(tags?.first?["Value"] as? String == "b")

        // Replace: a key belongs to one user for good, so moving it to another user makes a
        // new key (with a new secret) and deletes the old one.
        try lifecycle.apply(Self.userConfiguration(path: "/moved/", owner: "b", status: "Inactive", keyUser: "aws_iam_user.spare.name"))
        try lifecycle.expectNoChanges()
        let movedKeyID = try #require(try lifecycle.attribute("aws_iam_access_key.main", "id") as? String)
        #expect(movedKeyID != keyID)
        #expect(try lifecycle.attribute("aws_iam_access_key.main", "secret") as? String != secret)
        #expect(try Self.keys(lifecycle, "prov-iamlc-user").isEmpty)
        #expect(try Self.keys(lifecycle, "prov-iamlc-user-spare").map { $0["AccessKeyId"] as? String } == [movedKeyID])
        #expect(try Self.keys(lifecycle, "prov-iamlc-user-spare").first?["Status"] as? String == "Inactive")

        // A new name is a rename in place: the user keeps its unique id, the id follows the
        // name. (The tags go at the same time: the emulator loses a user's tags when it is
        // renamed, which AWS does not.) The key is on the other user here: renaming a key's
        // user replaces the key in the same apply, and prov's apply does not yet delete the
        // old key before the rename as Terraform does.
        try lifecycle.apply(Self.userConfiguration(name: "prov-iamlc-user-renamed", path: "/moved/", owner: nil, status: "Inactive", keyUser: "aws_iam_user.spare.name"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_iam_user.main", "id") as? String == "prov-iamlc-user-renamed")
        #expect(try lifecycle.attribute("aws_iam_user.main", "unique_id") as? String == uniqueID)
        #expect(try lifecycle.attribute("aws_iam_access_key.main", "id") as? String == movedKeyID)
        let renamed = try lifecycle.oracle("iam", "get_user", ["UserName": "prov-iamlc-user-renamed"]).response?["User"] as? [String: Any]
        #expect(renamed?["UserId"] as? String == uniqueID)

        // An imported key has no secret, as in Terraform; the user imports whole.
        try lifecycle.reimport("aws_iam_user.main", id: "prov-iamlc-user-renamed", configurationOnly: ["force_destroy"])
        let removed = try lifecycle.prov.run("state", "rm", "aws_iam_access_key.main")
        #expect(removed.status == 0)
        let imported = try lifecycle.prov.run("import", "aws_iam_access_key.main", movedKeyID)
        #expect(imported.status == 0, "import failed:\n\(imported.output)")
        try lifecycle.expectNoChanges()
        let importedSecret = try lifecycle.attribute("aws_iam_access_key.main", "secret")
        #expect(importedSecret == nil || importedSecret is NSNull, "\(String(describing: importedSecret))")
        #expect(try lifecycle.attribute("aws_iam_access_key.main", "user") as? String == "prov-iamlc-user-spare")

        try lifecycle.destroy()
        for name in ["prov-iamlc-user-renamed", "prov-iamlc-user-spare"] {
            if case .error(let code, _) = try lifecycle.oracle("iam", "get_user", ["UserName": name]) {
                #expect(code == "NoSuchEntity")
            } else {
                Issue.record("the user \(name) still exists")
            }
        }
    }

    static func profileConfiguration(name: String = "prov-iamlc-profile", role: String = "first", owner: String = "a") -> String {
        let trust = IAMLifecycleTests.trust
        return """
            resource "aws_iam_role" "first" {
              name               = "prov-iamlc-profile-first"
              assume_role_policy = \(trust)
            }
            resource "aws_iam_role" "second" {
              name               = "prov-iamlc-profile-second"
              assume_role_policy = \(trust)
            }
            resource "aws_iam_instance_profile" "main" {
              name = "\(name)"
              path = "/prov/"
              role = aws_iam_role.\(role).name
              tags = { Owner = "\(owner)" }
            }
            """
    }

    static func profile(_ lifecycle: ResourceLifecycle, _ name: String) throws -> [String: Any]? {
        try lifecycle.oracle("iam", "get_instance_profile", ["InstanceProfileName": name]).response?["InstanceProfile"] as? [String: Any]
    }

    @Test func instanceProfileCreateReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.profileConfiguration())
        try lifecycle.expectNoChanges()
        let uniqueID = try #require(try lifecycle.attribute("aws_iam_instance_profile.main", "unique_id") as? String)
        #expect(try lifecycle.attribute("aws_iam_instance_profile.main", "arn") as? String == "arn:aws:iam::123456789012:instance-profile/prov/prov-iamlc-profile")
        #expect((try lifecycle.attribute("aws_iam_instance_profile.main", "create_date") as? String)?.hasSuffix("Z") == true)
        let roles = try Self.profile(lifecycle, "prov-iamlc-profile")?["Roles"] as? [[String: Any]]
        #expect(roles?.compactMap { $0["RoleName"] as? String } == ["prov-iamlc-profile-first"])

        // In place: another role, other tags.
        try lifecycle.apply(Self.profileConfiguration(role: "second", owner: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_iam_instance_profile.main", "unique_id") as? String == uniqueID)
        let switched = try Self.profile(lifecycle, "prov-iamlc-profile")
        #expect((switched?["Roles"] as? [[String: Any]])?.compactMap { $0["RoleName"] as? String } == ["prov-iamlc-profile-second"])
        #expect(UserTags.of(switched?["Tags"] as? [[String: String]])?.first?["Value"] == "b")

        try lifecycle.reimport("aws_iam_instance_profile.main", id: "prov-iamlc-profile")

        // Replace: a new name is a new profile.
        try lifecycle.apply(Self.profileConfiguration(name: "prov-iamlc-profile-2", role: "second", owner: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_iam_instance_profile.main", "unique_id") as? String != uniqueID)
        if case .error(let code, _) = try lifecycle.oracle("iam", "get_instance_profile", ["InstanceProfileName": "prov-iamlc-profile"]) {
            #expect(code == "NoSuchEntity")
        } else {
            Issue.record("the replaced profile still exists")
        }

        try lifecycle.destroy()
        if case .error(let code, _) = try lifecycle.oracle("iam", "get_instance_profile", ["InstanceProfileName": "prov-iamlc-profile-2"]) {
            #expect(code == "NoSuchEntity")
        } else {
            Issue.record("the profile still exists")
        }
    }

    /// A role deleted while still in an instance profile (outside prov) is taken out of it
    /// first, as the provider does: the profile stays, without the role.
    @Test func deletingARoleTakesItOutOfItsInstanceProfiles() throws {
        let lifecycle = try ResourceLifecycle()
        _ = try lifecycle.oracle("iam", "create_instance_profile", ["InstanceProfileName": "prov-iamlc-outside-profile"])
        try lifecycle.apply("""
            resource "aws_iam_role" "inside" {
              name               = "prov-iamlc-inside-role"
              assume_role_policy = \(IAMLifecycleTests.trust)
            }
            """)
        _ = try lifecycle.oracle("iam", "add_role_to_instance_profile", ["InstanceProfileName": "prov-iamlc-outside-profile", "RoleName": "prov-iamlc-inside-role"])
        try lifecycle.destroy()
        let roles = try Self.profile(lifecycle, "prov-iamlc-outside-profile")?["Roles"] as? [Any]
        #expect(roles?.isEmpty == true)
        _ = try lifecycle.oracle("iam", "delete_instance_profile", ["InstanceProfileName": "prov-iamlc-outside-profile"])
    }
}
