import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// aws_lambda_event_source_mapping: the differences it does not plan as changes (as the
/// provider suppresses them), what its updates send, and its waits, on scripted answers and a
/// virtual clock (the emulator makes every mapping ready at once and deletes it at once).
struct EventSourceMappingPlanTests {
    let settings: AWSProviderBlock
    let resource = EventSourceMappingResource()
    static let queue = "arn:aws:sqs:eu-west-1:123456789012:orders"
    static let functionARN = "arn:aws:lambda:eu-west-1:123456789012:function:consumer"

    init() throws { settings = try AWSProviderBlock(.null) }

    static let emptyBlocks: [String: Value] = EventSourceMappingBlocks.blocks.filter { $0.key != "timeouts" }.mapValues { nested in
        nested.nesting == .set ? .set([], of: nested.block.valueType) : .list([], of: nested.block.valueType)
    }

    static func object(_ attributes: [String: Value]) -> Value {
        .object(emptyBlocks.merging(attributes) { _, new in new })
    }

    func planned(prior: [String: Value]?, configuration: [String: Value]) throws -> Value {
        let configured = Self.object(configuration)
        return try resource.plan(prior: prior.map(Self.object), proposed: configured, configuration: configured, settings: settings).planned
    }

    @Test func batchSizeLeftOutIsTheServiceDefault() throws {
        let prior: [String: Value] = ["event_source_arn": .string(Self.queue), "function_name": .string(Self.functionARN), "batch_size": .number(10)]
        let unset = try planned(prior: prior, configuration: ["event_source_arn": .string(Self.queue), "function_name": .string(Self.functionARN), "batch_size": .null(.number)])
        #expect(unset.int("batch_size") == 10)
        let set = try planned(prior: prior, configuration: ["event_source_arn": .string(Self.queue), "function_name": .string(Self.functionARN), "batch_size": .number(5)])
        #expect(set.int("batch_size") == 5)
        // 10 is not a stream's default: a stream mapping left without a size goes back to 100.
        let stream = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks"
        #expect(EventSourceMappingResource.defaultBatchSize(Self.object(["event_source_arn": .string(stream)])) == 100)
        let streamPlan = try planned(prior: prior.merging(["event_source_arn": .string(stream)]) { _, new in new },
                                     configuration: ["event_source_arn": .string(stream), "function_name": .string(Self.functionARN), "batch_size": .null(.number)])
        #expect(streamPlan.int("batch_size") != 10)
    }

    @Test func functionNamedByNameOrARNIsTheSameFunction() throws {
        let prior: [String: Value] = ["event_source_arn": .string(Self.queue), "function_name": .string(Self.functionARN)]
        let byName = try planned(prior: prior, configuration: ["event_source_arn": .string(Self.queue), "function_name": .string("consumer")])
        #expect(byName.string("function_name") == Self.functionARN)
        let other = try planned(prior: prior, configuration: ["event_source_arn": .string(Self.queue), "function_name": .string("producer")])
        #expect(other.string("function_name") == "producer")
        let alias = try planned(prior: prior, configuration: ["event_source_arn": .string(Self.queue), "function_name": .string("consumer:live")])
        #expect(alias.string("function_name") == "consumer:live")
    }

