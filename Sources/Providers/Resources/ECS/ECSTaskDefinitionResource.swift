import Foundation
import Provisioner
import ResourceGraph

/// `aws_ecs_task_definition`: one revision of a task definition family. Every argument but
/// the tags and the two local switches forces a new revision; replacing one deregisters the
/// old revision unless `skip_destroy`. Its id is the family. Import id: the revision's ARN, or
/// the family (its latest active revision).
struct ECSTaskDefinitionResource: AWSResourceType {
    static let displayName = "ECS Task Definition"
    static let typeName = "aws_ecs_task_definition"

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "arn_without_revision": AttributeSchema(.string, .computed),
            "revision": AttributeSchema(.number, .computed),
            "family": AttributeSchema(.string, .required, forceNew: true),
            "container_definitions": AttributeSchema(.string, .required, forceNew: true),
            "cpu": AttributeSchema(.string, .optional, forceNew: true),
            "memory": AttributeSchema(.string, .optional, forceNew: true),
            "execution_role_arn": AttributeSchema(.string, .optional, forceNew: true),
            "task_role_arn": AttributeSchema(.string, .optional, forceNew: true),
            "network_mode": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "ipc_mode": AttributeSchema(.string, .optional, forceNew: true),
            "pid_mode": AttributeSchema(.string, .optional, forceNew: true),
            "enable_fault_injection": AttributeSchema(.bool, .optionalComputed, forceNew: true),
            "requires_compatibilities": AttributeSchema(.set(.string), .optional, forceNew: true),
            "skip_destroy": AttributeSchema(.bool, .optional, default: .false),
            "track_latest": AttributeSchema(.bool, .optional, default: .false),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: TaskDefinitionBlocks.blocks),
        version: 1)

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        let planned = AWSTags.planTagsAll(proposed, settings: settings)
        // The definitions AWS stores differ in form from the configured ones; only a change of
        // meaning registers a new revision.
        let awsvpc = planned.string("network_mode") == "awsvpc"
        return PlannedChange(planned: PlanSuppression.keepPriorString("container_definitions", in: planned, prior: prior) { old, new in
            ContainerDefinitions.equivalent(old, new, awsvpc: awsvpc)
        })
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let family = planned.string("family"), let definitions = planned.string("container_definitions") else {
            throw ProviderError("Creating ECS Task Definition", detail: "family and container_definitions must be known.")
        }
        var body = TaskDefinitionBlocks.requestMembers(planned)
        body["family"] = .string(family)
        do {
            body["containerDefinitions"] = try ContainerDefinitions.requestMember(definitions)
        } catch {
            throw ProviderError("Creating ECS Task Definition (\(family))", detail: error.description)
        }
        for (attribute, member) in [
            ("cpu", "cpu"), ("memory", "memory"), ("execution_role_arn", "executionRoleArn"), ("task_role_arn", "taskRoleArn"),
            ("network_mode", "networkMode"), ("ipc_mode", "ipcMode"), ("pid_mode", "pidMode"),
        ] {
            if let text = planned.string(attribute), !text.isEmpty { body[member] = .string(text) }
        }
        if planned.bool("enable_fault_injection") == true { body["enableFaultInjection"] = .true }
        if let compatibilities = planned.stringList("requires_compatibilities"), !compatibilities.isEmpty {
            body["requiresCompatibilities"] = .tuple(compatibilities.map(Value.string))
        }
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { body["tags"] = ECS.tagLists.list(tags) }
        let response: Value
        do {
            // Each call registers another revision: never repeated blindly.
            response = try await ECS.call("RegisterTaskDefinition", body, in: context, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating ECS Task Definition (\(family))")
        }
        guard let arn = response[attribute: "taskDefinition"]?.string("taskDefinitionArn") else {
            throw ProviderError("Creating ECS Task Definition (\(family))", detail: "RegisterTaskDefinition answered without an ARN.")
        }
        let partial = planned.setting(["id": .string(family), "arn": .string(arn)])
        do {
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating ECS Task Definition (\(family))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        // With track_latest, the family's latest revision is the one in state.
        let target = current.bool("track_latest") == true ? current.string("family") : (current.string("arn") ?? current.string("id"))
        guard let target else { return nil }
        do {
            let response = try await ECS.call("DescribeTaskDefinition", ["taskDefinition": .string(target), "include": .tuple([.string("TAGS")])], in: context)
            guard let definition = response[attribute: "taskDefinition"], let arn = definition.string("taskDefinitionArn"),
                  !["INACTIVE", "DELETE_IN_PROGRESS"].contains(definition.string("status") ?? "") else { return nil }
            let awsvpc = definition.string("networkMode") == "awsvpc"
            let remoteDefinitions = ContainerDefinitions.text(fromRemote: definition[attribute: "containerDefinitions"])
            let containerDefinitions: String
            if let configured = current.string("container_definitions"), ContainerDefinitions.equivalent(configured, remoteDefinitions, awsvpc: awsvpc) {
                containerDefinitions = configured
            } else {
                containerDefinitions = remoteDefinitions
            }
            var attributes: [String: Value] = [
                "id": .string(definition.string("family")),
                "arn": .string(arn),
                "arn_without_revision": .string(Self.withoutRevision(arn)),
                "revision": .number(definition.int("revision")),
                "family": .string(definition.string("family")),
                "container_definitions": .string(containerDefinitions),
                "cpu": .string(definition.string("cpu")),
                "memory": .string(definition.string("memory")),
                "execution_role_arn": .string(definition.string("executionRoleArn")),
                "task_role_arn": .string(definition.string("taskRoleArn")),
                "network_mode": .string(definition.string("networkMode") ?? ""),
                "ipc_mode": .string(definition.string("ipcMode")),
                "pid_mode": .string(definition.string("pidMode")),
                "enable_fault_injection": .bool(definition.bool("enableFaultInjection") ?? false),
                "requires_compatibilities": .stringSet(definition.stringList("requiresCompatibilities") ?? []),
                // What the configuration said: AWS does not know these.
                "skip_destroy": Self.configured(current, "skip_destroy"),
                "track_latest": Self.configured(current, "track_latest"),
            ]
            attributes.merge(TaskDefinitionBlocks.attributes(of: definition)) { _, new in new }
            attributes.merge(AWSTags.attributes(remote: ECS.tagLists.map(response[attribute: "tags"]), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch where Self.isNotFound(error) {
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading ECS Task Definition (\(target))")
        }
    }

    private static func configured(_ current: Value, _ name: String) -> Value {
        guard let value = current[attribute: name], value.isKnown, !value.isNull else { return .false }
        return value
    }

    /// ECS answers a ClientException for a revision or family it does not know.
    private static func isNotFound(_ error: any Error) -> Bool {
        guard let error = error as? AWSError, error.code == "ClientException" else { return false }
        return error.message.contains("Unable to describe task definition") || error.message.contains("does not exist")
    }

    /// `…:task-definition/FAMILY:REVISION` without `:REVISION`.
    static func withoutRevision(_ arn: String) -> String {
        guard let slash = arn.lastIndex(of: "/"), let colon = arn[slash...].lastIndex(of: ":") else { return arn }
        return String(arn[..<colon])
    }

    /// Only the tags (and the local switches) change in place.
    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let arn = prior.string("arn") else { throw ProviderError("Updating ECS Task Definition", detail: "the revision has no ARN in state.") }
        do {
            try await ECS.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating ECS Task Definition (\(arn))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard current.bool("skip_destroy") != true, let arn = current.string("arn") else { return }
        do {
            _ = try await ECS.call("DeregisterTaskDefinition", ["taskDefinition": .string(arn)], in: context)
        } catch let error as AWSError where error.code == "ClientException" && (error.message.contains("in the process of being deleted") || Self.isNotFound(error)) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting ECS Task Definition (\(arn))")
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        guard let object = try await read(.object(["arn": .string(id)]), in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No active ECS task definition \(id) exists in \(context.region).")
        }
        return object
    }
}

// MARK: Reconciliation

extension ECSTaskDefinitionResource {
    /// The id is the family, from `…:task-definition/FAMILY:REVISION`.
    func identity(fromARN arn: String) -> [String: Value] {
        let revision = arn.split(separator: "/").last.map(String.init) ?? arn
        return ["id": .string(String(revision.split(separator: ":").first ?? Substring(revision))), "arn": .string(arn)]
    }
}
