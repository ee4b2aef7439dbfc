import Foundation
import Provisioner
import ResourceGraph

/// The schema of `aws_lambda_function`, as the provider declares it.
enum LambdaFunctionSchema {
    private static let managedInstances = "Lambda Managed Instances capacity providers are not implemented yet"
    private static let durable = "durable functions are not implemented yet"
    private static let tenancy = "tenant isolation is not implemented yet"

    static let deadLetterConfig = BlockSchema(attributes: ["target_arn": AttributeSchema(.string, .required)])
    static let environment = BlockSchema(attributes: ["variables": AttributeSchema(.map(.string), .optional)])
    static let ephemeralStorage = BlockSchema(attributes: ["size": AttributeSchema(.number, .optionalComputed)])
    static let fileSystemConfig = BlockSchema(attributes: [
        "arn": AttributeSchema(.string, .required),
        "local_mount_path": AttributeSchema(.string, .required),
    ])
    static let imageConfig = BlockSchema(attributes: [
        "command": AttributeSchema(.list(.string), .optional),
        "entry_point": AttributeSchema(.list(.string), .optional),
        "working_directory": AttributeSchema(.string, .optional),
    ])
    static let loggingConfig = BlockSchema(attributes: [
        "application_log_level": AttributeSchema(.string, .optional, default: .string("")),
        "log_format": AttributeSchema(.string, .required),
        "log_group": AttributeSchema(.string, .optionalComputed),
        "system_log_level": AttributeSchema(.string, .optional, default: .string("")),
    ])
    static let snapStart = BlockSchema(attributes: [
        "apply_on": AttributeSchema(.string, .required),
        "optimization_status": AttributeSchema(.string, .computed),
    ])
    static let tracingConfig = BlockSchema(attributes: ["mode": AttributeSchema(.string, .required)])
    static let vpcConfig = BlockSchema(attributes: [
        "ipv6_allowed_for_dual_stack": AttributeSchema(.bool, .optional, default: .false),
        "security_group_ids": AttributeSchema(.set(.string), .required),
        "subnet_ids": AttributeSchema(.set(.string), .required),
        "vpc_id": AttributeSchema(.string, .computed),
    ])
    static let capacityProviderConfig = BlockSchema(blocks: [
        "lambda_managed_instances_capacity_provider_config": NestedBlockSchema(.list, BlockSchema(attributes: [
            "capacity_provider_arn": AttributeSchema(.string, .required, unsupported: managedInstances),
            "execution_environment_memory_gib_per_vcpu": AttributeSchema(.number, .optionalComputed, unsupported: managedInstances),
            "per_execution_environment_max_concurrency": AttributeSchema(.number, .optionalComputed, unsupported: managedInstances),
        ]), minItems: 1, maxItems: 1),
    ])
    static let durableConfig = BlockSchema(attributes: [
        "execution_timeout": AttributeSchema(.number, .required, unsupported: durable),
        "retention_period": AttributeSchema(.number, .optional, default: .number(14), unsupported: durable),
    ])
    static let tenancyConfig = BlockSchema(attributes: [
        "tenant_isolation_mode": AttributeSchema(.string, .required, unsupported: tenancy),
    ])

    static let block = BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "function_name": AttributeSchema(.string, .required, forceNew: true),
            "role": AttributeSchema(.string, .required),
            "handler": AttributeSchema(.string, .optional),
            "runtime": AttributeSchema(.string, .optional),
            "description": AttributeSchema(.string, .optional),
            "filename": AttributeSchema(.string, .optional),
            "s3_bucket": AttributeSchema(.string, .optional),
            "s3_key": AttributeSchema(.string, .optional),
            "s3_object_version": AttributeSchema(.string, .optional),
            "image_uri": AttributeSchema(.string, .optional),
            "package_type": AttributeSchema(.string, .optional, forceNew: true, default: .string("Zip")),
            "source_code_hash": AttributeSchema(.string, .optionalComputed),
            "code_sha256": AttributeSchema(.string, .optionalComputed),
            "source_kms_key_arn": AttributeSchema(.string, .optional),
            "code_signing_config_arn": AttributeSchema(.string, .optional),
            "architectures": AttributeSchema(.list(.string), .optionalComputed),
            "memory_size": AttributeSchema(.number, .optional, default: .number(128)),
            "timeout": AttributeSchema(.number, .optional, default: .number(3)),
            "layers": AttributeSchema(.list(.string), .optional),
            "kms_key_arn": AttributeSchema(.string, .optional),
            "publish": AttributeSchema(.bool, .optional, default: .false),
            "publish_to": AttributeSchema(.string, .optional, unsupported: "publishing to LATEST_PUBLISHED belongs to Lambda Managed Instances, which prov does not implement yet"),
            "reserved_concurrent_executions": AttributeSchema(.number, .optional, default: .number(-1)),
            "replace_security_groups_on_destroy": AttributeSchema(.bool, .optional),
            "replacement_security_group_ids": AttributeSchema(.set(.string), .optional),
            "skip_destroy": AttributeSchema(.bool, .optional, default: .false),
            "invoke_arn": AttributeSchema(.string, .computed),
            "qualified_arn": AttributeSchema(.string, .computed),
            "qualified_invoke_arn": AttributeSchema(.string, .computed),
            "response_streaming_invoke_arn": AttributeSchema(.string, .computed),
            "version": AttributeSchema(.string, .computed),
            "last_modified": AttributeSchema(.string, .computed),
            "source_code_size": AttributeSchema(.number, .computed),
            "signing_job_arn": AttributeSchema(.string, .computed),
            "signing_profile_version_arn": AttributeSchema(.string, .computed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "dead_letter_config": NestedBlockSchema(.list, deadLetterConfig, maxItems: 1),
            "environment": NestedBlockSchema(.list, environment, maxItems: 1),
            "ephemeral_storage": NestedBlockSchema(.list, ephemeralStorage, maxItems: 1),
            "file_system_config": NestedBlockSchema(.list, fileSystemConfig, maxItems: 1),
            "image_config": NestedBlockSchema(.list, imageConfig, maxItems: 1),
            "logging_config": NestedBlockSchema(.list, loggingConfig, maxItems: 1),
            "snap_start": NestedBlockSchema(.list, snapStart, maxItems: 1),
            "tracing_config": NestedBlockSchema(.list, tracingConfig, maxItems: 1),
            "vpc_config": NestedBlockSchema(.list, vpcConfig, maxItems: 1),
            "capacity_provider_config": NestedBlockSchema(.list, capacityProviderConfig, maxItems: 1),
            "durable_config": NestedBlockSchema(.list, durableConfig, maxItems: 1),
            "tenancy_config": NestedBlockSchema(.list, tenancyConfig, maxItems: 1, forceNew: true),
            "timeouts": Timeouts.block(create: true, update: true, delete: true),
        ])

    /// The settings UpdateFunctionConfiguration changes.
    static let configurationAttributes = [
        "description", "handler", "file_system_config", "image_config", "logging_config", "memory_size", "role", "timeout",
        "kms_key_arn", "layers", "dead_letter_config", "snap_start", "tracing_config", "vpc_config", "runtime", "environment",
        "ephemeral_storage",
    ]

    /// The settings UpdateFunctionCode changes.
    static let codeAttributes = [
        "filename", "code_sha256", "source_code_hash", "s3_bucket", "s3_key", "s3_object_version", "source_kms_key_arn",
        "image_uri", "architectures",
    ]
}