    @Test func exactlyOneSourceIsRequired() throws {
        #expect(throws: ProviderError.self) {
            _ = try planned(prior: nil, configuration: ["function_name": .string("consumer")])
        }
        let kafka = Value.list([.object(["endpoints": .stringMap(["KAFKA_BOOTSTRAP_SERVERS": "b:9092"])])], of: EventSourceMappingBlocks.selfManagedEventSource.valueType)
        #expect(throws: ProviderError.self) {
            _ = try planned(prior: nil, configuration: ["function_name": .string("consumer"), "event_source_arn": .string(Self.queue), "self_managed_event_source": kafka])
        }
        _ = try planned(prior: nil, configuration: ["function_name": .string("consumer"), "self_managed_event_source": kafka])
        // A source that is not known yet (made in the same apply) is not refused.
        _ = try planned(prior: nil, configuration: ["function_name": .string("consumer"), "event_source_arn": .unknown(.string)])
    }

    @Test func bootstrapServersCompareInAnyOrder() throws {
        func source(_ servers: String) -> Value {
            .list([.object(["endpoints": .stringMap(["KAFKA_BOOTSTRAP_SERVERS": servers])])], of: EventSourceMappingBlocks.selfManagedEventSource.valueType)
        }
        let prior: [String: Value] = ["function_name": .string(Self.functionARN), "self_managed_event_source": source("a:9092,b:9092")]
        let reordered = try planned(prior: prior, configuration: ["function_name": .string(Self.functionARN), "self_managed_event_source": source("b:9092,a:9092")])
        #expect(reordered.objects("self_managed_event_source").first?.stringMap("endpoints")?["KAFKA_BOOTSTRAP_SERVERS"] == "a:9092,b:9092")
        let other = try planned(prior: prior, configuration: ["function_name": .string(Self.functionARN), "self_managed_event_source": source("c:9092")])
        #expect(other.objects("self_managed_event_source").first?.stringMap("endpoints")?["KAFKA_BOOTSTRAP_SERVERS"] == "c:9092")
    }

    @Test func updatesSendOnlyWhatChangedAndRemoveBlocksWithEmptyOnes() {
        let criteria = Value.list([.object(["filter": .set([.object(["pattern": .string(#"{"a":[1]}"#)])], of: EventSourceMappingBlocks.filter.valueType)])],
                                  of: EventSourceMappingBlocks.filterCriteria.valueType)
        let scaling = Value.list([.object(["maximum_concurrency": .number(5)])], of: EventSourceMappingBlocks.scalingConfig.valueType)
        let prior = Self.object(["batch_size": .number(10), "enabled": .true, "filter_criteria": criteria, "scaling_config": scaling])
        let planned = Self.object(["batch_size": .number(10), "enabled": .false])
        let body = EventSourceMappingResource.updateBody(prior: prior, planned: planned)
        #expect(Set(body.keys) == ["Enabled", "FilterCriteria", "ScalingConfig"])
        #expect(body["Enabled"] == .false)
        // AWS ignores a removal sent as nothing.
        #expect(body["FilterCriteria"] == .emptyObject)
        #expect(body["ScalingConfig"] == .emptyObject)
    }

    // MARK: Waits

    static func mapping(_ state: String) -> RecordingTransport.Answer {
        .answer(200, #"{"UUID":"u-1","EventSourceMappingArn":"arn:aws:lambda:eu-west-1:123456789012:event-source-mapping:u-1","EventSourceArn":"\#(queue)","FunctionArn":"\#(functionARN)","BatchSize":10,"State":"\#(state)","StateTransitionReason":"USER_INITIATED","LastModified":1700000000.5}"#)
    }

    static let notFound = RecordingTransport.Answer.answer(404, #"{"Type":"User","Message":"The resource you requested does not exist."}"#, headers: ["x-amzn-ErrorType": "ResourceNotFoundException"])

    static func context(_ transport: RecordingTransport, clock: VirtualClock) throws -> AWSContext {
        let client = AWSClient.forTesting(transport: transport, clock: clock)
        let operation = OperationContext(address: try #require(InstanceAddress.parse("aws_lambda_event_source_mapping.queue")), idempotencyToken: "token")
        return AWSContext(client: client, settings: try AWSProviderBlock(.null), operation: operation)
    }

    @Test func createWaitsUntilTheMappingIsEnabled() async throws {
        let transport = RecordingTransport([
            .answer(202, #"{"UUID":"u-1","State":"Creating"}"#),
            Self.mapping("Creating"),
            Self.mapping("Enabled"),
            Self.mapping("Enabled"),
            .answer(200, #"{"Tags":{}}"#),
        ])
        let clock = VirtualClock()
        let planned = Self.object([
            "event_source_arn": .string(Self.queue), "function_name": .string("consumer"), "enabled": .true,
            "tags": .null(.map(.string)), "tags_all": .stringMap([:]),
        ])
        let created = try await resource.create(planned, in: try Self.context(transport, clock: clock))
        #expect(created.string("id") == "u-1")
        #expect(created.string("state") == "Enabled")
        #expect(created.string("function_name") == Self.functionARN)
        #expect(created.string("last_modified") == "2023-11-14T22:13:20Z")
        #expect(transport.requests.map(\.method) == ["POST", "GET", "GET", "GET", "GET"])
        #expect(clock.sleeps.count == 1)
    }

    @Test func deleteWaitsWhileInUseAndUntilGone() async throws {
        let transport = RecordingTransport([
            .answer(409, #"{"Type":"User","Message":"The resource is in use."}"#, headers: ["x-amzn-ErrorType": "ResourceInUseException"]),
            .answer(202, #"{"UUID":"u-1","State":"Deleting"}"#),
            Self.mapping("Deleting"),
            Self.notFound,
        ])
        let clock = VirtualClock()
        try await resource.delete(Self.object(["id": .string("u-1")]), in: try Self.context(transport, clock: clock))
        #expect(transport.requests.map(\.method) == ["DELETE", "DELETE", "GET", "GET"])
        #expect(clock.sleeps.count == 2)
    }

    @Test func deleteOfAMappingAlreadyGoneSucceeds() async throws {
        let transport = RecordingTransport([Self.notFound])
        try await resource.delete(Self.object(["id": .string("u-1")]), in: try Self.context(transport, clock: VirtualClock()))
        #expect(transport.requests.count == 1)
    }
}
