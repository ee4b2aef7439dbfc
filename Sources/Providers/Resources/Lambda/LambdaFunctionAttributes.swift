import Foundation
import Provisioner
import ResourceGraph

/// An `aws_lambda_function`'s attributes from what Lambda reports: GetFunction's answer, the
/// latest published version, and the code signing configuration.
enum LambdaFunctionAttributes {
    typealias S = LambdaFunctionSchema

    static func attributes(
        function output: Value, latest: Value?, codeSigningConfigARN: String?, current: Value, in context: AWSContext
    ) -> [String: Value] {
        let configuration = output[attribute: "Configuration"] ?? .emptyObject
        let code = output[attribute: "Code"] ?? .emptyObject
        let arn = configuration.string("FunctionArn") ?? ""
        let name = configuration.string("FunctionName") ?? current.string("function_name") ?? ""
        let qualifiedARN = latest?.string("FunctionArn") ?? arn
        var attributes: [String: Value] = [
            "id": .string(name),
            "arn": .string(arn),
            "function_name": .string(name),
            "role": .string(configuration.string("Role")),
            "handler": .string(configuration.string("Handler")),
            "runtime": .string(configuration.string("Runtime")),
            "description": .string(configuration.string("Description")),
            "image_uri": .string(code.string("ImageUri")),
            "package_type": .string(configuration.string("PackageType") ?? "Zip"),
            "code_sha256": .string(configuration.string("CodeSha256")),
            "source_kms_key_arn": .string(code.string("SourceKMSKeyArn")),
            "architectures": .stringList(configuration.stringList("Architectures") ?? []),
            "memory_size": .number(configuration.int("MemorySize")),
            "timeout": .number(configuration.int("Timeout")),
            "layers": .stringList(configuration.objects("Layers").compactMap { $0.string("Arn") }),
            "kms_key_arn": .string(configuration.string("KMSKeyArn")),
            "reserved_concurrent_executions": .number(output[attribute: "Concurrency"]?.int("ReservedConcurrentExecutions") ?? -1),
            "invoke_arn": .string(Lambda.invokeARN(arn, in: context)),
            "qualified_arn": .string(qualifiedARN),
            "qualified_invoke_arn": .string(Lambda.invokeARN(qualifiedARN, in: context)),
            "response_streaming_invoke_arn": .string(Lambda.responseStreamingInvokeARN(arn, in: context)),
            "version": .string(latest?.string("Version") ?? configuration.string("Version")),
            "last_modified": .string(configuration.string("LastModified")),
            "source_code_size": .number(configuration.int("CodeSize") ?? 0),
            "signing_job_arn": .string(configuration.string("SigningJobArn") ?? ""),
            "signing_profile_version_arn": .string(configuration.string("SigningProfileVersionArn") ?? ""),
            "code_signing_config_arn": codeSigningConfigARN.map { Value.string($0) } ?? carried(current, "code_signing_config_arn", .null(.string)),
            "dead_letter_config": list(S.deadLetterConfig, configuration[attribute: "DeadLetterConfig"]?.string("TargetArn").map { [.object(["target_arn": .string($0)])] }),
            "environment": list(S.environment, configuration[attribute: "Environment"].flatMap { environment in
                environment.isNull ? nil : [.object(["variables": environment[attribute: "Variables"].flatMap { $0.isNull ? nil : Value.stringMap(environment.stringMap("Variables")) } ?? .null(.map(.string))])]
            }),
            "ephemeral_storage": list(S.ephemeralStorage, configuration[attribute: "EphemeralStorage"]?.int("Size").map { [.object(["size": .number($0)])] }),
            "file_system_config": .list(configuration.objects("FileSystemConfigs").map {
                .object(["arn": .string($0.string("Arn") ?? ""), "local_mount_path": .string($0.string("LocalMountPath") ?? "")])
            }, of: S.fileSystemConfig.valueType),
            "image_config": list(S.imageConfig, imageConfig(configuration[attribute: "ImageConfigResponse"])),
            "logging_config": list(S.loggingConfig, configuration[attribute: "LoggingConfig"].flatMap { logging in
                logging.isNull ? nil : [.object([
                    "application_log_level": .string(logging.string("ApplicationLogLevel") ?? ""),
                    "log_format": .string(logging.string("LogFormat") ?? ""),
                    "log_group": .string(logging.string("LogGroup") ?? ""),
                    "system_log_level": .string(logging.string("SystemLogLevel") ?? ""),
                ])]
            }),
            "snap_start": list(S.snapStart, configuration[attribute: "SnapStart"].flatMap { snap in
                guard let applyOn = snap.string("ApplyOn"), applyOn != "None" else { return nil }
                return [.object(["apply_on": .string(applyOn), "optimization_status": .string(snap.string("OptimizationStatus") ?? "")])]
            }),
            "tracing_config": .list([.object(["mode": .string(configuration[attribute: "TracingConfig"]?.string("Mode") ?? "PassThrough")])], of: S.tracingConfig.valueType),
            "vpc_config": list(S.vpcConfig, vpcConfig(configuration[attribute: "VpcConfig"])),
            // What AWS does not report: the configuration's own values.
            "filename": carried(current, "filename", .null(.string)),
            "s3_bucket": carried(current, "s3_bucket", .null(.string)),
            "s3_key": carried(current, "s3_key", .null(.string)),
            "s3_object_version": carried(current, "s3_object_version", .null(.string)),
            "source_code_hash": carried(current, "source_code_hash", .string("")),
            "publish": carried(current, "publish", .false),
            "publish_to": .null(.string),
            "skip_destroy": carried(current, "skip_destroy", .false),
            "replace_security_groups_on_destroy": carried(current, "replace_security_groups_on_destroy", .null(.bool)),
            "replacement_security_group_ids": carried(current, "replacement_security_group_ids", .null(.set(.string))),
            "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
            "capacity_provider_config": .list([], of: S.capacityProviderConfig.valueType),
            "durable_config": .list([], of: S.durableConfig.valueType),
            "tenancy_config": .list([], of: S.tenancyConfig.valueType),
        ]
        attributes.merge(AWSTags.attributes(remote: output.stringMap("Tags") ?? [:], prior: current, settings: context.settings)) { _, new in new }
        return attributes
    }

