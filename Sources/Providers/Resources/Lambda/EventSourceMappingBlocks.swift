import Foundation
import Provisioner
import ResourceGraph

/// The nested blocks of `aws_lambda_event_source_mapping`: their schemas, their request form
/// and their reading back. Reads give absent values as null, as an unset argument is.
enum EventSourceMappingBlocks {
    static let consumerGroup = BlockSchema(attributes: ["consumer_group_id": AttributeSchema(.string, .optionalComputed, forceNew: true)])
    static let onFailure = BlockSchema(attributes: ["destination_arn": AttributeSchema(.string, .required)])
    static let destinationConfig = BlockSchema(blocks: ["on_failure": NestedBlockSchema(.list, onFailure, maxItems: 1)])
    static let documentDB = BlockSchema(attributes: [
        "collection_name": AttributeSchema(.string, .optional),
        "database_name": AttributeSchema(.string, .required),
        "full_document": AttributeSchema(.string, .optional, default: .string("Default")),
    ])
    static let filter = BlockSchema(attributes: ["pattern": AttributeSchema(.string, .optional)])
    static let filterCriteria = BlockSchema(blocks: ["filter": NestedBlockSchema(.set, filter, maxItems: 10)])
    static let metricsConfig = BlockSchema(attributes: ["metrics": AttributeSchema(.set(.string), .required)])
    static let provisionedPollerConfig = BlockSchema(attributes: [
        "maximum_pollers": AttributeSchema(.number, .optional),
        "minimum_pollers": AttributeSchema(.number, .optional),
    ])
    static let scalingConfig = BlockSchema(attributes: ["maximum_concurrency": AttributeSchema(.number, .optional)])
    static let selfManagedEventSource = BlockSchema(attributes: ["endpoints": AttributeSchema(.map(.string), .required, forceNew: true)])
    static let sourceAccessConfiguration = BlockSchema(attributes: [
        "type": AttributeSchema(.string, .required),
        "uri": AttributeSchema(.string, .required),
    ])

    static var blocks: [String: NestedBlockSchema] {
        [
            "amazon_managed_kafka_event_source_config": NestedBlockSchema(.list, consumerGroup, maxItems: 1, forceNew: true),
            "self_managed_kafka_event_source_config": NestedBlockSchema(.list, consumerGroup, maxItems: 1, forceNew: true),
            "destination_config": NestedBlockSchema(.list, destinationConfig, maxItems: 1),
            "document_db_event_source_config": NestedBlockSchema(.list, documentDB, maxItems: 1),
            "filter_criteria": NestedBlockSchema(.list, filterCriteria, maxItems: 1),
            "metrics_config": NestedBlockSchema(.list, metricsConfig, maxItems: 1),
            "provisioned_poller_config": NestedBlockSchema(.list, provisionedPollerConfig, maxItems: 1),
            "scaling_config": NestedBlockSchema(.list, scalingConfig, maxItems: 1),
            "self_managed_event_source": NestedBlockSchema(.list, selfManagedEventSource, maxItems: 1, forceNew: true),
            "source_access_configuration": NestedBlockSchema(.set, sourceAccessConfiguration, maxItems: 22),
            "timeouts": Timeouts.block(create: true, update: true, delete: true),
        ]
    }

    // MARK: Requests

    static func consumerGroupRequest(_ block: Value) -> Value {
        var config: [String: Value] = [:]
        LambdaFunctionRequests.put(&config, "ConsumerGroupId", block.string("consumer_group_id"))
        return .object(config)
    }

    static func destinationRequest(_ block: Value) -> Value {
        guard let failure = block.objects("on_failure").first else { return .emptyObject }
        return .object(["OnFailure": .object(["Destination": .string(failure.string("destination_arn") ?? "")])])
    }

    static func documentDBRequest(_ block: Value) -> Value {
        var config: [String: Value] = [:]
        LambdaFunctionRequests.put(&config, "CollectionName", block.string("collection_name"))
        LambdaFunctionRequests.put(&config, "DatabaseName", block.string("database_name"))
        LambdaFunctionRequests.put(&config, "FullDocument", block.string("full_document"))
        return .object(config)
    }

    /// `FilterCriteria`; without a block, an empty one (AWS ignores a removal sent as nothing).
    static func filterCriteriaRequest(_ block: Value?) -> Value {
        let filters = block?.objects("filter") ?? []
        guard block != nil else { return .emptyObject }
        return .object(filters.isEmpty ? [:] : ["Filters": .tuple(filters.map { .object(["Pattern": .string($0.string("pattern") ?? "")]) })])
    }

    static func metricsRequest(_ block: Value?) -> Value {
        .object(["Metrics": LambdaFunctionRequests.strings((block?.stringList("metrics") ?? []).sorted())])
    }

