import Provisioner
import ResourceGraph

/// The requests `aws_db_instance` sends: what the configuration puts in CreateDBInstance,
/// CreateDBInstanceReadReplica and ModifyDBInstance. Optional settings go only when set (not
/// empty, zero or false), as Terraform sends them.
extension DBInstanceResource {
    static func createParameters(_ planned: Value, identifier: String) -> QueryParameters {
        var p = QueryParameters()
        p.set("DBInstanceIdentifier", identifier)
        p.set("DBInstanceClass", planned.string("instance_class"))
        p.set("Engine", planned.string("engine"))
        p.setPresent("EngineVersion", planned.string("engine_version"))
        p.set("AllocatedStorage", planned.int("allocated_storage"))
        p.set("MasterUsername", planned.string("username"))
        p.setPresent("MasterUserPassword", planned.string("password"))
        p.setPresent("DBName", planned.string("db_name"))
        // Terraform sends these even when unset: a new instance keeps no backups unless asked.
        p.set("BackupRetentionPeriod", planned.int("backup_retention_period") ?? 0)
        p.set("AutoMinorVersionUpgrade", planned.bool("auto_minor_version_upgrade") ?? true)
        p.set("CopyTagsToSnapshot", planned.bool("copy_tags_to_snapshot") ?? false)
        p.set("DeletionProtection", planned.bool("deletion_protection") ?? false)
        p.set("PubliclyAccessible", planned.bool("publicly_accessible") ?? false)
        p.set("StorageEncrypted", planned.bool("storage_encrypted") ?? false)
        p.setPresent("AvailabilityZone", planned.string("availability_zone"))
        p.setPresent("BackupTarget", planned.string("backup_target"))
        p.setPresent("PreferredBackupWindow", planned.string("backup_window"))
        p.setPresent("PreferredMaintenanceWindow", planned.string("maintenance_window"))
        p.setPresent("CACertificateIdentifier", planned.string("ca_cert_identifier"))
        p.setPresent("CharacterSetName", planned.string("character_set_name"))
        p.setPresent("NcharCharacterSetName", planned.string("nchar_character_set_name"))
        p.setPresent("Timezone", planned.string("timezone"))
        p.setPresent("LicenseModel", planned.string("license_model"))
        p.setPresent("EngineLifecycleSupport", planned.string("engine_lifecycle_support"))
        p.setPresent("DBParameterGroupName", planned.string("parameter_group_name"))
        p.setPresent("OptionGroupName", planned.string("option_group_name"))
        p.setPresent("MaxAllocatedStorage", planned.int("max_allocated_storage"))
        p.setPresent("StorageType", planned.string("storage_type"))
        p.setPresent("Iops", planned.int("iops"))
        p.setPresent("StorageThroughput", planned.int("storage_throughput"))
        p.setPresent("KmsKeyId", planned.string("kms_key_id"))
        p.setTrue("DedicatedLogVolume", planned.bool("dedicated_log_volume"))
        p.setTrue("ManageMasterUserPassword", planned.bool("manage_master_user_password"))
        p.setPresent("MasterUserSecretKmsKeyId", planned.string("master_user_secret_kms_key_id"))
        p.setTrue("EnableIAMDatabaseAuthentication", planned.bool("iam_database_authentication_enabled"))
        p.setTrue("EnableCustomerOwnedIp", planned.bool("customer_owned_ip_enabled"))
        p.setPresent("CustomIamInstanceProfile", planned.string("custom_iam_instance_profile"))
        p.setPresent("Port", planned.int("port"))
        p.setTrue("MultiAZ", planned.bool("multi_az"))
        p.setPresent("NetworkType", planned.string("network_type"))
        p.setPresent("DBSubnetGroupName", planned.string("db_subnet_group_name"))
        p.setPresentList("VpcSecurityGroupIds", planned.stringList("vpc_security_group_ids")?.sorted(), memberName: "VpcSecurityGroupId")
        setDomain(&p, planned)
        setMonitoring(&p, planned)
        RDS.setTags(&p, planned.stringMap("tags_all") ?? [:])
        return p
    }

