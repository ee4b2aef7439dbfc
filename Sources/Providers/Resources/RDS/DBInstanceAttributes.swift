import ResourceGraph

/// Turns a described DB instance into `aws_db_instance` attributes.
extension DBInstanceResource {
    static func attributes(of instance: XMLNode, current: Value, settings: AWSProviderBlock) -> [String: Value] {
        func text(_ names: String...) -> String? { instance.path(names)?.text }
        func flag(_ name: String) -> Bool { instance.child(name)?.boolValue ?? false }
        func count(_ name: String) -> Int { instance.child(name)?.intValue ?? 0 }
        func carried(_ name: String, _ fallback: Value) -> Value { RDS.carried(current, name, fallback) }
        // An optional argument without a default that AWS reports as off or empty stays unset
        // when it was unset (and is unset on import), so state keeps the configuration's shape.
        func unlessUnset(_ name: String, _ value: Value) -> Value {
            let prior = current[attribute: name]
            guard prior == nil || prior!.isNull, RDS.isZero(value) else { return value }
            return .null(value.type)
        }

        let resourceID = text("DbiResourceId")
        let endpoint = instance.child("Endpoint")
        let address = endpoint?.string("Address")
        let port = endpoint?.child("Port")?.intValue ?? instance.child("DbInstancePort")?.intValue
        let secret = instance.child("MasterUserSecret")
        let domain = instance.all("DomainMemberships", "DomainMembership").first
        let (engineVersion, actualVersion) = engineVersions(instance, prior: current.string("engine_version"))

        var attributes: [String: Value] = [
            "id": .string(resourceID ?? current.string("id")),
            "resource_id": .string(resourceID ?? ""),
            "arn": .string(text("DBInstanceArn") ?? ""),
            "identifier": .string(text("DBInstanceIdentifier")),
            "identifier_prefix": RDS.carriedPrefix(current, "identifier_prefix"),
            "status": .string(text("DBInstanceStatus") ?? ""),

            "engine": .string(text("Engine") ?? ""),
            "engine_version": .string(engineVersion),
            "engine_version_actual": .string(actualVersion),
            "engine_lifecycle_support": .string(text("EngineLifecycleSupport") ?? ""),
            "allow_major_version_upgrade": carried("allow_major_version_upgrade", .null(.bool)),
            "auto_minor_version_upgrade": .bool(flag("AutoMinorVersionUpgrade")),
            "instance_class": .string(text("DBInstanceClass") ?? ""),
            "license_model": .string(text("LicenseModel") ?? ""),
            "character_set_name": .string(text("CharacterSetName") ?? ""),
            "nchar_character_set_name": .string(text("NcharCharacterSetName") ?? ""),
            "timezone": .string(text("Timezone") ?? ""),
            "option_group_name": .string(instance.all("OptionGroupMemberships", "OptionGroupMembership").first?.string("OptionGroupName") ?? ""),
            "parameter_group_name": .string(instance.all("DBParameterGroups", "DBParameterGroup").first?.string("DBParameterGroupName") ?? ""),
            "custom_iam_instance_profile": .string(text("CustomIamInstanceProfile")),

            "allocated_storage": .number(count("AllocatedStorage")),
            "max_allocated_storage": .number(instance.child("MaxAllocatedStorage")?.intValue),
            "storage_type": .string(text("StorageType") ?? ""),
            "iops": .number(count("Iops")),
            "storage_throughput": .number(count("StorageThroughput")),
            "storage_encrypted": unlessUnset("storage_encrypted", .bool(flag("StorageEncrypted"))),
            "kms_key_id": .string(text("KmsKeyId") ?? ""),
            "dedicated_log_volume": unlessUnset("dedicated_log_volume", .bool(flag("DedicatedLogVolume"))),
            "upgrade_storage_config": carried("upgrade_storage_config", .null(.bool)),

            "db_name": .string(text("DBName") ?? ""),
            "username": .string(text("MasterUsername") ?? ""),
            // AWS never returns the password: it stays what was configured.
            "password": carried("password", .null(.string)).markedSensitive(),
            "password_wo": Value.null(.string).markedSensitive(),
            "password_wo_version": .null(.number),
            "manage_master_user_password": carried("manage_master_user_password", secret == nil ? .null(.bool) : .true),
            "master_user_secret_kms_key_id": carried("master_user_secret_kms_key_id", .string(secret?.string("KmsKeyId") ?? "")),
            "iam_database_authentication_enabled": unlessUnset("iam_database_authentication_enabled", .bool(flag("IAMDatabaseAuthenticationEnabled"))),

            "db_subnet_group_name": .string(text("DBSubnetGroup", "DBSubnetGroupName") ?? ""),
            "vpc_security_group_ids": .stringSet(instance.all("VpcSecurityGroups", "VpcSecurityGroupMembership").compactMap { $0.string("VpcSecurityGroupId") }),
            "availability_zone": .string(text("AvailabilityZone") ?? ""),
            "multi_az": .bool(flag("MultiAZ")),
            "publicly_accessible": .bool(flag("PubliclyAccessible")),
            "port": .number(port ?? 0),
            "network_type": .string(text("NetworkType") ?? ""),
            "customer_owned_ip_enabled": unlessUnset("customer_owned_ip_enabled", .bool(flag("CustomerOwnedIpEnabled"))),
            "ca_cert_identifier": .string(text("CACertificateIdentifier") ?? ""),
            "address": .string(address ?? ""),
            "endpoint": .string(address.flatMap { address in port.map { "\(address):\($0)" } } ?? ""),
            "hosted_zone_id": .string(endpoint?.string("HostedZoneId") ?? ""),
            "listener_endpoint": listenerEndpoint(instance.child("ListenerEndpoint")),
            "master_user_secret": masterUserSecret(secret),

            "domain": .string(domain?.string("Domain")),
            "domain_iam_role_name": .string(domain?.string("IAMRoleName")),
            "domain_fqdn": .string(domain?.string("FQDN")),
            "domain_ou": .string(domain?.string("OU")),
            "domain_auth_secret_arn": .string(domain?.string("AuthSecretArn")),
            "domain_dns_ips": unlessUnset("domain_dns_ips", .stringList(domain?.all("DnsIps", "member").map(\.text) ?? [])),

            "replicate_source_db": .string(sourceDB(text("ReadReplicaSourceDBInstanceIdentifier"), configured: current.string("replicate_source_db"))),
            "replica_mode": .string(text("ReplicaMode") ?? ""),
            "replicas": .stringList(instance.all("ReadReplicaDBInstanceIdentifiers", "ReadReplicaDBInstanceIdentifier").map(\.text)),

            "backup_retention_period": .number(count("BackupRetentionPeriod")),
            "backup_window": .string(text("PreferredBackupWindow") ?? ""),
            "backup_target": .string(text("BackupTarget") ?? ""),
            "maintenance_window": .string(text("PreferredMaintenanceWindow")?.lowercased() ?? ""),
            "copy_tags_to_snapshot": .bool(flag("CopyTagsToSnapshot")),
            "deletion_protection": unlessUnset("deletion_protection", .bool(flag("DeletionProtection"))),
            "delete_automated_backups": carried("delete_automated_backups", .true),
            "skip_final_snapshot": carried("skip_final_snapshot", .false),
            "final_snapshot_identifier": carried("final_snapshot_identifier", .null(.string)),
            "snapshot_identifier": carried("snapshot_identifier", .null(.string)),
            "latest_restorable_time": .string(RDS.timestamp(text("LatestRestorableTime")) ?? ""),
            "apply_immediately": carried("apply_immediately", .false),

            "monitoring_interval": .number(count("MonitoringInterval")),
            "monitoring_role_arn": .string(text("MonitoringRoleArn") ?? ""),
            "performance_insights_enabled": .bool(flag("PerformanceInsightsEnabled")),
            "performance_insights_kms_key_id": .string(text("PerformanceInsightsKMSKeyId") ?? ""),
            "performance_insights_retention_period": .number(count("PerformanceInsightsRetentionPeriod")),
            "database_insights_mode": .string(text("DatabaseInsightsMode") ?? ""),
            "enabled_cloudwatch_logs_exports": unlessUnset("enabled_cloudwatch_logs_exports", .stringSet(instance.all("EnabledCloudwatchLogsExports", "member").map(\.text))),

            "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
            "restore_to_point_in_time": current[attribute: "restore_to_point_in_time"] ?? .list([], of: restoreToPointInTimeSchema.valueType),
            "s3_import": current[attribute: "s3_import"] ?? .list([], of: s3ImportSchema.valueType),
            "blue_green_update": current[attribute: "blue_green_update"] ?? .list([], of: blueGreenSchema.valueType),
        ]
        attributes.merge(AWSTags.attributes(remote: RDS.tags(in: instance.child("TagList")), prior: current, settings: settings)) { _, new in new }
        return attributes
    }

