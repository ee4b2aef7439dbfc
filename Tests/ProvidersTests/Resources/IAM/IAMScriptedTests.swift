import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// IAM behaviour the emulator cannot show (it is consistent at once and lacks some calls):
/// retries while IAM catches up, the order of a forced user deletion, the pruning of policy
/// versions. Answers come from a script, waits from a virtual clock.
struct IAMScriptedTests {
    static let namespace = #"xmlns="https://iam.amazonaws.com/doc/2010-05-08/""#

    static func error(_ code: String, _ message: String) -> RecordingTransport.Answer {
        .answer(400, "<ErrorResponse \(namespace)><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error><RequestId>r</RequestId></ErrorResponse>")
    }

    static func ok(_ action: String, _ result: String = "") -> RecordingTransport.Answer {
        .answer(200, "<\(action)Response \(namespace)><\(action)Result>\(result)</\(action)Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></\(action)Response>")
    }

    static func context(_ transport: RecordingTransport, clock: VirtualClock = VirtualClock(), progress: StatusLog = StatusLog(), type: String = "aws_iam_role") throws -> AWSContext {
        let operation = OperationContext(address: InstanceAddress(resource: ResourceAddress(type: type, name: "main")), idempotencyToken: "token-1") { progress.append($0) }
        return AWSContext(client: AWSClient.forTesting(transport: transport, clock: clock), settings: try AWSProviderBlock(.null), operation: operation)
    }

    static func actions(_ transport: RecordingTransport) -> [String] {
        transport.requests.compactMap { request in
            request.bodyText.split(separator: "&").first { $0.hasPrefix("Action=") }.map { String($0.dropFirst("Action=".count)) }
        }
    }

    static let role = """
        <Role><Path>/</Path><RoleName>app</RoleName><RoleId>AROAEXAMPLE</RoleId><Arn>arn:aws:iam::123456789012:role/app</Arn>
        <CreateDate>2024-05-17T08:09:10.123Z</CreateDate>
        <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fnew%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D</AssumeRolePolicyDocument>
        <MaxSessionDuration>3600</MaxSessionDuration></Role>
        """

    static let trust = #"{"Version":"2012-10-17","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/new"}}]}"#

    @Test func aRoleTrustingARoleJustCreatedIsRetriedUntilIAMKnowsThePrincipal() async throws {
        let transport = RecordingTransport([
            Self.error("MalformedPolicyDocument", "Invalid principal in policy: \"AWS\":\"arn:aws:iam::123456789012:role/new\""),
            Self.error("MalformedPolicyDocument", "Invalid principal in policy: \"AWS\":\"arn:aws:iam::123456789012:role/new\""),
            Self.ok("CreateRole", Self.role),
            Self.error("NoSuchEntity", "The role with name app cannot be found."),
            Self.ok("GetRole", Self.role),
            Self.ok("GetRole", Self.role),
            Self.ok("ListRolePolicies", "<PolicyNames/><IsTruncated>false</IsTruncated>"),
            Self.ok("ListAttachedRolePolicies", "<AttachedPolicies/><IsTruncated>false</IsTruncated>"),
        ])
        let clock = VirtualClock()
        let progress = StatusLog()
        let planned = Value.object([
            "name": .string("app"), "path": .string("/"), "assume_role_policy": .string(Self.trust),
            "max_session_duration": .number(3600), "force_detach_policies": .false,
            "inline_policy": .unknown(.set(RolePolicies.inlineType)), "managed_policy_arns": .unknown(.set(.string)),
            "tags": .null(.map(.string)), "tags_all": .stringMap([:]),
        ])

        let role = try await IAMRoleResource().create(planned, in: try Self.context(transport, clock: clock, progress: progress))

        #expect(Self.actions(transport) == ["CreateRole", "CreateRole", "CreateRole", "GetRole", "GetRole", "GetRole", "ListRolePolicies", "ListAttachedRolePolicies"])
        #expect(clock.sleeps.count == 3, "a pause after each answer that says IAM has not caught up")
        #expect(progress.entries.filter { $0.contains("waiting for AWS to catch up") }.count == 3)
        #expect(role.string("arn") == "arn:aws:iam::123456789012:role/app")
        #expect(role.string("assume_role_policy") == Self.trust, "the configured text is kept: AWS's document means the same")
        #expect(role.string("create_date") == "2024-05-17T08:09:10Z")
        let create = try #require(transport.requests.first?.bodyText)
        #expect(create.contains("Path=%2F") && create.contains("RoleName=app") && create.contains("MaxSessionDuration=3600"))
    }