    /// The prior object's value of an attribute AWS does not report, or `fallback`.
    static func carried(_ current: Value, _ name: String, _ fallback: Value) -> Value {
        guard let value = current[attribute: name], value.isKnown, !value.isNull else { return fallback }
        return value
    }

    private static func list(_ schema: BlockSchema, _ items: [Value]?) -> Value {
        .list(items ?? [], of: schema.valueType)
    }

    private static func imageConfig(_ response: Value?) -> [Value]? {
        guard let response, !response.isNull, response[attribute: "Error"]?.isNull ?? true,
              let config = response[attribute: "ImageConfig"], !config.isNull else { return nil }
        return [.object([
            "command": config.stringList("Command").map { Value.stringList($0) } ?? .null(.list(.string)),
            "entry_point": config.stringList("EntryPoint").map { Value.stringList($0) } ?? .null(.list(.string)),
            "working_directory": .string(config.string("WorkingDirectory")),
        ])]
    }

    /// The VPC block, or none when the function is not attached to a VPC.
    private static func vpcConfig(_ vpc: Value?) -> [Value]? {
        guard let vpc, !vpc.isNull else { return nil }
        let subnets = vpc.stringList("SubnetIds") ?? [], groups = vpc.stringList("SecurityGroupIds") ?? []
        let vpcID = vpc.string("VpcId") ?? ""
        if subnets.isEmpty, groups.isEmpty, vpcID.isEmpty { return nil }
        return [.object([
            "ipv6_allowed_for_dual_stack": .bool(vpc.bool("Ipv6AllowedForDualStack") ?? false),
            "security_group_ids": .stringSet(groups),
            "subnet_ids": .stringSet(subnets),
            "vpc_id": .string(vpcID),
        ])]
    }
}