    /// `engine_version` keeps what was configured while the running version matches it: a
    /// configured `8.0` runs as `8.0.36`, and an upgrade still pending is not a difference.
    /// `engine_version_actual` is always the running version.
    private static func engineVersions(_ instance: XMLNode, prior: String?) -> (configured: String, actual: String) {
        let actual = instance.string("EngineVersion") ?? ""
        let pending = instance.string("PendingModifiedValues", "EngineVersion") ?? ""
        guard let prior, !prior.isEmpty else { return (actual, actual) }
        func matches(_ version: String) -> Bool { version == prior || version.hasPrefix(prior + ".") }
        return (matches(actual) || (!pending.isEmpty && matches(pending)) ? prior : actual, actual)
    }

    /// RDS names a same-region source by identifier; a configuration may name it by ARN.
    private static func sourceDB(_ remote: String?, configured: String?) -> String? {
        guard let remote, !remote.isEmpty else { return nil }
        if let configured, configured.hasPrefix("arn:"), configured.hasSuffix(":db:" + remote) { return configured }
        return remote
    }

    private static func listenerEndpoint(_ endpoint: XMLNode?) -> Value {
        guard let endpoint else { return .list([], of: listenerEndpointSchema.valueType) }
        return .list([.object([
            "address": .string(endpoint.string("Address") ?? ""),
            "hosted_zone_id": .string(endpoint.string("HostedZoneId") ?? ""),
            "port": .number(endpoint.child("Port")?.intValue ?? 0),
        ])], of: listenerEndpointSchema.valueType)
    }

    private static func masterUserSecret(_ secret: XMLNode?) -> Value {
        guard let secret else { return .list([], of: secretSchema.valueType) }
        return .list([.object([
            "kms_key_id": .string(secret.string("KmsKeyId") ?? ""),
            "secret_arn": .string(secret.string("SecretArn") ?? ""),
            "secret_status": .string(secret.string("SecretStatus") ?? ""),
        ])], of: secretSchema.valueType)
    }
}