    /// CreateDBInstanceReadReplica: the replica takes its engine, version, user and database
    /// from the source.
    static func replicaParameters(_ planned: Value, identifier: String, source: String) -> QueryParameters {
        var p = QueryParameters()
        p.set("DBInstanceIdentifier", identifier)
        p.set("SourceDBInstanceIdentifier", source)
        p.set("DBInstanceClass", planned.string("instance_class"))
        p.set("AutoMinorVersionUpgrade", planned.bool("auto_minor_version_upgrade") ?? true)
        p.set("CopyTagsToSnapshot", planned.bool("copy_tags_to_snapshot") ?? false)
        p.set("DeletionProtection", planned.bool("deletion_protection") ?? false)
        p.set("PubliclyAccessible", planned.bool("publicly_accessible") ?? false)
        p.setPresent("AvailabilityZone", planned.string("availability_zone"))
        p.setPresent("BackupTarget", planned.string("backup_target"))
        p.setPresent("CACertificateIdentifier", planned.string("ca_cert_identifier"))
        p.setPresent("DBParameterGroupName", planned.string("parameter_group_name"))
        p.setPresent("OptionGroupName", planned.string("option_group_name"))
        p.setPresent("MaxAllocatedStorage", planned.int("max_allocated_storage"))
        p.setPresent("StorageType", planned.string("storage_type"))
        p.setPresent("Iops", planned.int("iops"))
        p.setPresent("StorageThroughput", planned.int("storage_throughput"))
        p.setPresent("KmsKeyId", planned.string("kms_key_id"))
        p.setTrue("DedicatedLogVolume", planned.bool("dedicated_log_volume"))
        p.setTrue("UpgradeStorageConfig", planned.bool("upgrade_storage_config"))
        p.setTrue("EnableIAMDatabaseAuthentication", planned.bool("iam_database_authentication_enabled"))
        p.setTrue("EnableCustomerOwnedIp", planned.bool("customer_owned_ip_enabled"))
        p.setPresent("CustomIamInstanceProfile", planned.string("custom_iam_instance_profile"))
        p.setPresent("Port", planned.int("port"))
        p.setTrue("MultiAZ", planned.bool("multi_az"))
        p.setPresent("NetworkType", planned.string("network_type"))
        p.setPresent("ReplicaMode", planned.string("replica_mode"))
        p.setPresent("DBSubnetGroupName", planned.string("db_subnet_group_name"))
        p.setPresentList("VpcSecurityGroupIds", planned.stringList("vpc_security_group_ids")?.sorted(), memberName: "VpcSecurityGroupId")
        setDomain(&p, planned)
        setMonitoring(&p, planned)
        RDS.setTags(&p, planned.stringMap("tags_all") ?? [:])
        return p
    }

    /// What CreateDBInstanceReadReplica cannot set, for a ModifyDBInstance right after; nil
    /// when the new replica already has it all.
    static func replicaFollowUp(_ planned: Value, created replica: XMLNode) -> QueryParameters? {
        var p = QueryParameters()
        if let wanted = planned.int("backup_retention_period"), wanted != replica.child("BackupRetentionPeriod")?.intValue {
            p.set("BackupRetentionPeriod", wanted)
        }
        if let wanted = planned.string("backup_window"), !wanted.isEmpty, wanted != replica.string("PreferredBackupWindow") {
            p.set("PreferredBackupWindow", wanted)
        }
        if let wanted = planned.string("maintenance_window"), !wanted.isEmpty, wanted != replica.string("PreferredMaintenanceWindow")?.lowercased() {
            p.set("PreferredMaintenanceWindow", wanted)
        }
        p.setTrue("ManageMasterUserPassword", planned.bool("manage_master_user_password"))
        p.setPresent("MasterUserSecretKmsKeyId", planned.string("master_user_secret_kms_key_id"))
        p.setPresent("MasterUserPassword", planned.string("password"))
        guard !p.isEmpty else { return nil }
        p.set("ApplyImmediately", true)
        return p
    }

