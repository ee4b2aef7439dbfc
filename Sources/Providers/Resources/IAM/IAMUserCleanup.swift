import Foundation
import Provisioner
import ResourceGraph

/// What IAM requires gone before it deletes a user: group memberships always, and with
/// `force_destroy` everything else the provider removes (policies, access keys, SSH keys, MFA
/// devices, login profile, signing certificates, service-specific credentials). Parts already
/// gone (NoSuchEntity) are skipped.
struct IAMUserCleanup {
    let user: String
    let context: AWSContext

    private var byUser: QueryParameters { IAM.parameters(["UserName": user]) }

    private func list(_ action: String, _ path: String...) async throws -> [XMLNode] {
        try await IAM.list(action, byUser, member: path, in: context)
    }

    /// Runs one removal step, with what it does for the error message.
    private func step(_ doing: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch where IAM.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "\(doing) of IAM User (\(user))")
        }
    }

    func removeGroupMemberships() async throws {
        try await step("removing the group memberships") {
            for group in try await list("ListGroupsForUser", "Groups", "member").compactMap({ $0.string("GroupName") }) {
                _ = try await IAM.call("RemoveUserFromGroup", IAM.parameters(["GroupName": group, "UserName": user]), in: context)
            }
        }
    }

    func removeEverything() async throws {
        try await step("removing the inline policies") {
            for name in try await list("ListUserPolicies", "PolicyNames", "member").map(\.text) {
                _ = try await IAM.call("DeleteUserPolicy", IAM.parameters(["UserName": user, "PolicyName": name]), in: context)
            }
        }
        try await step("detaching the managed policies") {
            for arn in try await list("ListAttachedUserPolicies", "AttachedPolicies", "member").compactMap({ $0.string("PolicyArn") }) {
                _ = try await IAM.call("DetachUserPolicy", IAM.parameters(["UserName": user, "PolicyArn": arn]), in: context)
            }
        }
        try await step("removing the access keys") {
            for key in try await list("ListAccessKeys", "AccessKeyMetadata", "member").compactMap({ $0.string("AccessKeyId") }) {
                _ = try await IAM.call("DeleteAccessKey", IAM.parameters(["UserName": user, "AccessKeyId": key]), in: context)
            }
        }
        try await step("removing the SSH public keys") {
            for key in try await list("ListSSHPublicKeys", "SSHPublicKeys", "member").compactMap({ $0.string("SSHPublicKeyId") }) {
                _ = try await IAM.call("DeleteSSHPublicKey", IAM.parameters(["UserName": user, "SSHPublicKeyId": key]), in: context)
            }
        }
        try await step("removing the virtual MFA devices") {
            let assigned = try await IAM.list("ListVirtualMFADevices", IAM.parameters(["AssignmentStatus": "Assigned"]), member: ["VirtualMFADevices", "member"], in: context)
            for device in assigned where device.string("User", "UserName") == user {
                guard let serial = device.string("SerialNumber") else { continue }
                _ = try await IAM.call("DeactivateMFADevice", IAM.parameters(["UserName": user, "SerialNumber": serial]), in: context)
                _ = try await IAM.call("DeleteVirtualMFADevice", IAM.parameters(["SerialNumber": serial]), in: context)
            }
        }
        try await step("deactivating the MFA devices") {
            for serial in try await list("ListMFADevices", "MFADevices", "member").compactMap({ $0.string("SerialNumber") }) {
                _ = try await IAM.call("DeactivateMFADevice", IAM.parameters(["UserName": user, "SerialNumber": serial]), in: context)
            }
        }
        try await step("removing the login profile") {
            // A login profile being created cannot be deleted for a moment.
            _ = try await retryWhileEventuallyConsistent("removing the login profile of IAM User (\(user))", in: context, isRetryable: {
                EventualConsistency.isError($0, code: "EntityTemporarilyUnmodifiable")
            }) {
                try await IAM.call("DeleteLoginProfile", byUser, in: context)
            }
        }
        try await step("removing the signing certificates") {
            for certificate in try await list("ListSigningCertificates", "Certificates", "member").compactMap({ $0.string("CertificateId") }) {
                _ = try await IAM.call("DeleteSigningCertificate", IAM.parameters(["UserName": user, "CertificateId": certificate]), in: context)
            }
        }
        try await step("removing the service-specific credentials") {
            let credentials = try await IAM.call("ListServiceSpecificCredentials", byUser, in: context)
                .all("ServiceSpecificCredentials", "member").compactMap { $0.string("ServiceSpecificCredentialId") }
            for credential in credentials {
                _ = try await IAM.call("DeleteServiceSpecificCredential", IAM.parameters(["UserName": user, "ServiceSpecificCredentialId": credential]), in: context)
            }
        }
    }
}