    static func pollerRequest(_ block: Value?) -> Value {
        var config: [String: Value] = [:]
        if let maximum = block?.int("maximum_pollers"), maximum != 0 { config["MaximumPollers"] = .number(maximum) }
        if let minimum = block?.int("minimum_pollers"), minimum != 0 { config["MinimumPollers"] = .number(minimum) }
        return .object(config)
    }

    /// `ScalingConfig`; without a block, an empty one (which removes the setting).
    static func scalingRequest(_ block: Value?) -> Value {
        guard let maximum = block?.int("maximum_concurrency"), maximum != 0 else { return .emptyObject }
        return .object(["MaximumConcurrency": .number(maximum)])
    }

    static func selfManagedRequest(_ block: Value) -> Value {
        let endpoints = (block.stringMap("endpoints") ?? [:]).mapValues { list in
            Value.tuple(list.components(separatedBy: ",").map(Value.string))
        }
        return .object(["Endpoints": .object(endpoints)])
    }

    static func sourceAccessRequest(_ blocks: [Value]) -> Value {
        .tuple(blocks.map { .object(["Type": .string($0.string("type") ?? ""), "URI": .string($0.string("uri") ?? "")]) })
    }

    // MARK: Reading

    /// The blocks' values from GetEventSourceMapping's answer.
    static func read(_ mapping: Value) -> [String: Value] {
        func present(_ member: String) -> Value? {
            guard let value = mapping[attribute: member], !value.isNull else { return nil }
            return value
        }
        func list(_ schema: BlockSchema, _ items: [Value]) -> Value { .list(items, of: schema.valueType) }
        let text = EventTargetBlocks.text
        return [
            "amazon_managed_kafka_event_source_config": list(consumerGroup, present("AmazonManagedKafkaEventSourceConfig").map {
                [.object(["consumer_group_id": text($0.string("ConsumerGroupId"))])]
            } ?? []),
            "self_managed_kafka_event_source_config": list(consumerGroup, present("SelfManagedKafkaEventSourceConfig").map {
                [.object(["consumer_group_id": text($0.string("ConsumerGroupId"))])]
            } ?? []),
            "destination_config": list(destinationConfig, present("DestinationConfig").map { config in
                let failure = config[attribute: "OnFailure"].flatMap { $0.isNull ? nil : $0 }
                return [.object(["on_failure": .list(failure.map { [.object(["destination_arn": .string($0.string("Destination") ?? "")])] } ?? [], of: onFailure.valueType)])]
            } ?? []),
            "document_db_event_source_config": list(documentDB, present("DocumentDBEventSourceConfig").map { config in
                [.object([
                    "collection_name": text(config.string("CollectionName")), "database_name": .string(config.string("DatabaseName") ?? ""),
                    "full_document": .string(config.string("FullDocument") ?? "Default"),
                ])]
            } ?? []),
            "filter_criteria": list(filterCriteria, present("FilterCriteria").flatMap { criteria -> [Value]? in
                let filters = criteria.objects("Filters")
                guard !filters.isEmpty else { return nil }
                return [.object(["filter": .set(filters.map { .object(["pattern": text($0.string("Pattern"))]) }, of: filter.valueType)])]
            } ?? []),
            "metrics_config": list(metricsConfig, present("MetricsConfig").flatMap { config -> [Value]? in
                let metrics = config.stringList("Metrics") ?? []
                return metrics.isEmpty ? nil : [.object(["metrics": .stringSet(metrics)])]
            } ?? []),
            "provisioned_poller_config": list(provisionedPollerConfig, present("ProvisionedPollerConfig").map { config in
                [.object(["maximum_pollers": .number(config.int("MaximumPollers")), "minimum_pollers": .number(config.int("MinimumPollers"))])]
            } ?? []),
            "scaling_config": list(scalingConfig, present("ScalingConfig").flatMap { config -> [Value]? in
                guard let maximum = config.int("MaximumConcurrency") else { return nil }
                return [.object(["maximum_concurrency": .number(maximum)])]
            } ?? []),
            "self_managed_event_source": list(selfManagedEventSource, present("SelfManagedEventSource").map { source in
                let endpoints = (source[attribute: "Endpoints"]?.attributes ?? [:]).mapValues { list in
                    (list.elements ?? []).compactMap(\.stringValue).joined(separator: ",")
                }
                return [.object(["endpoints": .stringMap(endpoints)])]
            } ?? []),
            "source_access_configuration": .set(mapping.objects("SourceAccessConfigurations").map {
                .object(["type": .string($0.string("Type") ?? ""), "uri": .string($0.string("URI") ?? "")])
            }, of: sourceAccessConfiguration.valueType),
        ]
    }
}
