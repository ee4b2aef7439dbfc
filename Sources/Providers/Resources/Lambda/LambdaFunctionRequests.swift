import Foundation
import Provisioner
import ResourceGraph

/// The bodies of CreateFunction, UpdateFunctionConfiguration and UpdateFunctionCode for an
/// `aws_lambda_function`.
enum LambdaFunctionRequests {
    /// CreateFunction's body: the code and every setting.
    static func create(_ planned: Value, name: String) throws -> [String: Value] {
        let packageType = planned.string("package_type") ?? "Zip"
        var body: [String: Value] = [
            "FunctionName": .string(name),
            "Role": .string(planned.string("role") ?? ""),
            "Description": .string(planned.string("description") ?? ""),
            "MemorySize": .number(planned.int("memory_size") ?? 128),
            "Timeout": .number(planned.int("timeout") ?? 3),
            "PackageType": .string(packageType),
            "Publish": .bool(planned.bool("publish") ?? false),
            "Code": .object(try code(planned)),
        ]
        if packageType == "Zip" {
            body["Handler"] = .string(planned.string("handler") ?? "")
            body["Runtime"] = .string(planned.string("runtime") ?? "")
        }
        if let architectures = planned.stringList("architectures"), !architectures.isEmpty { body["Architectures"] = strings(architectures) }
        put(&body, "CodeSigningConfigArn", planned.string("code_signing_config_arn"))
        if let target = planned.objects("dead_letter_config").first?.string("target_arn") { body["DeadLetterConfig"] = .object(["TargetArn": .string(target)]) }
        if let variables = planned.objects("environment").first?.stringMap("variables"), !variables.isEmpty { body["Environment"] = environment(variables) }
        if let size = planned.objects("ephemeral_storage").first?.int("size") { body["EphemeralStorage"] = .object(["Size": .number(size)]) }
        let fileSystems = planned.objects("file_system_config")
        if !fileSystems.isEmpty { body["FileSystemConfigs"] = fileSystemConfigs(fileSystems) }
        if let image = planned.objects("image_config").first { body["ImageConfig"] = imageConfig(image) }
        if let logging = planned.objects("logging_config").first { body["LoggingConfig"] = loggingConfig(logging) }
        put(&body, "KMSKeyArn", planned.string("kms_key_arn"))
        if let layers = planned.stringList("layers"), !layers.isEmpty { body["Layers"] = strings(layers) }
        if let snap = planned.objects("snap_start").first { body["SnapStart"] = .object(["ApplyOn": .string(snap.string("apply_on") ?? "None")]) }
        if let mode = planned.objects("tracing_config").first?.string("mode") { body["TracingConfig"] = .object(["Mode": .string(mode)]) }
        if let vpc = planned.objects("vpc_config").first { body["VpcConfig"] = vpcConfig(vpc) }
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { body["Tags"] = .object(tags.mapValues(Value.string)) }
        return body
    }

    /// UpdateFunctionConfiguration's body: only what changed, as the provider sends it.
    static func configurationUpdate(prior: Value, planned: Value) -> [String: Value] {
        func changed(_ name: String) -> Bool { PlanSuppression.changed(name, prior, planned) }
        var body: [String: Value] = [:]
        if changed("dead_letter_config") {
            body["DeadLetterConfig"] = .object(["TargetArn": .string(planned.objects("dead_letter_config").first?.string("target_arn") ?? "")])
        }
        if changed("description") { body["Description"] = .string(planned.string("description") ?? "") }
        if changed("environment") || changed("kms_key_arn") {
            body["Environment"] = environment(planned.objects("environment").first?.stringMap("variables") ?? [:])
        }
        if changed("ephemeral_storage"), let size = planned.objects("ephemeral_storage").first?.int("size") {
            body["EphemeralStorage"] = .object(["Size": .number(size)])
        }
        if changed("file_system_config") { body["FileSystemConfigs"] = fileSystemConfigs(planned.objects("file_system_config")) }
        if changed("handler") { body["Handler"] = .string(planned.string("handler") ?? "") }
        if changed("image_config") { body["ImageConfig"] = planned.objects("image_config").first.map(imageConfig) ?? .emptyObject }
        if changed("kms_key_arn") { body["KMSKeyArn"] = .string(planned.string("kms_key_arn") ?? "") }
        if changed("layers") { body["Layers"] = strings(planned.stringList("layers") ?? []) }
        if changed("logging_config") { body["LoggingConfig"] = planned.objects("logging_config").first.map(loggingConfig) ?? .emptyObject }
        if changed("memory_size") { body["MemorySize"] = .number(planned.int("memory_size") ?? 128) }
        if changed("role") { body["Role"] = .string(planned.string("role") ?? "") }
        if changed("runtime") { body["Runtime"] = .string(planned.string("runtime") ?? "") }
        if changed("snap_start") {
            body["SnapStart"] = .object(["ApplyOn": .string(planned.objects("snap_start").first?.string("apply_on") ?? "None")])
        }
        if changed("timeout") { body["Timeout"] = .number(planned.int("timeout") ?? 3) }
        if changed("tracing_config"), let mode = planned.objects("tracing_config").first?.string("mode") {
            body["TracingConfig"] = .object(["Mode": .string(mode)])
        }
        if vpcChanged(prior: prior, planned: planned) {
            body["VpcConfig"] = planned.objects("vpc_config").first.map(vpcConfig)
                ?? .object(["Ipv6AllowedForDualStack": .false, "SecurityGroupIds": .tuple([]), "SubnetIds": .tuple([])])
        }
        return body
    }

