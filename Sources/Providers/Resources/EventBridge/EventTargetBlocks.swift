import Foundation
import Provisioner
import ResourceGraph

/// The nested blocks of `aws_cloudwatch_event_target` other than `ecs_target`: their schemas,
/// their form in a PutTargets `Target`, and their reading back from ListTargetsByRule. Reads
/// give absent values as null, the way the configuration writes an unset argument.
enum EventTargetBlocks {
    static let inputTransformer = BlockSchema(attributes: [
        "input_paths": AttributeSchema(.map(.string), .optional),
        "input_template": AttributeSchema(.string, .required),
    ])
    static let retryPolicy = BlockSchema(attributes: [
        "maximum_event_age_in_seconds": AttributeSchema(.number, .optional),
        "maximum_retry_attempts": AttributeSchema(.number, .optional),
    ])
    static let deadLetterConfig = BlockSchema(attributes: ["arn": AttributeSchema(.string, .optional)])
    static let runCommandTarget = BlockSchema(attributes: [
        "key": AttributeSchema(.string, .required),
        "values": AttributeSchema(.list(.string), .required),
    ])
    static let batchTarget = BlockSchema(attributes: [
        "array_size": AttributeSchema(.number, .optional),
        "job_attempts": AttributeSchema(.number, .optional),
        "job_definition": AttributeSchema(.string, .required),
        "job_name": AttributeSchema(.string, .required),
    ])
    static let kinesisTarget = BlockSchema(attributes: ["partition_key_path": AttributeSchema(.string, .optional)])
    static let sqsTarget = BlockSchema(attributes: ["message_group_id": AttributeSchema(.string, .optional)])
    static let httpTarget = BlockSchema(attributes: [
        "header_parameters": AttributeSchema(.map(.string), .optional),
        "path_parameter_values": AttributeSchema(.list(.string), .optional),
        "query_string_parameters": AttributeSchema(.map(.string), .optional),
    ])
    static let redshiftTarget = BlockSchema(attributes: [
        "database": AttributeSchema(.string, .required),
        "db_user": AttributeSchema(.string, .optional),
        "secrets_manager_arn": AttributeSchema(.string, .optional),
        "sql": AttributeSchema(.string, .optional),
        "statement_name": AttributeSchema(.string, .optional),
        "with_event": AttributeSchema(.bool, .optional),
    ])
    static let pipelineParameter = BlockSchema(attributes: [
        "name": AttributeSchema(.string, .required),
        "value": AttributeSchema(.string, .required),
    ])
    static let sagemakerPipelineTarget = BlockSchema(blocks: [
        "pipeline_parameter_list": NestedBlockSchema(.set, pipelineParameter, maxItems: 200),
    ])

    static var blocks: [String: NestedBlockSchema] {
        [
            "input_transformer": NestedBlockSchema(.list, inputTransformer, maxItems: 1),
            "retry_policy": NestedBlockSchema(.list, retryPolicy, maxItems: 1),
            "dead_letter_config": NestedBlockSchema(.list, deadLetterConfig, maxItems: 1),
            "run_command_targets": NestedBlockSchema(.list, runCommandTarget, maxItems: 5),
            "batch_target": NestedBlockSchema(.list, batchTarget, maxItems: 1),
            "kinesis_target": NestedBlockSchema(.list, kinesisTarget, maxItems: 1),
            "sqs_target": NestedBlockSchema(.list, sqsTarget, maxItems: 1),
            "http_target": NestedBlockSchema(.list, httpTarget, maxItems: 1),
            "redshift_target": NestedBlockSchema(.list, redshiftTarget, maxItems: 1),
            "sagemaker_pipeline_target": NestedBlockSchema(.list, sagemakerPipelineTarget, maxItems: 1),
            "ecs_target": NestedBlockSchema(.list, EventTargetECS.schema, maxItems: 1),
        ]
    }

    // MARK: Requests

