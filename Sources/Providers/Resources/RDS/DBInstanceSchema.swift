import ResourceGraph

/// `aws_db_instance`'s arguments and attributes, as the AWS provider (v6) declares them.
extension DBInstanceResource {
    static let secretSchema = BlockSchema(attributes: [
        "kms_key_id": AttributeSchema(.string, .computed),
        "secret_arn": AttributeSchema(.string, .computed),
        "secret_status": AttributeSchema(.string, .computed),
    ])

    static let listenerEndpointSchema = BlockSchema(attributes: [
        "address": AttributeSchema(.string, .computed),
        "hosted_zone_id": AttributeSchema(.string, .computed),
        "port": AttributeSchema(.number, .computed),
    ])

    private static let restoreReason = "creating a DB instance by restoring a snapshot, a point in time or an S3 backup is not implemented yet"

    static let restoreToPointInTimeSchema = BlockSchema(attributes: [
        "restore_time": AttributeSchema(.string, .optional, unsupported: restoreReason),
        "source_db_instance_automated_backups_arn": AttributeSchema(.string, .optional, unsupported: restoreReason),
        "source_db_instance_identifier": AttributeSchema(.string, .optional, unsupported: restoreReason),
        "source_dbi_resource_id": AttributeSchema(.string, .optional, unsupported: restoreReason),
        "use_latest_restorable_time": AttributeSchema(.bool, .optional, unsupported: restoreReason),
    ])

    static let s3ImportSchema = BlockSchema(attributes: [
        "bucket_name": AttributeSchema(.string, .required, forceNew: true, unsupported: restoreReason),
        "bucket_prefix": AttributeSchema(.string, .optional, forceNew: true, unsupported: restoreReason),
        "ingestion_role": AttributeSchema(.string, .required, forceNew: true, unsupported: restoreReason),
        "source_engine": AttributeSchema(.string, .required, forceNew: true, unsupported: restoreReason),
        "source_engine_version": AttributeSchema(.string, .required, forceNew: true, unsupported: restoreReason),
    ])

    static let blueGreenSchema = BlockSchema(attributes: [
        "enabled": AttributeSchema(.bool, .optional, unsupported: "low-downtime updates through RDS Blue/Green deployments are not implemented yet; updates are made in place"),
    ])