    @Test func retryingStopsAtTheTimeoutWithTheLastError() async throws {
        let transport = RecordingTransport([Self.error("MalformedPolicyDocument", "Invalid principal in policy: \"AWS\":\"x\"")])
        let clock = VirtualClock()
        let context = try Self.context(transport, clock: clock)
        let error = try await #require(throws: AWSError.self) {
            _ = try await retryWhileEventuallyConsistent("creating", timeout: .seconds(30), in: context, isRetryable: IAM.isInvalidPrincipal) {
                try await IAM.call("CreateRole", IAM.parameters(["RoleName": "x"]), in: context)
            }
        }
        #expect(error.code == "MalformedPolicyDocument")
        let waited = clock.sleeps.reduce(Duration.zero, +)
        #expect(waited == .seconds(30), "waits add up to the timeout, no more")
        #expect(clock.sleeps.prefix(4) == [.seconds(1), .seconds(2), .seconds(4), .seconds(8)])
    }

    @Test func otherErrorsAreNotRetried() async throws {
        let transport = RecordingTransport([Self.error("MalformedPolicyDocument", "Has prohibited field Resource")])
        let clock = VirtualClock()
        let context = try Self.context(transport, clock: clock)
        await #expect(throws: AWSError.self) {
            _ = try await retryWhileEventuallyConsistent("creating", in: context, isRetryable: IAM.isInvalidPrincipal) {
                try await IAM.call("CreateRole", IAM.parameters(["RoleName": "x"]), in: context)
            }
        }
        #expect(transport.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func aForcedUserDeletionRemovesWhatTheProviderRemoves() async throws {
        let transport = RecordingTransport([
            Self.ok("ListGroupsForUser", "<Groups><member><GroupName>devs</GroupName></member></Groups><IsTruncated>false</IsTruncated>"),
            Self.ok("RemoveUserFromGroup"),
            Self.ok("ListUserPolicies", "<PolicyNames><member>inline</member></PolicyNames><IsTruncated>false</IsTruncated>"),
            Self.ok("DeleteUserPolicy"),
            Self.ok("ListAttachedUserPolicies", "<AttachedPolicies><member><PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member></AttachedPolicies><IsTruncated>false</IsTruncated>"),
            Self.ok("DetachUserPolicy"),
            Self.ok("ListAccessKeys", "<AccessKeyMetadata><member><AccessKeyId>AKIA1</AccessKeyId></member></AccessKeyMetadata><IsTruncated>false</IsTruncated>"),
            Self.ok("DeleteAccessKey"),
            Self.ok("ListSSHPublicKeys", "<SSHPublicKeys><member><SSHPublicKeyId>APKA1</SSHPublicKeyId></member></SSHPublicKeys><IsTruncated>false</IsTruncated>"),
            Self.ok("DeleteSSHPublicKey"),
            Self.ok("ListVirtualMFADevices", """
                <VirtualMFADevices><member><SerialNumber>arn:aws:iam::1:mfa/other</SerialNumber><User><UserName>other</UserName></User></member>
                <member><SerialNumber>arn:aws:iam::1:mfa/bob</SerialNumber><User><UserName>bob</UserName></User></member></VirtualMFADevices><IsTruncated>false</IsTruncated>
                """),
            Self.ok("DeactivateMFADevice"),
            Self.ok("DeleteVirtualMFADevice"),
            Self.ok("ListMFADevices", "<MFADevices/><IsTruncated>false</IsTruncated>"),
            Self.error("EntityTemporarilyUnmodifiable", "Login Profile for User bob cannot be modified while login profile is being created."),
            Self.error("NoSuchEntity", "Login profile for bob not found"),
            Self.ok("ListSigningCertificates", "<Certificates/><IsTruncated>false</IsTruncated>"),
            Self.ok("ListServiceSpecificCredentials", "<ServiceSpecificCredentials><member><ServiceSpecificCredentialId>ACCA1</ServiceSpecificCredentialId></member></ServiceSpecificCredentials>"),
            Self.ok("DeleteServiceSpecificCredential"),
            Self.ok("DeleteUser"),
        ])
        let user = Value.object(["id": .string("bob"), "name": .string("bob"), "force_destroy": .true])

        try await IAMUserResource().delete(user, in: try Self.context(transport, type: "aws_iam_user"))

        #expect(Self.actions(transport) == [
            "ListGroupsForUser", "RemoveUserFromGroup", "ListUserPolicies", "DeleteUserPolicy", "ListAttachedUserPolicies", "DetachUserPolicy",
            "ListAccessKeys", "DeleteAccessKey", "ListSSHPublicKeys", "DeleteSSHPublicKey", "ListVirtualMFADevices", "DeactivateMFADevice",
            "DeleteVirtualMFADevice", "ListMFADevices", "DeleteLoginProfile", "DeleteLoginProfile", "ListSigningCertificates",
            "ListServiceSpecificCredentials", "DeleteServiceSpecificCredential", "DeleteUser",
        ])
        let deactivate = try #require(transport.requests.first { $0.bodyText.contains("Action=DeactivateMFADevice") })
        #expect(deactivate.bodyText.contains("mfa%2Fbob"), "only the user's own virtual device")
    }

    @Test func withoutForceDestroyOnlyGroupMembershipsGoFirst() async throws {
        let transport = RecordingTransport([
            Self.ok("ListGroupsForUser", "<Groups/><IsTruncated>false</IsTruncated>"),
            Self.ok("DeleteUser"),
        ])
        let user = Value.object(["id": .string("bob"), "name": .string("bob"), "force_destroy": .false])
        try await IAMUserResource().delete(user, in: try Self.context(transport, type: "aws_iam_user"))
        #expect(Self.actions(transport) == ["ListGroupsForUser", "DeleteUser"])
    }

    static func user(boundary: String?) -> String {
        let boundary = boundary.map { "<PermissionsBoundary><PermissionsBoundaryType>Policy</PermissionsBoundaryType><PermissionsBoundaryArn>\($0)</PermissionsBoundaryArn></PermissionsBoundary>" } ?? ""
        return "<User><Path>/</Path><UserName>bob</UserName><UserId>AIDAEXAMPLE</UserId><Arn>arn:aws:iam::123456789012:user/bob</Arn>\(boundary)</User>"
    }

    static func userObject(boundary: String?) -> Value {
        .object([
            "id": .string("bob"), "name": .string("bob"), "path": .string("/"), "permissions_boundary": .string(boundary),
            "force_destroy": .false, "tags": .null(.map(.string)), "tags_all": .stringMap([:]),
        ])
    }

    /// A user's permissions boundary is given at creation, set and removed in place (the
    /// emulator neither keeps nor changes a user's boundary, so this is shown here).
    @Test func aUsersPermissionsBoundaryIsGivenAtCreationAndChangedInPlace() async throws {
        let boundary = "arn:aws:iam::123456789012:policy/boundary"
        let transport = RecordingTransport([
            Self.ok("CreateUser", Self.user(boundary: boundary)), Self.ok("GetUser", Self.user(boundary: boundary)), Self.ok("GetUser", Self.user(boundary: boundary)),
            Self.ok("DeleteUserPermissionsBoundary"), Self.ok("GetUser", Self.user(boundary: nil)),
            Self.ok("PutUserPermissionsBoundary"), Self.ok("GetUser", Self.user(boundary: boundary)),
        ])
        let context = try Self.context(transport, type: "aws_iam_user")

        let created = try await IAMUserResource().create(Self.userObject(boundary: boundary), in: context)
        #expect(created.string("permissions_boundary") == boundary)
        #expect(transport.requests.first?.bodyText.contains("PermissionsBoundary=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2Fboundary") == true)

        let removed = try await IAMUserResource().update(prior: created, planned: Self.userObject(boundary: nil), in: context)
        #expect(removed.string("permissions_boundary") == nil)
        let restored = try await IAMUserResource().update(prior: removed, planned: Self.userObject(boundary: boundary), in: context)
        #expect(restored.string("permissions_boundary") == boundary)

        #expect(Self.actions(transport) == ["CreateUser", "GetUser", "GetUser", "DeleteUserPermissionsBoundary", "GetUser", "PutUserPermissionsBoundary", "GetUser"])
        let put = try #require(transport.requests.first { $0.bodyText.contains("Action=PutUserPermissionsBoundary") })
        #expect(put.bodyText.contains("UserName=bob") && put.bodyText.contains("PermissionsBoundary=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2Fboundary"))
    }

    /// A key whose user was renamed meanwhile is deleted under the user's new name; a key
    /// IAM no longer knows is simply gone.
    @Test func aKeyIsDeletedUnderItsUsersNewName() async throws {
        let transport = RecordingTransport([
            Self.error("NoSuchEntity", "The user with name bob cannot be found."),
            Self.ok("GetAccessKeyLastUsed", "<UserName>robert</UserName><AccessKeyLastUsed><Region>N/A</Region><ServiceName>N/A</ServiceName></AccessKeyLastUsed>"),
            Self.ok("DeleteAccessKey"),
        ])
        let key = Value.object(["id": .string("AKIA1"), "user": .string("bob")])
        try await IAMAccessKeyResource().delete(key, in: try Self.context(transport, type: "aws_iam_access_key"))
        #expect(Self.actions(transport) == ["DeleteAccessKey", "GetAccessKeyLastUsed", "DeleteAccessKey"])
        #expect(transport.requests.last?.bodyText.contains("UserName=robert") == true)

        let gone = RecordingTransport([
            Self.error("NoSuchEntity", "The Access Key with id AKIA1 cannot be found."),
            Self.error("AccessDenied", "The access key AKIA1 cannot be found."),
        ])
        try await IAMAccessKeyResource().delete(key, in: try Self.context(gone, type: "aws_iam_access_key"))
        #expect(Self.actions(gone) == ["DeleteAccessKey", "GetAccessKeyLastUsed"])
    }

    static func version(_ id: String, _ date: String, isDefault: Bool) -> String {
        "<member><VersionId>\(id)</VersionId><IsDefaultVersion>\(isDefault)</IsDefaultVersion><CreateDate>\(date)</CreateDate></member>"
    }

    @Test func withFiveVersionsTheOldestOtherThanTheDefaultIsDeletedFirst() async throws {
        let versions = [
            Self.version("v5", "2024-05-05T00:00:00Z", isDefault: true),
            Self.version("v3", "2024-05-03T00:00:00Z", isDefault: false),
            Self.version("v1", "2024-05-01T00:00:00Z", isDefault: false),
            Self.version("v4", "2024-05-04T00:00:00Z", isDefault: false),
            Self.version("v2", "2024-05-02T00:00:00Z", isDefault: false),
        ].joined()
        let transport = RecordingTransport([Self.ok("ListPolicyVersions", "<Versions>\(versions)</Versions><IsTruncated>false</IsTruncated>"), Self.ok("DeletePolicyVersion")])
        try await IAMPolicyResource.pruneVersions("arn:aws:iam::1:policy/p", in: try Self.context(transport, type: "aws_iam_policy"))
        #expect(Self.actions(transport) == ["ListPolicyVersions", "DeletePolicyVersion"])
        #expect(transport.requests.last?.bodyText.contains("VersionId=v1") == true)
    }

    @Test func withFewerThanFiveVersionsNoneIsDeleted() async throws {
        let versions = [Self.version("v2", "2024-05-02T00:00:00Z", isDefault: true), Self.version("v1", "2024-05-01T00:00:00Z", isDefault: false)].joined()
        let transport = RecordingTransport([Self.ok("ListPolicyVersions", "<Versions>\(versions)</Versions><IsTruncated>false</IsTruncated>")])
        try await IAMPolicyResource.pruneVersions("arn:aws:iam::1:policy/p", in: try Self.context(transport, type: "aws_iam_policy"))
        #expect(Self.actions(transport) == ["ListPolicyVersions"])
    }

    @Test func aDelayedDefaultVersionIsMadeThenSetAfterTheDelay() async throws {
        let transport = RecordingTransport([Self.ok("CreatePolicyVersion", "<PolicyVersion><VersionId>v2</VersionId></PolicyVersion>"), Self.ok("SetDefaultPolicyVersion")])
        let clock = VirtualClock()
        try await IAMPolicyResource.createDefaultVersion("arn:aws:iam::1:policy/p", document: #"{"Statement":[]}"#, delay: 1500, in: try Self.context(transport, clock: clock, type: "aws_iam_policy"))
        #expect(Self.actions(transport) == ["CreatePolicyVersion", "SetDefaultPolicyVersion"])
        #expect(transport.requests.first?.bodyText.contains("SetAsDefault=false") == true)
        #expect(transport.requests.last?.bodyText.contains("VersionId=v2") == true)
        #expect(clock.sleeps == [.milliseconds(1500)])
    }

    /// The conversion AWS documents for SES SMTP passwords, computed independently (with
    /// Python's hmac module, following AWS's published script) for AWS's example secret key.
    @Test func sesSMTPPasswordsFollowAWSsConversion() {
        #expect(SESSMTPPassword.derive(secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1") == "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9")
        #expect(SESSMTPPassword.derive(secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "eu-west-1") == "BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk")
    }

    @Test func inlinePoliciesGoVersionFirstAndCompact() {
        #expect(IAM.legacyNormalizedPolicy(#"{ "Statement": [ { "Effect": "Allow", "Action": "s3:*", "Resource": "*" } ], "Version": "2012-10-17" }"#)
            == #"{"Version":"2012-10-17","Statement":[{"Action":"s3:*","Effect":"Allow","Resource":"*"}]}"#)
        #expect(IAM.normalizedPolicy(#"{ "Version": "2012-10-17", "Statement": [] }"#) == #"{"Statement":[],"Version":"2012-10-17"}"#)
    }

    @Test func documentsAreDecodedOnlyWhenEncoded() {
        #expect(IAM.decodedDocument("%7B%22a%22%3A%20%22b%20c%2Bd%22%7D") == #"{"a": "b c+d"}"#)
        #expect(IAM.decodedDocument(#"{"a": "100%"}"#) == #"{"a": "100%"}"#)
    }
}
