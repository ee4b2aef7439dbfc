import Foundation
import Provisioner
import ResourceGraph

/// `aws_instance`: an EC2 instance, launched with RunInstances and awaited until it runs;
/// deleting it terminates it and waits until it is terminated. Import id: the instance id.
struct InstanceResource: AWSResourceType {
    static let displayName = "EC2 Instance"
    static let typeName = "aws_instance"

    var schema: ResourceTypeSchema { InstanceSchema.schema }

    // MARK: Plan

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        try Self.validate(configuration)
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        for block in InstanceSchema.keptWhenUnconfigured {
            planned = PlanSuppression.keepPriorBlockWhenUnconfigured(block, in: planned, prior: prior, configuration: configuration)
        }
        // State keeps user data as its SHA-1 (the provider's state function); an empty hash
        // and no user data are the same.
        planned = PlanSuppression.keepPriorString("user_data", in: planned, prior: prior) { old, new in
            old == UserData.hashSum(new) || (old == UserData.emptyHashSum && new.isEmpty)
        }
        guard let prior else { return PlannedChange(planned: planned) }
        planned = Self.keepingConfiguredCredits(planned, prior: prior)
        planned = Self.plannedRootBlockDevice(planned, prior: prior)

        var replace: [ValuePath] = []
        if planned.bool("user_data_replace_on_change") == true {
            replace += ["user_data", "user_data_base64"].filter { PlanSuppression.changed($0, prior, planned) }.map { [$0] }
        }
        if let old = prior.objects("root_block_device").first, let new = planned.objects("root_block_device").first,
           ["encrypted", "kms_key_id"].contains(where: { new[attribute: $0]?.isKnown == true && PlanSuppression.changed($0, old, new) }) {
            replace.append(["root_block_device"])
        }
        return PlannedChange(planned: planned, requiresReplace: replace)
    }

    /// The provider's schema conflicts and its "at least one of" rules.
    static func validate(_ configuration: Value) throws {
        func isSet(_ name: String) -> Bool {
            guard let value = configuration[attribute: name], !value.isNull else { return false }
            return value.elements.map { !$0.isEmpty } ?? true
        }
        if isSet("user_data"), isSet("user_data_base64") {
            throw ProviderError("Conflicting configuration arguments", detail: "\"user_data\": conflicts with user_data_base64")
        }
        if !isSet("ami"), !isSet("launch_template") {
            throw ProviderError("Missing required argument", detail: "\"ami\": one of `ami,launch_template` must be specified")
        }
        if !isSet("instance_type"), !isSet("launch_template") {
            throw ProviderError("Missing required argument", detail: "\"instance_type\": one of `instance_type,launch_template` must be specified")
        }
        if isSet("volume_tags"), InstanceReading.blockTagsConfigured(configuration) {
            throw ProviderError("Conflicting configuration arguments", detail: "\"volume_tags\": conflicts with root_block_device.0.tags and ebs_block_device tags")
        }
        if let template = configuration.objects("launch_template").first,
           (template[attribute: "id"]?.isNull ?? true) == (template[attribute: "name"]?.isNull ?? true) {
            throw ProviderError("Invalid combination of arguments", detail: "\"launch_template.0.id\": exactly one of `launch_template.0.id,launch_template.0.name` must be specified")
        }
    }

    /// A configured credit specification without `cpu_credits` keeps what was read: the
    /// provider only checks it for drift when it is set.
    static func keepingConfiguredCredits(_ planned: Value, prior: Value) -> Value {
        guard let new = planned.objects("credit_specification").first, new.string("cpu_credits") == nil,
              let old = prior.objects("credit_specification").first, old.string("cpu_credits") != nil else { return planned }
        return planned.setting(["credit_specification": .list([old], of: InstanceSchema.creditSpecification.valueType)])
    }

    /// Changed root volume tags change the tags AWS reports for it.
    static func plannedRootBlockDevice(_ planned: Value, prior: Value) -> Value {
        guard let new = planned.objects("root_block_device").first, let old = prior.objects("root_block_device").first,
              PlanSuppression.changed("tags", old, new) else { return planned }
        return planned.setting(["root_block_device": .list([new.setting(["tags_all": .unknown(.map(.string))])], of: InstanceSchema.rootBlockDevice.valueType)])
    }

    // MARK: Create

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let timeout = Timeouts.duration(planned, "create", default: .seconds(600))
        let id: String
        do {
            let parameters = try InstanceLaunchRequest.parameters(planned, lookups: try await lookups(planned, in: context), clientToken: context.idempotencyToken)
            // With a client token a repeated RunInstances returns the first launch.
            let response = try await EC2.retrying(timeout: AutoScaling.propagationTimeout, when: AutoScaling.isInstanceProfilePropagation) {
                try await context.client.query(.ec2, action: "RunInstances", parameters: parameters, idempotent: context.idempotencyToken != nil)
            }
            guard let launched = response.all("instancesSet", "item").first?.string("instanceId") else {
                throw ProviderError("Creating EC2 Instance", detail: "RunInstances answered without an instance id.")
            }
            id = launched
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Instance")
        }
        let partial = planned.setting(["id": .string(id)])
        do {
            try await InstanceStates.wait(id, for: .launch, timeout: timeout, in: context)
            if let (instance, _) = try await InstanceStates.describe(id, in: context) {
                try await InstanceBlockDevices.tagConfiguredVolumes(planned, instance: instance, in: context)
            }
            // RunInstances cannot turn the check off.
            if planned.bool("source_dest_check") == false {
                try await InstanceUpdates.modifyAttribute(id, "SourceDestCheck", QueryParameters { $0.set("Value", false) }, in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Instance (\(id))", partialObject: partial)
        }
    }

    /// The AMI's root device name (for a configured root block device) and whether the
    /// instance type is burstable (for a configured credit specification).
    private func lookups(_ planned: Value, in context: AWSContext) async throws -> InstanceLaunchRequest.Lookups {
        var lookups = InstanceLaunchRequest.Lookups(rootDeviceName: nil, burstable: false)
        if !planned.objects("root_block_device").isEmpty {
            // The configured AMI wins over the launch template's.
            var image = InstanceLaunchRequest.text(planned, "ami")
            if image == nil { image = try await InstanceTemplateLink.imageID(planned, in: context) }
            if let image {
                lookups.rootDeviceName = try await AMIRootDevice.name(of: image, in: context)
            } else {
                throw ProviderError("Creating EC2 Instance", detail: "`ami` must be set or provided via `launch_template`")
            }
        }
        if !planned.objects("credit_specification").isEmpty, let type = InstanceLaunchRequest.text(planned, "instance_type") {
            lookups.burstable = try await InstanceReading.burstable(type, in: context)
        }
        return lookups
    }

    // MARK: Read

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            return try await InstanceReading.read(id, current: current, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Instance (\(id))")
        }
    }

    // MARK: Update

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating EC2 Instance", detail: "the instance has no id in state.") }
        do {
            try await InstanceUpdates.apply(id, prior: prior, planned: planned, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 Instance (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    // MARK: Delete

    /// With `force_destroy`, termination and stop protection are turned off first; otherwise
    /// a protected instance is left to AWS to refuse, as the provider leaves it.
    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        let timeout = Timeouts.duration(current, "delete", default: .seconds(1200))
        do {
            if current.bool("force_destroy") == true {
                try await turnOffProtection(id, "DisableApiTermination", in: context)
                if current.bool("disable_api_stop") == true { try await turnOffProtection(id, "DisableApiStop", in: context) }
            }
            var parameters = QueryParameters()
            parameters.setList("InstanceId", [id])
            do {
                _ = try await context.client.query(.ec2, action: "TerminateInstances", parameters: parameters)
            } catch where EC2.isNotFound(error) {
                return
            }
            try await InstanceStates.wait(id, for: .terminate, timeout: timeout, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "terminating EC2 Instance (\(id))")
        }
    }

    /// Spot instances cannot be protected; AWS says so and the delete goes on.
    private func turnOffProtection(_ id: String, _ member: String, in context: AWSContext) async throws {
        do {
            try await InstanceUpdates.modifyAttribute(id, member, QueryParameters { $0.set("Value", false) }, in: context)
        } catch let error as AWSError where error.code == "UnsupportedOperation" && error.message.contains("not supported for spot instances") {
            return
        } catch where EC2.isNotFound(error) {
            return
        }
    }
}