    /// ModifyDBInstance for the arguments that changed between `prior` and `planned`; nil when
    /// none of them is one ModifyDBInstance sets (tags and settings prov keeps to itself).
    static func modifyParameters(prior: Value, planned: Value) -> QueryParameters? {
        func changed(_ names: String...) -> Bool {
            names.contains { !ObjectPlanning.equivalent(prior[attribute: $0] ?? .null, planned[attribute: $0] ?? .null) }
        }
        var p = QueryParameters()
        if changed("identifier"), let identifier = planned.string("identifier") { p.set("NewDBInstanceIdentifier", identifier) }
        if changed("instance_class") { p.set("DBInstanceClass", planned.string("instance_class")) }
        if changed("allocated_storage", "iops") {
            p.set("AllocatedStorage", planned.int("allocated_storage"))
            if let iops = planned.int("iops"), iops > 0 { p.set("Iops", iops) }
        }
        if changed("storage_type") {
            p.set("StorageType", planned.string("storage_type"))
            if planned.string("storage_type") == "io1", let iops = planned.int("iops") { p.set("Iops", iops) }
        }
        if changed("storage_throughput") {
            p.set("StorageThroughput", planned.int("storage_throughput") ?? 0)
            p.set("Iops", planned.int("iops") ?? 0)
            p.set("AllocatedStorage", planned.int("allocated_storage"))
        }
        if changed("max_allocated_storage") {
            // Autoscaling is turned off by setting the limit to the allocated storage.
            let limit = planned.int("max_allocated_storage") ?? 0
            p.set("MaxAllocatedStorage", limit == 0 ? planned.int("allocated_storage") : limit)
        }
        if changed("engine_version") {
            p.set("EngineVersion", planned.string("engine_version"))
            p.set("AllowMajorVersionUpgrade", planned.bool("allow_major_version_upgrade") ?? false)
        }
        if changed("password"), let password = planned.string("password"), !password.isEmpty { p.set("MasterUserPassword", password) }
        if changed("manage_master_user_password") { p.set("ManageMasterUserPassword", planned.bool("manage_master_user_password") ?? false) }
        if changed("master_user_secret_kms_key_id"), let key = planned.string("master_user_secret_kms_key_id"), !key.isEmpty {
            // RDS wants ManageMasterUserPassword along with the key.
            p.set("MasterUserSecretKmsKeyId", key)
            p.set("ManageMasterUserPassword", planned.bool("manage_master_user_password") ?? false)
        }
        let settings: [(String, String)] = [
            ("backup_window", "PreferredBackupWindow"), ("maintenance_window", "PreferredMaintenanceWindow"),
            ("ca_cert_identifier", "CACertificateIdentifier"), ("db_subnet_group_name", "DBSubnetGroupName"),
            ("license_model", "LicenseModel"), ("monitoring_role_arn", "MonitoringRoleArn"), ("network_type", "NetworkType"),
            ("option_group_name", "OptionGroupName"), ("parameter_group_name", "DBParameterGroupName"),
            ("replica_mode", "ReplicaMode"), ("database_insights_mode", "DatabaseInsightsMode"),
        ]
        for (attribute, apiName) in settings where changed(attribute) { p.set(apiName, planned.string(attribute) ?? "") }
        let switches: [(String, String)] = [
            ("auto_minor_version_upgrade", "AutoMinorVersionUpgrade"), ("copy_tags_to_snapshot", "CopyTagsToSnapshot"),
            ("customer_owned_ip_enabled", "EnableCustomerOwnedIp"), ("iam_database_authentication_enabled", "EnableIAMDatabaseAuthentication"),
            ("multi_az", "MultiAZ"), ("publicly_accessible", "PubliclyAccessible"), ("dedicated_log_volume", "DedicatedLogVolume"),
        ]
        for (attribute, apiName) in switches where changed(attribute) { p.set(apiName, planned.bool(attribute) ?? false) }
        if changed("backup_retention_period") { p.set("BackupRetentionPeriod", planned.int("backup_retention_period") ?? 0) }
        if changed("monitoring_interval") { p.set("MonitoringInterval", planned.int("monitoring_interval") ?? 0) }
        if changed("port") { p.set("DBPortNumber", planned.int("port")) }
        if changed("performance_insights_enabled", "performance_insights_kms_key_id", "performance_insights_retention_period") {
            p.set("EnablePerformanceInsights", planned.bool("performance_insights_enabled") ?? false)
            p.setPresent("PerformanceInsightsKMSKeyId", planned.string("performance_insights_kms_key_id"))
            p.setPresent("PerformanceInsightsRetentionPeriod", planned.int("performance_insights_retention_period"))
        }
        if changed("domain", "domain_iam_role_name", "domain_fqdn", "domain_ou", "domain_auth_secret_arn", "domain_dns_ips") {
            if planned.string("domain") == nil, planned.string("domain_fqdn") == nil {
                p.set("DisableDomain", true)
            } else {
                setDomain(&p, planned)
            }
        }
        if changed("enabled_cloudwatch_logs_exports") {
            let before = Set(prior.stringList("enabled_cloudwatch_logs_exports") ?? []), after = Set(planned.stringList("enabled_cloudwatch_logs_exports") ?? [])
            p.set("CloudwatchLogsExportConfiguration", QueryParameters {
                $0.setPresentList("EnableLogTypes", after.subtracting(before).sorted())
                $0.setPresentList("DisableLogTypes", before.subtracting(after).sorted())
            })
        }
        if changed("vpc_security_group_ids"), let groups = planned.stringList("vpc_security_group_ids"), !groups.isEmpty {
            p.setList("VpcSecurityGroupIds", groups.sorted(), memberName: "VpcSecurityGroupId")
        }
        guard !p.isEmpty || changed("deletion_protection") else { return nil }
        p.set("DeletionProtection", planned.bool("deletion_protection") ?? false)
        return p
    }

