import Foundation
import Provisioner
import ResourceGraph

/// `aws_lambda_event_source_mapping`: Lambda reading a queue or stream and invoking a function
/// with what it reads. Import id: the mapping's UUID (which is also the id).
struct EventSourceMappingResource: AWSResourceType {
    static let displayName = "Lambda Event Source Mapping"
    static let typeName = "aws_lambda_event_source_mapping"
    static let defaultTimeout = Duration.seconds(600)

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "uuid": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "function_name": AttributeSchema(.string, .required),
            "function_arn": AttributeSchema(.string, .computed),
            "event_source_arn": AttributeSchema(.string, .optional, forceNew: true),
            "enabled": AttributeSchema(.bool, .optional, default: .true),
            "batch_size": AttributeSchema(.number, .optional),
            "bisect_batch_on_function_error": AttributeSchema(.bool, .optional),
            "function_response_types": AttributeSchema(.set(.string), .optional),
            "kms_key_arn": AttributeSchema(.string, .optional),
            "maximum_batching_window_in_seconds": AttributeSchema(.number, .optional),
            "maximum_record_age_in_seconds": AttributeSchema(.number, .optionalComputed),
            "maximum_retry_attempts": AttributeSchema(.number, .optionalComputed),
            "parallelization_factor": AttributeSchema(.number, .optionalComputed),
            "queues": AttributeSchema(.list(.string), .optional, forceNew: true),
            "starting_position": AttributeSchema(.string, .optional, forceNew: true),
            "starting_position_timestamp": AttributeSchema(.string, .optional, forceNew: true),
            "topics": AttributeSchema(.set(.string), .optional, forceNew: true),
            "tumbling_window_in_seconds": AttributeSchema(.number, .optional),
            "use_resource_timeout_for_propagation": AttributeSchema(.bool, .optional),
            "last_modified": AttributeSchema(.string, .computed),
            "last_processing_result": AttributeSchema(.string, .computed),
            "state": AttributeSchema(.string, .computed),
            "state_transition_reason": AttributeSchema(.string, .computed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: EventSourceMappingBlocks.blocks))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        let sources = ["event_source_arn", "self_managed_event_source"].filter { name in
            guard let value = configuration[attribute: name] else { return false }
            return !value.isNull && !(value.elements?.isEmpty ?? false)
        }
        if sources.count != 1, configuration[attribute: "event_source_arn"]?.isKnown ?? true {
            throw ProviderError("Invalid combination of arguments", detail: "\"event_source_arn\": \(sources.isEmpty ? "one" : "only one") of `event_source_arn,self_managed_event_source` must be specified")
        }
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        for block in ["amazon_managed_kafka_event_source_config", "self_managed_kafka_event_source_config", "destination_config"] {
            planned = PlanSuppression.keepPriorBlockWhenUnconfigured(block, in: planned, prior: prior, configuration: configuration)
        }
        guard let prior else { return PlannedChange(planned: planned) }
        var kept: [String: Value] = [:]
        // The state names the function by ARN; the configuration may name it either way.
        if let before = prior.string("function_name"), let after = planned.string("function_name"), before != after,
           LambdaPolicyStatements.parseFunction(before)?.name == LambdaPolicyStatements.parseFunction(after)?.name,
           LambdaPolicyStatements.parseFunction(before)?.qualifier == LambdaPolicyStatements.parseFunction(after)?.qualifier {
            kept["function_name"] = prior[attribute: "function_name"]
        }
        // Left unset, the batch size is the service's default, which AWS reports.
        if configuration[attribute: "batch_size"]?.isNull ?? true, let size = prior.int("batch_size"),
           size == Self.defaultBatchSize(planned) {
            kept["batch_size"] = prior[attribute: "batch_size"]
        }
        if let before = prior.objects("self_managed_event_source").first?.stringMap("endpoints"),
           let after = planned.objects("self_managed_event_source").first?.stringMap("endpoints"),
           Self.sameEndpoints(before, after) {
            kept["self_managed_event_source"] = prior[attribute: "self_managed_event_source"]
        }
        return PlannedChange(planned: PlannedValues.keepingEquivalentPrior(planned.setting(kept), prior: prior, Array(schema.block.attributes.keys) + Array(schema.block.blocks.keys)))
    }

    /// AWS's batch size when none is given: 100 for streams, Kafka, MQ and DocumentDB, 10 for SQS.
    static func defaultBatchSize(_ planned: Value) -> Int? {
        let service: String
        if let arn = planned.string("event_source_arn") {
            service = arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(2).first.map(String.init) ?? ""
        } else if !planned.objects("self_managed_event_source").isEmpty {
            service = "kafka"
        } else {
            return nil
        }
        switch service {
        case "dynamodb", "kinesis", "kafka", "mq", "rds": return 100
        case "sqs": return 10
        default: return nil
        }
    }

    /// Kafka bootstrap servers are a comma-separated list AWS keeps sorted.
    static func sameEndpoints(_ a: [String: String], _ b: [String: String]) -> Bool {
        guard Set(a.keys) == Set(b.keys) else { return false }
        return a.allSatisfy { key, value in
            key == "KAFKA_BOOTSTRAP_SERVERS" ? value.components(separatedBy: ",").sorted() == (b[key] ?? "").components(separatedBy: ",").sorted() : value == b[key]
        }
    }

    // MARK: Create

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let function = planned.string("function_name") else { throw ProviderError("Creating Lambda Event Source Mapping", detail: "function_name is not known.") }
        let target = planned.string("event_source_arn") ?? "Self-Managed Apache Kafka"
        let body = Self.createBody(planned, function: function)
        let response: Value
        do {
            response = try await Lambda.retrying("Lambda to be able to use the function's role", timeout: Self.propagationTimeout(planned, "create"), in: context, while: Self.isPropagationFailure) {
                try await Lambda.call("CreateEventSourceMapping", "POST", "/2015-03-31/event-source-mappings", body: .object(body), idempotent: false, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Lambda Event Source Mapping (\(target))")
        }
        guard let uuid = response.string("UUID") else {
            throw ProviderError("Creating Lambda Event Source Mapping (\(target))", detail: "CreateEventSourceMapping answered without a UUID.")
        }
        let partial = planned.setting(["id": .string(uuid), "uuid": .string(uuid)])
        do {
            try await Self.waitForState(uuid, pending: ["Creating", "Disabling", "Enabling"], timeout: Timeouts.duration(planned, "create", default: Self.defaultTimeout), in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for Lambda Event Source Mapping (\(uuid)) create", partialObject: partial)
        }
    }

    static func createBody(_ planned: Value, function: String) -> [String: Value] {
        typealias B = EventSourceMappingBlocks
        var body: [String: Value] = ["FunctionName": .string(function), "Enabled": .bool(planned.bool("enabled") ?? true)]
        LambdaFunctionRequests.put(&body, "EventSourceArn", planned.string("event_source_arn"))
        LambdaFunctionRequests.put(&body, "KMSKeyArn", planned.string("kms_key_arn"))
        LambdaFunctionRequests.put(&body, "StartingPosition", planned.string("starting_position"))
        if let stamp = planned.string("starting_position_timestamp"), let date = try? Date(stamp, strategy: .iso8601) {
            body["StartingPositionTimestamp"] = .number(Number(Decimal(date.timeIntervalSince1970)))
        }
        for (attribute, member) in [("batch_size", "BatchSize"), ("maximum_batching_window_in_seconds", "MaximumBatchingWindowInSeconds"),
                                    ("maximum_record_age_in_seconds", "MaximumRecordAgeInSeconds"), ("parallelization_factor", "ParallelizationFactor"),
                                    ("tumbling_window_in_seconds", "TumblingWindowInSeconds")] {
            if let number = planned.int(attribute), number != 0 { body[member] = .number(number) }
        }
        // Zero retries is a choice (the default is -1, forever): sent whenever it is known.
        if let retries = planned.int("maximum_retry_attempts") { body["MaximumRetryAttempts"] = .number(retries) }
        if planned.bool("bisect_batch_on_function_error") == true { body["BisectBatchOnFunctionError"] = .true }
        if let types = planned.stringList("function_response_types"), !types.isEmpty { body["FunctionResponseTypes"] = LambdaFunctionRequests.strings(types.sorted()) }
        if let queues = planned.stringList("queues"), !queues.isEmpty { body["Queues"] = LambdaFunctionRequests.strings(queues) }
        if let topics = planned.stringList("topics"), !topics.isEmpty { body["Topics"] = LambdaFunctionRequests.strings(topics.sorted()) }
        if let kafka = planned.objects("amazon_managed_kafka_event_source_config").first { body["AmazonManagedKafkaEventSourceConfig"] = B.consumerGroupRequest(kafka) }
        if let kafka = planned.objects("self_managed_kafka_event_source_config").first { body["SelfManagedKafkaEventSourceConfig"] = B.consumerGroupRequest(kafka) }
        if let destination = planned.objects("destination_config").first { body["DestinationConfig"] = B.destinationRequest(destination) }
        if let documentDB = planned.objects("document_db_event_source_config").first { body["DocumentDBEventSourceConfig"] = B.documentDBRequest(documentDB) }
        if let criteria = planned.objects("filter_criteria").first { body["FilterCriteria"] = B.filterCriteriaRequest(criteria) }
        if let metrics = planned.objects("metrics_config").first { body["MetricsConfig"] = B.metricsRequest(metrics) }
        if let poller = planned.objects("provisioned_poller_config").first { body["ProvisionedPollerConfig"] = B.pollerRequest(poller) }
        if let scaling = planned.objects("scaling_config").first { body["ScalingConfig"] = B.scalingRequest(scaling) }
        if let source = planned.objects("self_managed_event_source").first { body["SelfManagedEventSource"] = B.selfManagedRequest(source) }
        let access = planned.objects("source_access_configuration")
        if !access.isEmpty { body["SourceAccessConfigurations"] = B.sourceAccessRequest(access) }
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { body["Tags"] = .object(tags.mapValues(Value.string)) }
        return body
    }

    /// Lambda checks the function's role can read the source: failures while IAM spreads.
    static func isPropagationFailure(_ error: AWSError) -> Bool {
        error.code == "InvalidParameterValueException"
            && ["cannot be assumed by Lambda", "execution role does not have permissions", "ensure the role can perform"].contains { error.message.contains($0) }
    }

    /// The fixed propagation time, or the operation's timeout when the configuration asks
    /// for it (`use_resource_timeout_for_propagation`).
    static func propagationTimeout(_ planned: Value, _ operation: String) -> Duration {
        planned.bool("use_resource_timeout_for_propagation") == true ? Timeouts.duration(planned, operation, default: defaultTimeout) : Lambda.propagationTimeout
    }

    // MARK: Read

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let uuid = current.string("id") ?? current.string("uuid") else { return nil }
        do {
            guard let mapping = try await Self.get(uuid, in: context) else { return nil }
            let arn = mapping.string("EventSourceMappingArn") ?? ""
            let state = mapping.string("State") ?? ""
            let enabled: Value = ["Enabled", "Enabling"].contains(state) ? .true : ["Disabled", "Disabling"].contains(state) ? .false : .null(.bool)
            var attributes: [String: Value] = [
                "id": .string(uuid),
                "uuid": .string(mapping.string("UUID") ?? uuid),
                "arn": .string(arn),
                "function_name": .string(mapping.string("FunctionArn")),
                "function_arn": .string(mapping.string("FunctionArn")),
                "event_source_arn": .string(mapping.string("EventSourceArn")),
                "enabled": enabled,
                "batch_size": .number(mapping.int("BatchSize")),
                "bisect_batch_on_function_error": .bool(mapping.bool("BisectBatchOnFunctionError")),
                "function_response_types": .stringSet(mapping.stringList("FunctionResponseTypes") ?? []),
                "kms_key_arn": .string(mapping.string("KMSKeyArn")),
                "maximum_batching_window_in_seconds": .number(mapping.int("MaximumBatchingWindowInSeconds")),
                "maximum_record_age_in_seconds": .number(mapping.int("MaximumRecordAgeInSeconds")),
                "maximum_retry_attempts": .number(mapping.int("MaximumRetryAttempts")),
                "parallelization_factor": .number(mapping.int("ParallelizationFactor")),
                "queues": .stringList(mapping.stringList("Queues") ?? []),
                "starting_position": .string(mapping.string("StartingPosition")),
                "starting_position_timestamp": .string(Self.timestamp(mapping[attribute: "StartingPositionTimestamp"])),
                "topics": .stringSet(mapping.stringList("Topics") ?? []),
                "tumbling_window_in_seconds": .number(mapping.int("TumblingWindowInSeconds")),
                "last_modified": .string(Self.timestamp(mapping[attribute: "LastModified"])),
                "last_processing_result": .string(mapping.string("LastProcessingResult") ?? ""),
                "state": .string(state),
                "state_transition_reason": .string(mapping.string("StateTransitionReason") ?? ""),
                "use_resource_timeout_for_propagation": LambdaFunctionAttributes.carried(current, "use_resource_timeout_for_propagation", .null(.bool)),
                "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
            ]
            attributes.merge(EventSourceMappingBlocks.read(mapping)) { _, new in new }
            let tags = arn.isEmpty ? [:] : try await Lambda.tags(arn: arn, in: context)
            attributes.merge(AWSTags.attributes(remote: tags, prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Lambda Event Source Mapping (\(uuid))")
        }
    }

    /// Lambda's timestamps (seconds since 1970) as RFC 3339, as the provider writes them.
    static func timestamp(_ value: Value?) -> String? {
        guard let seconds = value?.numberValue?.doubleValue else { return value?.stringValue }
        return Date(timeIntervalSince1970: seconds.rounded(.down)).formatted(.iso8601)
    }

    static func get(_ uuid: String, in context: AWSContext) async throws -> Value? {
        do {
            return try await Lambda.call("GetEventSourceMapping", "GET", "/2015-03-31/event-source-mappings/" + AWSURIEncoding.encode(uuid), in: context)
        } catch where Lambda.isNotFound(error) {
            return nil
        }
    }

    // MARK: Update

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let uuid = prior.string("id") else { throw ProviderError("Updating Lambda Event Source Mapping", detail: "the mapping has no UUID in state.") }
        let body = Self.updateBody(prior: prior, planned: planned)
        do {
            if !body.isEmpty {
                try await Lambda.retrying("Lambda to be able to use the function's role", timeout: Self.propagationTimeout(planned, "update"), in: context, while: Self.isPropagationFailure) {
                    try await Lambda.call("UpdateEventSourceMapping", "PUT", "/2015-03-31/event-source-mappings/" + AWSURIEncoding.encode(uuid), body: .object(body), in: context)
                }
                try await Self.waitForState(uuid, pending: ["Disabling", "Enabling", "Updating"], timeout: Timeouts.duration(planned, "update", default: Self.defaultTimeout), in: context)
            }
            if let arn = prior.string("arn"), !arn.isEmpty {
                try await Lambda.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating Lambda Event Source Mapping (\(uuid))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// UpdateEventSourceMapping's body: what changed, as the provider sends it.
    static func updateBody(prior: Value, planned: Value) -> [String: Value] {
        typealias B = EventSourceMappingBlocks
        func changed(_ name: String) -> Bool { PlanSuppression.changed(name, prior, planned) }
        var body: [String: Value] = [:]
        for (attribute, member) in [("batch_size", "BatchSize"), ("maximum_batching_window_in_seconds", "MaximumBatchingWindowInSeconds"),
                                    ("maximum_record_age_in_seconds", "MaximumRecordAgeInSeconds"), ("maximum_retry_attempts", "MaximumRetryAttempts"),
                                    ("parallelization_factor", "ParallelizationFactor"), ("tumbling_window_in_seconds", "TumblingWindowInSeconds")]
        where changed(attribute) {
            body[member] = .number(planned.int(attribute) ?? 0)
        }
        if changed("bisect_batch_on_function_error") { body["BisectBatchOnFunctionError"] = .bool(planned.bool("bisect_batch_on_function_error") ?? false) }
        if changed("enabled") { body["Enabled"] = .bool(planned.bool("enabled") ?? true) }
        if changed("function_name") { body["FunctionName"] = .string(planned.string("function_name") ?? "") }
        if changed("function_response_types") { body["FunctionResponseTypes"] = LambdaFunctionRequests.strings((planned.stringList("function_response_types") ?? []).sorted()) }
        if changed("kms_key_arn") { body["KMSKeyArn"] = .string(planned.string("kms_key_arn") ?? "") }
        if changed("destination_config"), let destination = planned.objects("destination_config").first { body["DestinationConfig"] = B.destinationRequest(destination) }
        if changed("document_db_event_source_config"), let documentDB = planned.objects("document_db_event_source_config").first {
            body["DocumentDBEventSourceConfig"] = B.documentDBRequest(documentDB)
        }
        if changed("filter_criteria") { body["FilterCriteria"] = B.filterCriteriaRequest(planned.objects("filter_criteria").first ?? .emptyObject) }
        if changed("metrics_config") { body["MetricsConfig"] = B.metricsRequest(planned.objects("metrics_config").first) }
        if changed("provisioned_poller_config") { body["ProvisionedPollerConfig"] = B.pollerRequest(planned.objects("provisioned_poller_config").first) }
        if changed("scaling_config") { body["ScalingConfig"] = B.scalingRequest(planned.objects("scaling_config").first) }
        if changed("source_access_configuration") {
            let access = planned.objects("source_access_configuration")
            if !access.isEmpty { body["SourceAccessConfigurations"] = B.sourceAccessRequest(access) }
        }
        return body
    }

    // MARK: Delete

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let uuid = current.string("id") else { return }
        let timeout = Timeouts.duration(current, "delete", default: .seconds(300))
        do {
            // A mapping being created or updated cannot be deleted until that finishes.
            try await Lambda.retrying("the mapping to be free to delete", timeout: .seconds(300), in: context, while: { $0.code == "ResourceInUseException" }) {
                try await Lambda.call("DeleteEventSourceMapping", "DELETE", "/2015-03-31/event-source-mappings/" + AWSURIEncoding.encode(uuid), in: context)
            }
        } catch where Lambda.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting Lambda Event Source Mapping (\(uuid))")
        }
        do {
            let waiter = AWSWaiter(timeout: timeout, clock: context.client.configuration.clock)
            try await waiter.wait(for: "Lambda Event Source Mapping \(uuid) to be deleted", progress: { context.progress("waiting: \($0.status)") }) { () async throws -> WaitStatus<Void> in
                guard let mapping = try await Self.get(uuid, in: context) else { return .done(()) }
                let state = mapping.string("State") ?? ""
                return state == "Deleting" ? .pending("state is Deleting") : .failed("state is \(state): \(mapping.string("StateTransitionReason") ?? "")")
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for Lambda Event Source Mapping (\(uuid)) delete")
        }
    }

    /// Waits while the mapping's state is one of `pending`, until it is Enabled or Disabled.
    static func waitForState(_ uuid: String, pending: Set<String>, timeout: Duration, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: timeout, clock: context.client.configuration.clock)
        try await waiter.wait(for: "Lambda Event Source Mapping \(uuid) to be enabled or disabled", progress: { context.progress("waiting: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let mapping = try await get(uuid, in: context) else { return .pending("not visible yet") }
            let state = mapping.string("State") ?? ""
            if state == "Enabled" || state == "Disabled" { return .done(()) }
            if pending.contains(state) { return .pending("state is \(state)") }
            return .failed("state is \(state): \(mapping.string("StateTransitionReason") ?? "")")
        }
    }
}
