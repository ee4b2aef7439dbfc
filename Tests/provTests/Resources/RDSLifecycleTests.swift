import Foundation
import Testing
import TestSupport

/// aws_db_subnet_group, aws_db_parameter_group and aws_db_instance through their whole life.
@Suite struct RDSLifecycleTests {
    // MARK: Subnet and parameter groups

    static let characterSetParameter = """
        parameter {
            name         = "character_set_server"
            value        = "utf8mb4"
            apply_method = "pending-reboot"
          }
        """

    /// Descriptions are spelled without spaces because the emulator, when it checks signatures,
    /// re-encodes a form body's spaces before hashing it and so rejects any value holding one;
    /// `defaultDescriptions` leaves them out to show Terraform's default in a plan.
    static func groupsConfiguration(subnetGroup: String, owner: String, family: String = "mysql8.0", maxConnections: Int = 100, characterSet: Bool = false, defaultDescriptions: Bool = false) -> String {
        let description = defaultDescriptions ? "" : "description = \"prov-rdslc\""
        return """
        resource "aws_vpc" "groups" {
          cidr_block = "10.62.0.0/17"
          tags       = { Name = "prov-rdslc-groups" }
        }
        resource "aws_subnet" "groups_a" {
          vpc_id            = aws_vpc.groups.id
          cidr_block        = "10.62.1.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_subnet" "groups_b" {
          vpc_id            = aws_vpc.groups.id
          cidr_block        = "10.62.2.0/24"
          availability_zone = "eu-west-1b"
        }
        resource "aws_db_subnet_group" "main" {
          name       = "\(subnetGroup)"
          subnet_ids = [aws_subnet.groups_a.id, aws_subnet.groups_b.id]
          \(description)
          tags       = { Owner = "\(owner)" }
        }
        resource "aws_db_parameter_group" "main" {
          name   = "prov-rdslc-params"
          family = "\(family)"
          \(description)
          parameter {
            name  = "max_connections"
            value = "\(maxConnections)"
          }
          \(characterSet ? characterSetParameter : "")
          tags = { Owner = "\(owner)" }
        }
        """
    }

    @Test func subnetAndParameterGroups() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.write(Self.groupsConfiguration(subnetGroup: "Prov-RDSLC-Subnets", owner: "a", defaultDescriptions: true))
        let defaults = try lifecycle.plan()
        #expect(defaults.stdout.components(separatedBy: "+ description").count == 3, "\(defaults.stdout)")
        #expect(defaults.stdout.components(separatedBy: "\"Managed by Terraform\"").count == 3, "\(defaults.stdout)")
        // RDS keeps names in lower case: a mixed-case name is planned as RDS will store it.
        #expect(defaults.stdout.contains("\"prov-rdslc-subnets\""))

        try lifecycle.apply(Self.groupsConfiguration(subnetGroup: "Prov-RDSLC-Subnets", owner: "a"))
        try lifecycle.expectNoChanges()
        let group = try #require(try lifecycle.values("aws_db_subnet_group.main"))
        #expect(group["id"] as? String == "prov-rdslc-subnets")
        #expect(group["name"] as? String == "prov-rdslc-subnets")
        #expect(group["arn"] as? String == "arn:aws:rds:eu-west-1:123456789012:subgrp:prov-rdslc-subnets")
        #expect(group["description"] as? String == "prov-rdslc")
        #expect(group["vpc_id"] as? String == (try lifecycle.attribute("aws_vpc.groups", "id") as? String))
        let subnetIDs = Set([try lifecycle.attribute("aws_subnet.groups_a", "id") as? String, try lifecycle.attribute("aws_subnet.groups_b", "id") as? String].compactMap { $0 })
        #expect(Set(group["subnet_ids"] as? [String] ?? []) == subnetIDs)

