import Foundation
import Provisioner
import ResourceGraph

/// `aws_ecs_service`: a long-running service of tasks in a cluster. Its id is its ARN. Import
/// id: `cluster-name/service-name`.
struct ECSServiceResource: AWSResourceType {
    static let displayName = "ECS Service"
    static let typeName = "aws_ecs_service"

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .required, forceNew: true),
            "cluster": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "task_definition": AttributeSchema(.string, .optional),
            "desired_count": AttributeSchema(.number, .optional),
            "launch_type": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "platform_version": AttributeSchema(.string, .optionalComputed),
            "availability_zone_rebalancing": AttributeSchema(.string, .optionalComputed),
            "scheduling_strategy": AttributeSchema(.string, .optional, forceNew: true, default: .string("REPLICA")),
            "deployment_maximum_percent": AttributeSchema(.number, .optional, default: .number(200)),
            "deployment_minimum_healthy_percent": AttributeSchema(.number, .optional, default: .number(100)),
            "health_check_grace_period_seconds": AttributeSchema(.number, .optional),
            "enable_execute_command": AttributeSchema(.bool, .optional, default: .false),
            "enable_ecs_managed_tags": AttributeSchema(.bool, .optional, default: .false),
            "force_new_deployment": AttributeSchema(.bool, .optional),
            "force_delete": AttributeSchema(.bool, .optional),
            "propagate_tags": AttributeSchema(.string, .optional),
            "iam_role": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "triggers": AttributeSchema(.map(.string), .optionalComputed),
            "wait_for_steady_state": AttributeSchema(.bool, .optional, default: .false),
            "sigint_rollback": AttributeSchema(.bool, .optional, unsupported: "rolling a deployment back when prov is interrupted is not implemented yet"),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: ServiceBlocks.blocks),
        version: 1)

    /// Attributes only the configuration knows; a read keeps what it had.
    static let configurationOnly: [String: Value] = [
        "force_new_deployment": .null(.bool), "force_delete": .null(.bool), "wait_for_steady_state": .false,
        "sigint_rollback": .null(.bool), "timeouts": .null(Timeouts.valueType),
    ]

    // MARK: Plan

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        for block in ServiceBlocks.keptWhenUnconfigured {
            planned = PlanSuppression.keepPriorBlockWhenUnconfigured(block, in: planned, prior: prior, configuration: configuration)
        }
        guard let prior else { return PlannedChange(planned: planned) }
        var kept: [String: Value] = [:]
        // Daemon services run one task per instance: the count and percentages are AWS's.
        if planned.string("scheduling_strategy") == "DAEMON" {
            kept["desired_count"] = prior[attribute: "desired_count"]
            if planned.int("deployment_maximum_percent") == 200 { kept["deployment_maximum_percent"] = prior[attribute: "deployment_maximum_percent"] }
            if planned.int("deployment_minimum_healthy_percent") == 100 { kept["deployment_minimum_healthy_percent"] = prior[attribute: "deployment_minimum_healthy_percent"] }
        }
        // AWS reports NONE for "do not propagate".
        if prior.string("propagate_tags") == "NONE", (planned.string("propagate_tags") ?? "").isEmpty {
            kept["propagate_tags"] = prior[attribute: "propagate_tags"]
        }
        // Triggers only matter with force_new_deployment.
        let priorTriggers = prior.stringMap("triggers") ?? [:]
        if planned.bool("force_new_deployment") != true || (!priorTriggers.isEmpty && (planned.stringMap("triggers") ?? [:]).isEmpty) {
            kept["triggers"] = prior[attribute: "triggers"]
        }
        kept["ordered_placement_strategy"] = Self.placementStrategiesKeepingFieldSpelling(planned: planned, prior: prior)
        return PlannedChange(planned: planned.setting(kept.compactMapValues { $0 }))
    }

    /// Placement fields compare without case, and `host` is stored as `instanceId`.
    private static func placementStrategiesKeepingFieldSpelling(planned: Value, prior: Value) -> Value? {
        let new = planned.objects("ordered_placement_strategy"), old = prior.objects("ordered_placement_strategy")
        guard !new.isEmpty, new.count == old.count else { return planned[attribute: "ordered_placement_strategy"] }
        let elements = zip(new, old).map { new, old -> Value in
            let field = new.string("field").map { $0 == "host" ? "instanceId" : $0 }
            guard let field, let oldField = old.string("field"), field.lowercased() == oldField.lowercased() else { return new }
            return new.setting(["field": .string(oldField)])
        }
        return .list(elements, of: ServiceBlocks.placementStrategySchema.valueType)
    }

    // MARK: Create

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = planned.string("name") else { throw ProviderError("Creating ECS Service", detail: "name is not known.") }
        let body = Self.createRequest(planned, clientToken: ECSServices.clientToken(context))
        let response: Value
        do {
            // A new cluster or IAM role can take a while to be usable by ECS.
            response = try await ECS.retrying("creating ECS Service \(name)", timeout: .seconds(240), in: context, when: Self.isPropagationDelay) {
                try await ECS.call("CreateService", body, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating ECS Service (\(name))")
        }
        guard let arn = response[attribute: "service"]?.string("serviceArn") else {
            throw ProviderError("Creating ECS Service (\(name))", detail: "CreateService answered without a service ARN.")
        }
        let cluster = planned.string("cluster")
        let partial = planned.setting(["id": .string(arn), "arn": .string(arn)])
        do {
            let timeout = Timeouts.duration(planned, "create", default: .seconds(1200))
            if planned.bool("wait_for_steady_state") == true {
                try await ECSServices.waitUntilSteady(arn, cluster: cluster, timeout: timeout, in: context)
            } else {
                try await ECSServices.waitUntilActive(arn, cluster: cluster, timeout: timeout, in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating ECS Service (\(name))", partialObject: partial)
        }
    }

    private static func createRequest(_ planned: Value, clientToken: String) -> [String: Value] {
        let daemon = planned.string("scheduling_strategy") == "DAEMON"
        var deployment: [String: Value] = [:]
        let minimum = planned.int("deployment_minimum_healthy_percent") ?? 100
        if daemon {
            if minimum != 100 { deployment["minimumHealthyPercent"] = .number(minimum) }
        } else {
            deployment["maximumPercent"] = .number(planned.int("deployment_maximum_percent") ?? 200)
            deployment["minimumHealthyPercent"] = .number(minimum)
        }
        if let breaker = planned.objects("deployment_circuit_breaker").first { deployment["deploymentCircuitBreaker"] = ServiceBlocks.circuitBreaker(breaker) }
        if let alarms = ServiceBlocks.alarms(planned.objects("alarms").first) { deployment["alarms"] = alarms }
        var body: [String: Value] = [
            "serviceName": .string(planned.string("name")),
            "clientToken": .string(clientToken),
            "schedulingStrategy": .string(planned.string("scheduling_strategy") ?? "REPLICA"),
            "deploymentConfiguration": .object(deployment),
            "enableECSManagedTags": .bool(planned.bool("enable_ecs_managed_tags") ?? false),
            "enableExecuteCommand": .bool(planned.bool("enable_execute_command") ?? false),
        ]
        if !daemon { body["desiredCount"] = .number(planned.int("desired_count") ?? 0) }
        let controller = ServiceBlocks.controller(planned.objects("deployment_controller").first)
        if let controller { body["deploymentController"] = controller }
        // A service whose deployments an external controller runs takes no launch type.
        if let launchType = planned.string("launch_type"), !launchType.isEmpty, controller?.string("type") != "EXTERNAL" {
            body["launchType"] = .string(launchType)
        }
        for (attribute, member) in [
            ("cluster", "cluster"), ("task_definition", "taskDefinition"), ("platform_version", "platformVersion"),
            ("propagate_tags", "propagateTags"), ("iam_role", "role"), ("availability_zone_rebalancing", "availabilityZoneRebalancing"),
        ] {
            if let text = planned.string(attribute), !text.isEmpty { body[member] = .string(text) }
        }
        if let grace = planned.int("health_check_grace_period_seconds"), grace != 0 { body["healthCheckGracePeriodSeconds"] = .number(grace) }
        if let network = ServiceBlocks.networkConfiguration(planned.objects("network_configuration").first) { body["networkConfiguration"] = network }
        let lists: [(String, String, ([Value]) -> Value)] = [
            ("capacity_provider_strategy", "capacityProviderStrategy", ECS.capacityProviderStrategy),
            ("load_balancer", "loadBalancers", ServiceBlocks.loadBalancers),
            ("ordered_placement_strategy", "placementStrategy", ServiceBlocks.placementStrategies),
            ("placement_constraints", "placementConstraints", ServiceBlocks.placementConstraints),
            ("service_registries", "serviceRegistries", ServiceBlocks.serviceRegistries),
        ]
        for (attribute, member, convert) in lists {
            let blocks = planned.objects(attribute)
            if !blocks.isEmpty { body[member] = convert(blocks) }
        }
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { body["tags"] = ECS.tagLists.list(tags) }
        return body
    }

    private static let isPropagationDelay: @Sendable (AWSError) -> Bool = { error in
        if error.code == "ClusterNotFoundException" { return true }
        guard error.code == "InvalidParameterException" else { return false }
        return ["verify that the ECS service role being passed has the proper permissions", "does not have an associated load balancer", "Unable to assume the service linked role"]
            .contains { error.message.contains($0) }
    }

    // MARK: Read

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        let cluster = current.string("cluster")
        do {
            // A service that is draining or inactive has been deleted.
            guard let service = try await ECSServices.describe(id, cluster: cluster, tags: true, in: context),
                  service.string("status") == "ACTIVE", let arn = service.string("serviceArn") else { return nil }
            let deployment = ServiceBlocks.present(service[attribute: "deploymentConfiguration"])
            var attributes: [String: Value] = [
                "id": .string(arn),
                "arn": .string(arn),
                "name": .string(service.string("serviceName")),
                // Cluster, task definition and role keep the form the configuration gave them.
                "cluster": .string(service.string("clusterArn").map { ECS.isARN(cluster) ? $0 : ECS.clusterName($0) }),
                "task_definition": service.string("taskDefinition").map { .string(ECS.isARN(current.string("task_definition")) ? $0 : ECSServices.familyAndRevision($0)) }
                    ?? Self.known(current, "task_definition", or: .null(.string)),
                "iam_role": service.string("roleArn").map { .string(ECS.isARN(current.string("iam_role")) ? $0 : Self.roleName($0)) }
                    ?? Self.known(current, "iam_role", or: .null(.string)),
                "desired_count": .number(service.int("desiredCount") ?? 0),
                "launch_type": .string(service.string("launchType") ?? ""),
                "platform_version": .string(service.string("platformVersion") ?? ""),
                "availability_zone_rebalancing": .string(service.string("availabilityZoneRebalancing") ?? ""),
                "scheduling_strategy": .string(service.string("schedulingStrategy") ?? "REPLICA"),
                "deployment_maximum_percent": deployment?.int("maximumPercent").map { .number($0) } ?? Self.known(current, "deployment_maximum_percent", or: .number(200)),
                "deployment_minimum_healthy_percent": deployment?.int("minimumHealthyPercent").map { .number($0) } ?? Self.known(current, "deployment_minimum_healthy_percent", or: .number(100)),
                "health_check_grace_period_seconds": .number(service.int("healthCheckGracePeriodSeconds")),
                "enable_execute_command": .bool(service.bool("enableExecuteCommand") ?? false),
                "enable_ecs_managed_tags": .bool(service.bool("enableECSManagedTags") ?? false),
                "propagate_tags": .string(service.string("propagateTags") ?? ""),
                "triggers": Self.known(current, "triggers", or: .map([:], of: .string)),
            ]
            for (name, fallback) in Self.configurationOnly { attributes[name] = Self.known(current, name, or: fallback) }
            // Blocks AWS only reports with a deployment configuration stay as they were otherwise.
            for block in ["alarms", "deployment_circuit_breaker", "deployment_configuration"] {
                attributes[block] = current[attribute: block].flatMap { $0.isKnown ? $0 : nil } ?? .list([], of: ServiceBlocks.blocks[block]!.block.valueType)
            }
            attributes.merge(ServiceBlocks.attributes(of: service)) { _, new in new }
            attributes.merge(AWSTags.attributes(remote: ECS.tagLists.map(service[attribute: "tags"]), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading ECS Service (\(id))")
        }
    }

    private static func known(_ current: Value, _ name: String, or fallback: Value) -> Value {
        guard let value = current[attribute: name], value.isKnown, !value.isNull else { return fallback }
        return value
    }

    /// `…:role/path/NAME` to `NAME`.
    private static func roleName(_ arn: String) -> String {
        guard let slash = arn.lastIndex(of: "/") else { return arn }
        return String(arn[arn.index(after: slash)...])
    }

    // MARK: Update

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let arn = prior.string("id") else { throw ProviderError("Updating ECS Service", detail: "the service has no ARN in state.") }
        let changed = { (name: String) in PlanSuppression.changed(name, prior, planned) }
        if changed("capacity_provider_strategy"), planned.bool("force_new_deployment") != true {
            throw ProviderError("Updating ECS Service (\(arn))", detail: "force_new_deployment should be true when capacity_provider_strategy is being updated.")
        }
        let cluster = planned.string("cluster")
        let local: Set<String> = ["force_delete", "tags", "tags_all"]
        let names = Array(schema.block.attributes.keys) + Array(schema.block.blocks.keys)
        do {
            if names.contains(where: { !local.contains($0) && changed($0) }) {
                let body = Self.updateRequest(arn: arn, prior: prior, planned: planned, changed: changed)
                _ = try await ECS.retrying("updating ECS Service \(arn)", timeout: .seconds(240), in: context, when: { error in
                    error.code == "InvalidParameterException" && Self.isPropagationDelay(error)
                }) {
                    try await ECS.call("UpdateService", body, in: context)
                }
                let timeout = Timeouts.duration(planned, "update", default: .seconds(1200))
                if planned.bool("wait_for_steady_state") == true {
                    try await ECSServices.waitUntilSteady(arn, cluster: cluster, timeout: timeout, in: context)
                } else {
                    try await ECSServices.waitUntilActive(arn, cluster: cluster, timeout: timeout, in: context)
                }
            }
            try await ECS.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating ECS Service (\(arn))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// UpdateService with the members that changed; removed lists are sent empty, which is how
    /// the API clears them.
    private static func updateRequest(arn: String, prior: Value, planned: Value, changed: (String) -> Bool) -> [String: Value] {
        var body: [String: Value] = ["service": .string(arn), "forceNewDeployment": .bool(planned.bool("force_new_deployment") ?? false)]
        if let cluster = planned.string("cluster"), !cluster.isEmpty { body["cluster"] = .string(cluster) }
        var deployment: [String: Value] = [:]
        var deploymentChanged = false
        if changed("alarms") {
            deploymentChanged = true
            if let alarms = ServiceBlocks.alarms(planned.objects("alarms").first) { deployment["alarms"] = alarms }
        }
        if changed("deployment_circuit_breaker") {
            // An empty circuit breaker removes it.
            deploymentChanged = true
            deployment["deploymentCircuitBreaker"] = ServiceBlocks.circuitBreaker(planned.objects("deployment_circuit_breaker").first)
        }
        if planned.string("scheduling_strategy") == "DAEMON" {
            if changed("deployment_minimum_healthy_percent") {
                deploymentChanged = true
                deployment["minimumHealthyPercent"] = .number(planned.int("deployment_minimum_healthy_percent") ?? 100)
            }
        } else {
            if changed("deployment_maximum_percent") || changed("deployment_minimum_healthy_percent") {
                deploymentChanged = true
                deployment["maximumPercent"] = .number(planned.int("deployment_maximum_percent") ?? 200)
                deployment["minimumHealthyPercent"] = .number(planned.int("deployment_minimum_healthy_percent") ?? 100)
            }
            if changed("desired_count") { body["desiredCount"] = .number(planned.int("desired_count") ?? 0) }
        }
        if deploymentChanged { body["deploymentConfiguration"] = .object(deployment) }
        if changed("deployment_controller") {
            body["deploymentController"] = ServiceBlocks.controller(planned.objects("deployment_controller").first) ?? .object(["type": .string("ECS")])
        }
        if changed("availability_zone_rebalancing"), let rebalancing = planned.string("availability_zone_rebalancing"), !rebalancing.isEmpty {
            body["availabilityZoneRebalancing"] = .string(rebalancing)
        }
        if changed("capacity_provider_strategy") { body["capacityProviderStrategy"] = ECS.capacityProviderStrategy(planned.objects("capacity_provider_strategy")) }
        if changed("enable_ecs_managed_tags") { body["enableECSManagedTags"] = .bool(planned.bool("enable_ecs_managed_tags") ?? false) }
        if changed("enable_execute_command") { body["enableExecuteCommand"] = .bool(planned.bool("enable_execute_command") ?? false) }
        if changed("health_check_grace_period_seconds") { body["healthCheckGracePeriodSeconds"] = .number(planned.int("health_check_grace_period_seconds") ?? 0) }
        if changed("load_balancer") { body["loadBalancers"] = ServiceBlocks.loadBalancers(planned.objects("load_balancer")) }
        if changed("network_configuration"), let network = ServiceBlocks.networkConfiguration(planned.objects("network_configuration").first) {
            body["networkConfiguration"] = network
        }
        if changed("ordered_placement_strategy") { body["placementStrategy"] = ServiceBlocks.placementStrategies(planned.objects("ordered_placement_strategy")) }
        if changed("placement_constraints") { body["placementConstraints"] = ServiceBlocks.placementConstraints(planned.objects("placement_constraints")) }
        if changed("service_registries") { body["serviceRegistries"] = ServiceBlocks.serviceRegistries(planned.objects("service_registries")) }
        for (attribute, member) in [("platform_version", "platformVersion"), ("propagate_tags", "propagateTags"), ("task_definition", "taskDefinition")] where changed(attribute) {
            body[member] = .string(planned.string(attribute) ?? "")
        }
        return body
    }

    // MARK: Delete

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let arn = current.string("id") else { return }
        let cluster = current.string("cluster")
        let forceDelete = current.bool("force_delete") ?? false
        do {
            guard let service = try await ECSServices.describe(arn, cluster: cluster, in: context), let status = service.string("status"), status != "INACTIVE" else { return }
            // Scale a replica service to zero first, so its tasks stop before it goes.
            if status != "DRAINING", service.string("schedulingStrategy") != "DAEMON", !forceDelete {
                var body: [String: Value] = ["service": .string(arn), "desiredCount": .number(0)]
                if let cluster, !cluster.isEmpty { body["cluster"] = .string(cluster) }
                _ = try await ECS.call("UpdateService", body, in: context)
            }
            var body: [String: Value] = ["service": .string(arn), "force": .bool(forceDelete)]
            if let cluster, !cluster.isEmpty { body["cluster"] = .string(cluster) }
            let timeout = Timeouts.duration(current, "delete", default: .seconds(1200))
            let request = body
            _ = try await ECS.retrying("deleting ECS Service \(arn)", timeout: timeout, in: context, when: { error in
                (error.code == "InvalidParameterException" && error.message.contains("The service cannot be stopped while deployments are active."))
                    || (error.code == "DependencyViolation" && error.message.contains("has a dependent object"))
            }) {
                try await ECS.call("DeleteService", request, in: context)
            }
            try await ECSServices.waitUntilInactive(arn, cluster: cluster, timeout: timeout, in: context)
        } catch where ECS.hasCode(error, "ServiceNotFoundException", "ClusterNotFoundException") {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting ECS Service (\(arn))")
        }
    }

    // MARK: Import

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        guard let (clusterName, serviceName) = ECSServices.parseImportID(id) else {
            throw ProviderError("Invalid import id", detail: "aws_ecs_service is imported as cluster-name/service-name, not \(id).")
        }
        // As Terraform does, the imported service names its cluster by ARN.
        guard let found = try await ECSServices.describe(serviceName, cluster: clusterName, in: context),
              let arn = found.string("serviceArn"), let clusterARN = found.string("clusterArn"),
              let object = try await read(.object(["id": .string(arn), "cluster": .string(clusterARN)]), in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No active ECS service \(serviceName) exists in cluster \(clusterName) in \(context.region).")
        }
        return object
    }
}

// MARK: Reconciliation

extension ECSServiceResource {
    /// The id is the ARN, `…:service/CLUSTER/NAME`, which also names the cluster.
    func identity(fromARN arn: String) -> [String: Value] {
        let parts = arn.split(separator: "/")
        var identity: [String: Value] = ["id": .string(arn), "arn": .string(arn)]
        if parts.count == 3 { identity["cluster"] = .string(String(parts[1])) }
        return identity
    }

    /// Service names are unique in their cluster; DescribeServices takes the name as the id.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        ReconciliationIdentity.whenKnown(configuration, "name", "cluster").map { _ in ["id": configuration[attribute: "name"]!] }
    }
}