    static let attributes: [String: AttributeSchema] = [
        // Identity
        "id": AttributeSchema(.string, .computed),
        "resource_id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .computed),
        "identifier": AttributeSchema(.string, .optionalComputed),
        "identifier_prefix": AttributeSchema(.string, .optionalComputed),
        "status": AttributeSchema(.string, .computed),

        // Engine
        "engine": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "engine_version": AttributeSchema(.string, .optionalComputed),
        "engine_version_actual": AttributeSchema(.string, .computed),
        "engine_lifecycle_support": AttributeSchema(.string, .optionalComputed),
        "allow_major_version_upgrade": AttributeSchema(.bool, .optional),
        "auto_minor_version_upgrade": AttributeSchema(.bool, .optional, default: .true),
        "instance_class": AttributeSchema(.string, .required),
        "license_model": AttributeSchema(.string, .optionalComputed),
        "character_set_name": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "nchar_character_set_name": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "timezone": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "option_group_name": AttributeSchema(.string, .optionalComputed),
        "parameter_group_name": AttributeSchema(.string, .optionalComputed),
        "custom_iam_instance_profile": AttributeSchema(.string, .optional, forceNew: true),

        // Storage
        "allocated_storage": AttributeSchema(.number, .optionalComputed),
        "max_allocated_storage": AttributeSchema(.number, .optional),
        "storage_type": AttributeSchema(.string, .optionalComputed),
        "iops": AttributeSchema(.number, .optionalComputed),
        "storage_throughput": AttributeSchema(.number, .optionalComputed),
        "storage_encrypted": AttributeSchema(.bool, .optional, forceNew: true),
        "kms_key_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "dedicated_log_volume": AttributeSchema(.bool, .optional),
        "upgrade_storage_config": AttributeSchema(.bool, .optional),

        // Credentials and database
        "db_name": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "username": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "password": AttributeSchema(.string, .optional, sensitive: true),
        "password_wo": AttributeSchema(.string, .optional, sensitive: true, unsupported: "write-only arguments need Terraform 1.11's ephemeral values, which prov does not have; use password"),
        "password_wo_version": AttributeSchema(.number, .optional, unsupported: "it belongs to password_wo"),
        "manage_master_user_password": AttributeSchema(.bool, .optional),
        "master_user_secret_kms_key_id": AttributeSchema(.string, .optionalComputed),
        "iam_database_authentication_enabled": AttributeSchema(.bool, .optional),

        // Network
        "db_subnet_group_name": AttributeSchema(.string, .optionalComputed),
        "vpc_security_group_ids": AttributeSchema(.set(.string), .optionalComputed),
        "availability_zone": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "multi_az": AttributeSchema(.bool, .optionalComputed),
        "publicly_accessible": AttributeSchema(.bool, .optional, default: .false),
        "port": AttributeSchema(.number, .optionalComputed),
        "network_type": AttributeSchema(.string, .optionalComputed),
        "customer_owned_ip_enabled": AttributeSchema(.bool, .optional),
        "ca_cert_identifier": AttributeSchema(.string, .optionalComputed),
        "address": AttributeSchema(.string, .computed),
        "endpoint": AttributeSchema(.string, .computed),
        "hosted_zone_id": AttributeSchema(.string, .computed),
        "listener_endpoint": AttributeSchema(.list(listenerEndpointSchema.valueType), .computed),
        "master_user_secret": AttributeSchema(.list(secretSchema.valueType), .computed),

        // Directory Service
        "domain": AttributeSchema(.string, .optional),
        "domain_iam_role_name": AttributeSchema(.string, .optional),
        "domain_fqdn": AttributeSchema(.string, .optional),
        "domain_ou": AttributeSchema(.string, .optional),
        "domain_auth_secret_arn": AttributeSchema(.string, .optional),
        "domain_dns_ips": AttributeSchema(.list(.string), .optional),

        // Replication
        "replicate_source_db": AttributeSchema(.string, .optional),
        "replica_mode": AttributeSchema(.string, .optionalComputed),
        "replicas": AttributeSchema(.list(.string), .computed),

        // Backups and maintenance
        "backup_retention_period": AttributeSchema(.number, .optionalComputed),
        "backup_window": AttributeSchema(.string, .optionalComputed),
        "backup_target": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "maintenance_window": AttributeSchema(.string, .optionalComputed),
        "copy_tags_to_snapshot": AttributeSchema(.bool, .optional, default: .false),
        "delete_automated_backups": AttributeSchema(.bool, .optional, default: .true),
        "deletion_protection": AttributeSchema(.bool, .optional),
        "skip_final_snapshot": AttributeSchema(.bool, .optional, default: .false),
        "final_snapshot_identifier": AttributeSchema(.string, .optional),
        "snapshot_identifier": AttributeSchema(.string, .optionalComputed, forceNew: true, unsupported: restoreReason),
        "latest_restorable_time": AttributeSchema(.string, .computed),
        "apply_immediately": AttributeSchema(.bool, .optional, default: .false),

        // Monitoring
        "monitoring_interval": AttributeSchema(.number, .optional, default: .number(0)),
        "monitoring_role_arn": AttributeSchema(.string, .optionalComputed),
        "performance_insights_enabled": AttributeSchema(.bool, .optional, default: .false),
        "performance_insights_kms_key_id": AttributeSchema(.string, .optionalComputed),
        "performance_insights_retention_period": AttributeSchema(.number, .optionalComputed),
        "database_insights_mode": AttributeSchema(.string, .optionalComputed),
        "enabled_cloudwatch_logs_exports": AttributeSchema(.set(.string), .optional),
    ]

    static let block = BlockSchema(
        attributes: attributes.merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "timeouts": Timeouts.block(create: true, update: true, delete: true),
            "restore_to_point_in_time": NestedBlockSchema(.list, restoreToPointInTimeSchema, maxItems: 1, forceNew: true),
            "s3_import": NestedBlockSchema(.list, s3ImportSchema, maxItems: 1),
            "blue_green_update": NestedBlockSchema(.list, blueGreenSchema, maxItems: 1),
        ])
}