        let described = try Self.subnetGroup("prov-rdslc-subnets", lifecycle)
        #expect(described?["DBSubnetGroupDescription"] as? String == "prov-rdslc")
        #expect(Set((described?["Subnets"] as? [[String: Any]] ?? []).compactMap { $0["SubnetIdentifier"] as? String }) == subnetIDs)
        #expect(try Self.tags(of: group["arn"] as? String, lifecycle)["Owner"] == "a")
        let parameterGroupARN = try #require(try lifecycle.attribute("aws_db_parameter_group.main", "arn") as? String)
        #expect(parameterGroupARN == "arn:aws:rds:eu-west-1:123456789012:pg:prov-rdslc-params")
        #expect(try Self.parameters("prov-rdslc-params", lifecycle)["max_connections"] == "100")

        // In place: tags on both, a changed and an added parameter. Only tags change on the
        // subnet group: the emulator's ModifyDBSubnetGroup deletes the group, so this also
        // shows that a tags-only change never calls it. No parameter is removed: the emulator
        // has no ResetDBParameterGroup (RDSRequestTests covers what prov sends).
        try lifecycle.apply(Self.groupsConfiguration(subnetGroup: "Prov-RDSLC-Subnets", owner: "b", maxConnections: 150, characterSet: true))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_db_subnet_group.main", "arn") as? String == group["arn"] as? String)
        #expect(try lifecycle.attribute("aws_db_parameter_group.main", "arn") as? String == parameterGroupARN)
        #expect(try Self.tags(of: group["arn"] as? String, lifecycle)["Owner"] == "b")
        #expect(try Self.tags(of: parameterGroupARN, lifecycle)["Owner"] == "b")
        let parameters = try Self.parameters("prov-rdslc-params", lifecycle)
        #expect(parameters["max_connections"] == "150")
        #expect(parameters["character_set_server"] == "utf8mb4")

        try lifecycle.reimport("aws_db_subnet_group.main", id: "prov-rdslc-subnets")
        try lifecycle.reimport("aws_db_parameter_group.main", id: "prov-rdslc-params")

        // Replace: a new name is a new subnet group, a new family a new parameter group.
        try lifecycle.write(Self.groupsConfiguration(subnetGroup: "prov-rdslc-subnets-2", owner: "b", family: "mysql5.7", maxConnections: 150, characterSet: true))
        let plan = try lifecycle.plan()
        #expect(plan.stdout.contains("# aws_db_subnet_group.main must be replaced"))
        #expect(plan.stdout.contains("# aws_db_parameter_group.main must be replaced"))
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_db_subnet_group.main", "id") as? String == "prov-rdslc-subnets-2")
        #expect(try Self.subnetGroup("prov-rdslc-subnets", lifecycle) == nil)
        let replaced = try lifecycle.oracle("rds", "describe_db_parameter_groups", ["DBParameterGroupName": "prov-rdslc-params"]).response
        #expect((replaced?["DBParameterGroups"] as? [[String: Any]])?.first?["DBParameterGroupFamily"] as? String == "mysql5.7")