    private static func setDomain(_ p: inout QueryParameters, _ planned: Value) {
        p.setPresent("Domain", planned.string("domain"))
        p.setPresent("DomainIAMRoleName", planned.string("domain_iam_role_name"))
        p.setPresent("DomainFqdn", planned.string("domain_fqdn"))
        p.setPresent("DomainOu", planned.string("domain_ou"))
        p.setPresent("DomainAuthSecretArn", planned.string("domain_auth_secret_arn"))
        p.setPresentList("DomainDnsIps", planned.stringList("domain_dns_ips"))
    }

    private static func setMonitoring(_ p: inout QueryParameters, _ planned: Value) {
        p.setPresent("MonitoringInterval", planned.int("monitoring_interval"))
        p.setPresent("MonitoringRoleArn", planned.string("monitoring_role_arn"))
        p.setTrue("EnablePerformanceInsights", planned.bool("performance_insights_enabled"))
        p.setPresent("PerformanceInsightsKMSKeyId", planned.string("performance_insights_kms_key_id"))
        p.setPresent("PerformanceInsightsRetentionPeriod", planned.int("performance_insights_retention_period"))
        p.setPresent("DatabaseInsightsMode", planned.string("database_insights_mode"))
        p.setPresentList("EnableCloudwatchLogsExports", planned.stringList("enabled_cloudwatch_logs_exports")?.sorted())
    }
}

/// Terraform's "set only when set" (`GetOk`): an empty string, zero, false or empty list is
/// left out of the request.
extension QueryParameters {
    mutating func setPresent(_ name: String, _ value: String?) {
        if let value, !value.isEmpty { set(name, value) }
    }

    mutating func setPresent(_ name: String, _ value: Int?) {
        if let value, value != 0 { set(name, value) }
    }

    mutating func setTrue(_ name: String, _ value: Bool?) {
        if value == true { set(name, true) }
    }

    mutating func setPresentList(_ name: String, _ values: [String]?, memberName: String? = "member") {
        if let values, !values.isEmpty { setList(name, values, memberName: memberName) }
    }
}
