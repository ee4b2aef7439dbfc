import Foundation
import ResourceGraph
import Testing
import TestSupport

@testable import Providers
@testable import Provisioner

/// Creates whose answer was lost, on the emulator: objects of several families are created
/// through the provider as the engine creates them (planned, tagged with the stack and
/// address), then looked up with the configuration an interrupted run has. The lookup finds
/// the very object the create made, and nothing for an address or name nothing was made for.
@Suite struct ReconciliationEmulatorTests {
    let plugin: AWSProvider
    let provider: any ConfiguredProvider
    /// The stack id, as a state's lineage; unique to the test on the shared emulator.
    let stack = "reconcile-\(UUID().uuidString.lowercased())"
    let suffix = String(UUID().uuidString.lowercased().prefix(8))

    init() async throws {
        // Without signature checks: the emulator refuses some signed EFS requests.
        let server = try MotoServer.shared(enforceSignatures: false)
        plugin = AWSProvider(environment: server.environment)
        provider = try await plugin.configure(.object(["region": .string("eu-west-1")]))
    }

    /// The configuration of `type` with these arguments, as an interrupted run would have it.
    func configuration(_ type: String, _ arguments: [String: Value]) throws -> Value {
        let schema = try #require(plugin.resourceTypes[type]).block
        return Value.object(arguments).conformed(to: schema.valueType)
    }

    /// Plans and creates the object as the engine does; returns what the lookup is asked.
    func create(_ type: String, _ name: String, _ arguments: [String: Value]) async throws -> (query: CreatedObjectQuery, created: Value) {
        let schema = try #require(plugin.resourceTypes[type]).block
        let configuration = try configuration(type, arguments)
        let proposed = ObjectPlanning.proposedNew(schema: schema, prior: nil, config: configuration)
        let planned = try provider.planChange(type: type, prior: nil, proposed: proposed, configuration: configuration).planned
        let address = InstanceAddress(resource: ResourceAddress(type: type, name: name))
        let token = UUID().uuidString
        let created = try await provider.create(type: type, planned: planned, context: OperationContext(address: address, idempotencyToken: token, stack: stack))
        return (CreatedObjectQuery(address: address, stack: stack, idempotencyToken: token, configuration: configuration), created)
    }