    /// The parts of a PutTargets `Target` the blocks configure.
    static func request(_ planned: Value) -> [String: Value] {
        var target: [String: Value] = [:]
        let commands = planned.objects("run_command_targets")
        if !commands.isEmpty {
            target["RunCommandParameters"] = .object(["RunCommandTargets": .tuple(commands.map { command in
                .object(["Key": .string(command.string("key") ?? ""), "Values": strings(command.stringList("values") ?? [])])
            })])
        }
        if let ecs = planned.objects("ecs_target").first { target["EcsParameters"] = EventTargetECS.request(ecs) }
        if let redshift = planned.objects("redshift_target").first {
            var parameters: [String: Value] = [
                "Database": .string(redshift.string("database") ?? ""), "Sql": .string(redshift.string("sql") ?? ""),
                "WithEvent": .bool(redshift.bool("with_event") ?? false),
            ]
            put(&parameters, "StatementName", redshift.string("statement_name"))
            put(&parameters, "SecretManagerArn", redshift.string("secrets_manager_arn"))
            put(&parameters, "DbUser", redshift.string("db_user"))
            target["RedshiftDataParameters"] = .object(parameters)
        }
        if let http = planned.objects("http_target").first {
            var parameters: [String: Value] = [:]
            if let headers = http.stringMap("header_parameters"), !headers.isEmpty { parameters["HeaderParameters"] = .object(headers.mapValues(Value.string)) }
            if let path = http.stringList("path_parameter_values"), !path.isEmpty { parameters["PathParameterValues"] = strings(path) }
            if let query = http.stringMap("query_string_parameters"), !query.isEmpty { parameters["QueryStringParameters"] = .object(query.mapValues(Value.string)) }
            target["HttpParameters"] = .object(parameters)
        }
        if let batch = planned.objects("batch_target").first {
            var parameters: [String: Value] = ["JobDefinition": .string(batch.string("job_definition") ?? ""), "JobName": .string(batch.string("job_name") ?? "")]
            if let size = batch.int("array_size"), size > 1, size <= 10000 { parameters["ArrayProperties"] = .object(["Size": .number(size)]) }
            if let attempts = batch.int("job_attempts"), attempts > 0, attempts <= 10 { parameters["RetryStrategy"] = .object(["Attempts": .number(attempts)]) }
            target["BatchParameters"] = .object(parameters)
        }
        if let kinesis = planned.objects("kinesis_target").first {
            var parameters: [String: Value] = [:]
            put(&parameters, "PartitionKeyPath", kinesis.string("partition_key_path"))
            target["KinesisParameters"] = .object(parameters)
        }
        if let sqs = planned.objects("sqs_target").first {
            var parameters: [String: Value] = [:]
            put(&parameters, "MessageGroupId", sqs.string("message_group_id"))
            target["SqsParameters"] = .object(parameters)
        }
        if let pipeline = planned.objects("sagemaker_pipeline_target").first {
            let list = pipeline.objects("pipeline_parameter_list")
            target["SageMakerPipelineParameters"] = .object(list.isEmpty ? [:] : ["PipelineParameterList": .tuple(list.map {
                .object(["Name": .string($0.string("name") ?? ""), "Value": .string($0.string("value") ?? "")])
            })])
        }
        if let transformer = planned.objects("input_transformer").first {
            target["InputTransformer"] = .object([
                "InputPathsMap": .object((transformer.stringMap("input_paths") ?? [:]).mapValues(Value.string)),
                "InputTemplate": .string(transformer.string("input_template") ?? ""),
            ])
        }
        if let retry = planned.objects("retry_policy").first {
            var parameters: [String: Value] = [:]
            if let age = retry.int("maximum_event_age_in_seconds") { parameters["MaximumEventAgeInSeconds"] = .number(age) }
            if let attempts = retry.int("maximum_retry_attempts") { parameters["MaximumRetryAttempts"] = .number(attempts) }
            target["RetryPolicy"] = .object(parameters)
        }
        if let deadLetter = planned.objects("dead_letter_config").first {
            var parameters: [String: Value] = [:]
            put(&parameters, "Arn", deadLetter.string("arn"))
            target["DeadLetterConfig"] = .object(parameters)
        }
        return target
    }

    // MARK: Reading