    /// Whether the VPC settings changed (the computed `vpc_id` aside).
    static func vpcChanged(prior: Value, planned: Value) -> Bool {
        func settings(_ object: Value) -> Value {
            guard let vpc = object.objects("vpc_config").first else { return .null }
            return .object(["ipv6": vpc[attribute: "ipv6_allowed_for_dual_stack"] ?? .null, "groups": vpc[attribute: "security_group_ids"] ?? .null, "subnets": vpc[attribute: "subnet_ids"] ?? .null])
        }
        return !ObjectPlanning.equivalent(settings(prior), settings(planned))
    }

    /// UpdateFunctionCode's body: the code from wherever the configuration takes it.
    static func codeUpdate(prior: Value, planned: Value) throws -> [String: Value] {
        var body = try code(planned)
        body.removeValue(forKey: "SourceKMSKeyArn")
        put(&body, "SourceKMSKeyArn", planned.string("source_kms_key_arn"))
        if PlanSuppression.changed("architectures", prior, planned), let architectures = planned.stringList("architectures"), !architectures.isEmpty {
            body["Architectures"] = strings(architectures)
        }
        return body
    }

    /// The `Code` structure: the local zip file (base64), the image, or the S3 object.
    static func code(_ planned: Value) throws -> [String: Value] {
        var code: [String: Value] = [:]
        if let filename = planned.string("filename"), !filename.isEmpty {
            code["ZipFile"] = .string(Crypto.base64(try zipFile(filename)))
        } else if let image = planned.string("image_uri"), !image.isEmpty {
            code["ImageUri"] = .string(image)
        } else {
            code["S3Bucket"] = .string(planned.string("s3_bucket") ?? "")
            code["S3Key"] = .string(planned.string("s3_key") ?? "")
            put(&code, "S3ObjectVersion", planned.string("s3_object_version"))
        }
        put(&code, "SourceKMSKeyArn", planned.string("source_kms_key_arn"))
        return code
    }

    /// The deployment package at `filename`, relative to the working directory as Terraform
    /// reads it (with `~` expanded).
    static func zipFile(_ filename: String) throws -> Data {
        let path = (filename as NSString).expandingTildeInPath
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ProviderError("Reading ZIP file (\(filename))", detail: error.localizedDescription)
        }
    }

    // MARK: Structures

    static func environment(_ variables: [String: String]) -> Value {
        .object(["Variables": .object(variables.mapValues(Value.string))])
    }

    static func fileSystemConfigs(_ configs: [Value]) -> Value {
        .tuple(configs.map { .object(["Arn": .string($0.string("arn") ?? ""), "LocalMountPath": .string($0.string("local_mount_path") ?? "")]) })
    }

    static func imageConfig(_ image: Value) -> Value {
        var config: [String: Value] = ["WorkingDirectory": .string(image.string("working_directory") ?? "")]
        if let entry = image.stringList("entry_point"), !entry.isEmpty { config["EntryPoint"] = strings(entry) }
        if let command = image.stringList("command"), !command.isEmpty { config["Command"] = strings(command) }
        return .object(config)
    }

    static func loggingConfig(_ logging: Value) -> Value {
        var config: [String: Value] = [:]
        put(&config, "ApplicationLogLevel", logging.string("application_log_level"))
        put(&config, "LogFormat", logging.string("log_format"))
        put(&config, "LogGroup", logging.string("log_group"))
        put(&config, "SystemLogLevel", logging.string("system_log_level"))
        return .object(config)
    }

    static func vpcConfig(_ vpc: Value) -> Value {
        .object([
            "Ipv6AllowedForDualStack": .bool(vpc.bool("ipv6_allowed_for_dual_stack") ?? false),
            "SecurityGroupIds": strings((vpc.stringList("security_group_ids") ?? []).sorted()),
            "SubnetIds": strings((vpc.stringList("subnet_ids") ?? []).sorted()),
        ])
    }

    static func strings(_ items: [String]) -> Value { .tuple(items.map(Value.string)) }

    static func put(_ object: inout [String: Value], _ member: String, _ text: String?) {
        if let text, !text.isEmpty { object[member] = .string(text) }
    }
}