    func expectFound(_ query: CreatedObjectQuery, is created: Value, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let lookup = try await provider.findCreated(type: query.address.resource.type, query: query)
        guard case .found(let found) = lookup else {
            Issue.record("\(query.address): expected the created object, got \(lookup)", sourceLocation: sourceLocation)
            return
        }
        #expect(found[attribute: "id"]?.stringValue == created[attribute: "id"]?.stringValue, sourceLocation: sourceLocation)
        #expect(found[attribute: "id"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    }

    func expectNotFound(_ query: CreatedObjectQuery, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let lookup = try await provider.findCreated(type: query.address.resource.type, query: query)
        guard case .notFound = lookup else {
            Issue.record("\(query.address): expected nothing found, got \(lookup)", sourceLocation: sourceLocation)
            return
        }
    }

    /// Deletes what a test made, last made first, so the shared emulator keeps only its own.
    func delete(_ made: (query: CreatedObjectQuery, created: Value)...) async throws {
        for object in made.reversed() {
            try await provider.delete(type: object.query.address.resource.type, current: object.created, context: OperationContext(address: object.query.address, idempotencyToken: UUID().uuidString, stack: stack))
        }
    }

    /// Another instance of the same configuration, which nothing was created for.
    func elsewhere(_ query: CreatedObjectQuery, _ changes: [String: Value] = [:]) -> CreatedObjectQuery {
        let address = InstanceAddress(resource: ResourceAddress(type: query.address.resource.type, name: query.address.resource.name + "_other"))
        return CreatedObjectQuery(address: address, stack: stack, idempotencyToken: UUID().uuidString, configuration: query.configuration?.setting(changes))
    }

    @Test func iamRoleAndPolicyAreFoundByName() async throws {
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        let role = try await create("aws_iam_role", "app", ["name": .string("recon-role-\(suffix)"), "assume_role_policy": .string(trust)])
        try await expectFound(role.query, is: role.created)
        try await expectNotFound(elsewhere(role.query, ["name": .string("recon-role-other-\(suffix)")]))

        let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#
        let policy = try await create("aws_iam_policy", "app", ["name": .string("recon-policy-\(suffix)"), "path": .string("/recon/"), "policy": .string(document)])
        try await expectFound(policy.query, is: policy.created)
        try await expectNotFound(elsewhere(policy.query, ["name": .string("recon-policy-other-\(suffix)")]))
        try await delete(role, policy)
    }

    @Test func s3BucketIsFoundByTagsAndByName() async throws {
        let bucket = try await create("aws_s3_bucket", "logs", ["bucket": .string("recon-bucket-\(suffix)")])
        try await expectFound(bucket.query, is: bucket.created)
        // Its name not yet known: the system tags alone find it.
        let unnamed = CreatedObjectQuery(address: bucket.query.address, stack: stack, idempotencyToken: bucket.query.idempotencyToken, configuration: bucket.query.configuration?.setting(["bucket": .unknown(.string)]))
        try await expectFound(unnamed, is: bucket.created)
        try await expectNotFound(elsewhere(bucket.query, ["bucket": .string("recon-bucket-other-\(suffix)")]))
        try await delete(bucket)
    }

    @Test func launchTemplateIsFoundByItsTagsInEC2() async throws {
        let template = try await create("aws_launch_template", "web", ["name_prefix": .string("recon-lt-")])
        try await expectFound(template.query, is: template.created)
        try await expectNotFound(elsewhere(template.query))
        try await delete(template)
    }

    /// EC2's tags name a key pair by its `key-…` id, which read takes as well as the name: a
    /// key named by AWS (key_name_prefix) is found by its tags, and destroy's sweep of the
    /// stack's objects reads it.
    @Test func keyPairIsFoundByItsTagsAndByName() async throws {
        let publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXwzR4J2nM3PmG0mZ9f3CkUOhT1Bvl0dQ8w7yJ2kq5N recon@test"
        let prefixed = try await create("aws_key_pair", "generated", ["key_name_prefix": .string("recon-kp-"), "public_key": .string(publicKey)])
        try await expectFound(prefixed.query, is: prefixed.created)
        let named = try await create("aws_key_pair", "named", ["key_name": .string("recon-kp-\(suffix)"), "public_key": .string(publicKey)])
        try await expectFound(named.query, is: named.created)
        try await expectNotFound(elsewhere(named.query, ["key_name": .string("recon-kp-other-\(suffix)")]))
        let swept = try await provider.stackObjects(stack: stack, excluding: [])
        #expect(Set(swept.map(\.address.description)) == ["aws_key_pair.generated", "aws_key_pair.named"])
        #expect(Set(swept.compactMap { $0.value[attribute: "id"]?.stringValue }) == Set([prefixed.created, named.created].compactMap { $0[attribute: "id"]?.stringValue }), "read by the tags' key-… id, the key pairs have their names as ids")
        // EC2's tags name the key pair by its key-… id: excluded by that id, it is not read.
        let knownNamed = try #require(named.created[attribute: "key_pair_id"]?.stringValue)
        let sweptUnknown = try await provider.stackObjects(stack: stack, excluding: [knownNamed])
        #expect(sweptUnknown.map(\.address.description) == ["aws_key_pair.generated"], "an object state records is left out, not read")
        try await delete(prefixed, named)
    }

    @Test func targetGroupIsFoundByName() async throws {
        let vpc = try await create("aws_vpc", "main", ["cidr_block": .string("10.91.0.0/16")])
        let vpcID = try #require(vpc.created[attribute: "id"]?.stringValue)
        let group = try await create("aws_lb_target_group", "web", [
            "name": .string("recon-tg-\(suffix)"), "port": .number(80), "protocol": .string("HTTP"), "vpc_id": .string(vpcID),
        ])
        try await expectFound(group.query, is: group.created)
        try await expectNotFound(elsewhere(group.query, ["name": .string("recon-tg-other-\(suffix)")]))
        try await delete(vpc, group)
    }

    @Test func efsFileSystemIsFoundByItsCreationToken() async throws {
        let generated = try await create("aws_efs_file_system", "data", [:])
        try await expectFound(generated.query, is: generated.created)
        try await expectNotFound(elsewhere(generated.query))
        let configured = try await create("aws_efs_file_system", "shared", ["creation_token": .string("recon-efs-\(suffix)")])
        try await expectFound(configured.query, is: configured.created)
        try await expectNotFound(elsewhere(configured.query, ["creation_token": .string("recon-efs-other-\(suffix)")]))
        try await delete(generated, configured)
    }
}