    /// Every block's value for a target ListTargetsByRule reports.
    static func read(_ target: Value) -> [String: Value] {
        func block(_ name: String, _ schema: BlockSchema, _ member: String, _ read: (Value) -> Value) -> (String, Value) {
            guard let remote = target[attribute: member], !remote.isNull else { return (name, .list([], of: schema.valueType)) }
            return (name, .list([read(remote)], of: schema.valueType))
        }
        var blocks: [String: Value] = [:]
        let commands = target[attribute: "RunCommandParameters"]?.objects("RunCommandTargets") ?? []
        blocks["run_command_targets"] = .list(commands.map { .object(["key": .string($0.string("Key") ?? ""), "values": .stringList($0.stringList("Values") ?? [])]) }, of: runCommandTarget.valueType)
        let entries: [(String, Value)] = [
            block("ecs_target", EventTargetECS.schema, "EcsParameters", EventTargetECS.read),
            block("redshift_target", redshiftTarget, "RedshiftDataParameters") { r in .object([
                "database": .string(r.string("Database") ?? ""), "db_user": text(r.string("DbUser")),
                "secrets_manager_arn": text(r.string("SecretManagerArn")), "sql": text(r.string("Sql")),
                "statement_name": text(r.string("StatementName")), "with_event": .bool(r.bool("WithEvent") ?? false),
            ]) },
            block("http_target", httpTarget, "HttpParameters") { h in .object([
                "header_parameters": map(h.stringMap("HeaderParameters")),
                "path_parameter_values": h.stringList("PathParameterValues").flatMap { $0.isEmpty ? nil : Value.stringList($0) } ?? .null(.list(.string)),
                "query_string_parameters": map(h.stringMap("QueryStringParameters")),
            ]) },
            block("batch_target", batchTarget, "BatchParameters") { b in .object([
                "job_definition": .string(b.string("JobDefinition") ?? ""), "job_name": .string(b.string("JobName") ?? ""),
                "array_size": .number(b[attribute: "ArrayProperties"]?.int("Size")),
                "job_attempts": .number(b[attribute: "RetryStrategy"]?.int("Attempts")),
            ]) },
            block("kinesis_target", kinesisTarget, "KinesisParameters") { .object(["partition_key_path": text($0.string("PartitionKeyPath"))]) },
            block("sqs_target", sqsTarget, "SqsParameters") { .object(["message_group_id": text($0.string("MessageGroupId"))]) },
            block("sagemaker_pipeline_target", sagemakerPipelineTarget, "SageMakerPipelineParameters") { s in .object([
                "pipeline_parameter_list": .set(s.objects("PipelineParameterList").map {
                    .object(["name": .string($0.string("Name") ?? ""), "value": .string($0.string("Value") ?? "")])
                }, of: pipelineParameter.valueType),
            ]) },
            block("input_transformer", inputTransformer, "InputTransformer") { t in .object([
                "input_paths": map(t.stringMap("InputPathsMap")), "input_template": .string(t.string("InputTemplate") ?? ""),
            ]) },
            block("retry_policy", retryPolicy, "RetryPolicy") { r in .object([
                "maximum_event_age_in_seconds": .number(r.int("MaximumEventAgeInSeconds")),
                "maximum_retry_attempts": .number(r.int("MaximumRetryAttempts")),
            ]) },
            block("dead_letter_config", deadLetterConfig, "DeadLetterConfig") { .object(["arn": text($0.string("Arn"))]) },
        ]
        for (name, value) in entries { blocks[name] = value }
        return blocks
    }

    // MARK: Values

    static func strings(_ items: [String]) -> Value { .tuple(items.map(Value.string)) }

    static func put(_ object: inout [String: Value], _ member: String, _ text: String?) {
        if let text, !text.isEmpty { object[member] = .string(text) }
    }

    /// A string AWS reports, null when absent or empty.
    static func text(_ value: String?) -> Value {
        guard let value, !value.isEmpty else { return .null(.string) }
        return .string(value)
    }

    /// A map AWS reports, null when absent or empty.
    static func map(_ value: [String: String]?) -> Value {
        guard let value, !value.isEmpty else { return .null(.map(.string)) }
        return .stringMap(value)
    }
}