        try lifecycle.destroy()
        #expect(try Self.subnetGroup("prov-rdslc-subnets-2", lifecycle) == nil)
        switch try lifecycle.oracle("rds", "describe_db_parameter_groups", ["DBParameterGroupName": "prov-rdslc-params"]) {
        case .ok(let response): #expect((response["DBParameterGroups"] as? [Any])?.isEmpty == true, "the parameter group still exists")
        case .error(let code, _): #expect(code == "DBParameterGroupNotFound")
        }
    }

    // MARK: DB instances

    struct Instance {
        var instanceClass = "db.t3.micro"
        var dbName = "app"
        var password = "S3cret-rdslc-first"
        var retention = 1
        var owner = "a"
        var skipFinalSnapshot = true
        var finalSnapshot: String?
        var replica = false
    }

    static let replicaConfiguration = """
        resource "aws_db_instance" "replica" {
          identifier          = "prov-rdslc-replica"
          replicate_source_db = aws_db_instance.main.identifier
          instance_class      = "db.t3.micro"
          skip_final_snapshot = true
          apply_immediately   = true
          # Its own tags: the emulator copies the source's tags onto a replica without them.
          tags                = { Role = "replica" }
        }
        """

    static func instanceConfiguration(_ instance: Instance) -> String {
        """
        resource "aws_vpc" "db" {
          cidr_block = "10.62.128.0/17"
          tags       = { Name = "prov-rdslc-db" }
        }
        resource "aws_subnet" "db_a" {
          vpc_id            = aws_vpc.db.id
          cidr_block        = "10.62.129.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_subnet" "db_b" {
          vpc_id            = aws_vpc.db.id
          cidr_block        = "10.62.130.0/24"
          availability_zone = "eu-west-1b"
        }
        resource "aws_db_subnet_group" "db" {
          name        = "prov-rdslc-db-subnets"
          description = "prov-rdslc-db"
          subnet_ids = [aws_subnet.db_a.id, aws_subnet.db_b.id]
        }
        resource "aws_db_instance" "main" {
          identifier_prefix       = "prov-rdslc-db-"
          engine                  = "mysql"
          engine_version          = "8.0"
          instance_class          = "\(instance.instanceClass)"
          allocated_storage       = 20
          db_name                 = "\(instance.dbName)"
          username                = "admin"
          password                = "\(instance.password)"
          db_subnet_group_name    = aws_db_subnet_group.db.name
          backup_retention_period = \(instance.retention)
          apply_immediately       = true
          skip_final_snapshot     = \(instance.skipFinalSnapshot)
          \(instance.finalSnapshot.map { "final_snapshot_identifier = \"\($0)\"" } ?? "")
          tags                    = { Owner = "\(instance.owner)" }
        }
        \(instance.replica ? replicaConfiguration : "")
        """
    }

    @Test func instanceLifecycle() throws {
        let lifecycle = try ResourceLifecycle()
        var instance = Instance()
        let created = try lifecycle.apply(Self.instanceConfiguration(instance))
        #expect(!created.output.contains(instance.password), "the password never appears in output")
        try lifecycle.expectNoChanges()
        let values = try #require(try lifecycle.values("aws_db_instance.main"))
        let identifier = try #require(values["identifier"] as? String)
        #expect(identifier.hasPrefix("prov-rdslc-db-"))
        #expect((values["id"] as? String)?.hasPrefix("db-") == true)
        #expect(values["id"] as? String == values["resource_id"] as? String)
        #expect(values["arn"] as? String == "arn:aws:rds:eu-west-1:123456789012:db:\(identifier)")
        let address = try #require(values["address"] as? String)
        #expect(address.hasPrefix(identifier + "."))
        #expect(values["port"] as? Int == 3306)
        #expect(values["endpoint"] as? String == "\(address):3306")
        #expect(values["status"] as? String == "available")
        #expect(values["engine_version"] as? String == "8.0")
        #expect((values["engine_version_actual"] as? String)?.hasPrefix("8.0") == true)
        #expect(values["db_subnet_group_name"] as? String == "prov-rdslc-db-subnets")
        #expect(values["skip_final_snapshot"] as? Bool == true)

        let described = try #require(try Self.instance(identifier, lifecycle))
        #expect(described["DBInstanceClass"] as? String == "db.t3.micro")
        #expect(described["DBName"] as? String == "app")
        #expect(described["MasterUsername"] as? String == "admin")
        #expect(described["BackupRetentionPeriod"] as? Int == 1)
        #expect((described["DBSubnetGroup"] as? [String: Any])?["DBSubnetGroupName"] as? String == "prov-rdslc-db-subnets")
        #expect(Self.tags(in: described)["Owner"] == "a")

        // In place: a new password (shown nowhere), class, backup retention and tags.
        instance.password = "S3cret-rdslc-second"
        instance.instanceClass = "db.t3.small"
        instance.retention = 2
        instance.owner = "b"
        try lifecycle.write(Self.instanceConfiguration(instance))
        let update = try lifecycle.plan()
        #expect(update.stdout.contains("# aws_db_instance.main will be updated in-place"))
        #expect(!update.output.contains("S3cret-rdslc"), "the password never appears in a plan")
        let updated = try lifecycle.apply()
        #expect(!updated.output.contains("S3cret-rdslc"), "the password never appears in output")
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_db_instance.main", "identifier") as? String == identifier)
        #expect(try lifecycle.attribute("aws_db_instance.main", "arn") as? String == values["arn"] as? String)
        let modified = try #require(try Self.instance(identifier, lifecycle))
        #expect(modified["DBInstanceClass"] as? String == "db.t3.small")
        #expect(modified["BackupRetentionPeriod"] as? Int == 2)
        #expect(Self.tags(in: modified)["Owner"] == "b")

        // AWS never returns the password, and an import cannot know apply_immediately or the
        // prefix the identifier was made from: those are applied again, as in Terraform.
        try lifecycle.reimport("aws_db_instance.main", id: identifier, configurationOnly: ["password", "apply_immediately", "identifier_prefix"])

        // Replace: a new database name needs a new instance. (The emulator gives every instance
        // the same DBI resource id, so the new instance shows in its identifier and ARN.)
        instance.dbName = "app2"
        try lifecycle.write(Self.instanceConfiguration(instance))
        #expect(try lifecycle.plan().stdout.contains("# aws_db_instance.main must be replaced"))
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        let newIdentifier = try #require(try lifecycle.attribute("aws_db_instance.main", "identifier") as? String)
        #expect(newIdentifier != identifier)
        #expect(try lifecycle.attribute("aws_db_instance.main", "arn") as? String == "arn:aws:rds:eu-west-1:123456789012:db:\(newIdentifier)")
        #expect(try Self.instance(identifier, lifecycle) == nil)
        #expect(try Self.instance(newIdentifier, lifecycle)?["DBName"] as? String == "app2")

        // A read replica takes engine and user from its source.
        instance.replica = true
        try lifecycle.apply(Self.instanceConfiguration(instance))
        try lifecycle.expectNoChanges()
        let replica = try #require(try lifecycle.values("aws_db_instance.replica"))
        #expect(replica["replicate_source_db"] as? String == newIdentifier)
        #expect(replica["engine"] as? String == "mysql")
        #expect(replica["username"] as? String == "admin")
        #expect(try Self.instance("prov-rdslc-replica", lifecycle)?["ReadReplicaSourceDBInstanceIdentifier"] as? String == newIdentifier)
        #expect(try Self.instance(newIdentifier, lifecycle)?["ReadReplicaDBInstanceIdentifiers"] as? [String] == ["prov-rdslc-replica"])
        try lifecycle.reimport("aws_db_instance.replica", id: "prov-rdslc-replica", configurationOnly: ["apply_immediately"])

        // Without skip_final_snapshot, deleting needs a final snapshot's name, as in Terraform.
        instance.skipFinalSnapshot = false
        try lifecycle.apply(Self.instanceConfiguration(instance))
        let refused = try lifecycle.prov.run("destroy", "-auto-approve")
        #expect(refused.status != 0)
        #expect(refused.messages.contains("final_snapshot_identifier is required when skip_final_snapshot is false"), "\(refused.output)")
        #expect(try Self.instance(newIdentifier, lifecycle) != nil)

        // With a name, destroying takes the snapshot. (The replica went in the refused destroy.)
        instance.replica = false
        instance.finalSnapshot = "prov-rdslc-final"
        try lifecycle.apply(Self.instanceConfiguration(instance))
        try lifecycle.destroy()
        #expect(try Self.instance(newIdentifier, lifecycle) == nil)
        #expect(try Self.instance("prov-rdslc-replica", lifecycle) == nil)
        let snapshots = try lifecycle.oracle("rds", "describe_db_snapshots", ["DBSnapshotIdentifier": "prov-rdslc-final"]).response
        #expect((snapshots?["DBSnapshots"] as? [[String: Any]])?.first?["DBInstanceIdentifier"] as? String == newIdentifier)
        _ = try lifecycle.oracle("rds", "delete_db_snapshot", ["DBSnapshotIdentifier": "prov-rdslc-final"])
    }

    static func managedPasswordConfiguration(deletionProtection: Bool) -> String {
        """
        resource "aws_db_instance" "managed" {
          identifier                  = "prov-rdslc-managed"
          engine                      = "postgres"
          instance_class              = "db.t3.micro"
          allocated_storage           = 20
          username                    = "app"
          manage_master_user_password = true
          deletion_protection         = \(deletionProtection)
          apply_immediately           = true
          skip_final_snapshot         = true
        }
        """
    }

    @Test func managedPasswordAndDeletionProtection() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.managedPasswordConfiguration(deletionProtection: true))
        try lifecycle.expectNoChanges()
        let secrets = try #require(try lifecycle.attribute("aws_db_instance.managed", "master_user_secret") as? [[String: Any]])
        let described = try #require(try Self.instance("prov-rdslc-managed", lifecycle))
        let secret = try #require(described["MasterUserSecret"] as? [String: Any])
        #expect(secrets.count == 1)
        #expect(secrets.first?["secret_arn"] as? String == secret["SecretArn"] as? String)
        #expect(secrets.first?["kms_key_id"] as? String == secret["KmsKeyId"] as? String)
        #expect(described["DeletionProtection"] as? Bool == true)

        // Deletion protection refuses the destroy until it is turned off in place.
        let refused = try lifecycle.prov.run("destroy", "-auto-approve")
        #expect(refused.status != 0)
        #expect(refused.messages.contains("Cannot delete protected DB Instance"), "\(refused.output)")
        try lifecycle.apply(Self.managedPasswordConfiguration(deletionProtection: false))
        #expect(try Self.instance("prov-rdslc-managed", lifecycle)?["DeletionProtection"] as? Bool == false)
        try lifecycle.destroy()
        #expect(try Self.instance("prov-rdslc-managed", lifecycle) == nil)
    }

    // MARK: Oracle helpers

    static func instance(_ identifier: String, _ lifecycle: ResourceLifecycle) throws -> [String: Any]? {
        switch try lifecycle.oracle("rds", "describe_db_instances", ["DBInstanceIdentifier": identifier]) {
        case .ok(let response): return (response["DBInstances"] as? [[String: Any]])?.first
        case .error(let code, let message):
            #expect(code == "DBInstanceNotFound", "\(message)")
            return nil
        }
    }

    static func subnetGroup(_ name: String, _ lifecycle: ResourceLifecycle) throws -> [String: Any]? {
        switch try lifecycle.oracle("rds", "describe_db_subnet_groups", ["DBSubnetGroupName": name]) {
        case .ok(let response): return (response["DBSubnetGroups"] as? [[String: Any]])?.first
        case .error(let code, let message):
            #expect(code == "DBSubnetGroupNotFoundFault", "\(message)")
            return nil
        }
    }

    static func parameters(_ group: String, _ lifecycle: ResourceLifecycle) throws -> [String: String] {
        let response = try lifecycle.oracle("rds", "describe_db_parameters", ["DBParameterGroupName": group, "Source": "user"]).response
        var values: [String: String] = [:]
        for parameter in response?["Parameters"] as? [[String: Any]] ?? [] {
            if let name = parameter["ParameterName"] as? String { values[name] = parameter["ParameterValue"] as? String }
        }
        return values
    }

    static func tags(of arn: String?, _ lifecycle: ResourceLifecycle) throws -> [String: String] {
        guard let arn else { return [:] }
        return tags(in: try lifecycle.oracle("rds", "list_tags_for_resource", ["ResourceName": arn]).response ?? [:])
    }

    static func tags(in item: [String: Any]) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in item["TagList"] as? [[String: Any]] ?? [] {
            if let key = tag["Key"] as? String { tags[key] = tag["Value"] as? String }
        }
        return tags
    }
}
