import Foundation
import ResourceGraph
import Testing

@testable import Providers

/// What the RDS types plan and send, checked without AWS: the parts the emulator cannot show
/// (it has no ResetDBParameterGroup, no storage autoscaling, and gives every instance the same
/// resource id).
@Suite struct RDSRequestTests {
    static func pairs(_ parameters: QueryParameters?) -> [String: String] {
        Dictionary((parameters?.flattened(for: .query) ?? []).map { ($0.name, $0.value) }) { first, _ in first }
    }

    static func parameter(_ name: String, _ value: String = "1", method: String = "immediate") -> Value {
        .object(["name": .string(name), "value": .string(value), "apply_method": .string(method)])
    }

    // MARK: Parameter groups

    @Test func parameterBatchesHoldAtMostTwentyAndKeepCompanionsTogether() {
        var parameters = (1...45).map { DBParameter(Self.parameter("p\($0)")) }
        parameters.append(DBParameter(Self.parameter("character_set_server", method: "pending-reboot")))
        parameters.append(DBParameter(Self.parameter("collation_server")))
        parameters.append(DBParameter(Self.parameter("innodb_log_file_size", method: "pending-reboot")))
        let batches = DBParameter.batches(parameters)
        #expect(batches.allSatisfy { $0.count <= 20 })
        #expect(batches.map(\.count).reduce(0, +) == 48)
        #expect(batches.first.map { Set($0.map(\.name)) } == ["character_set_server", "collation_server"])
        #expect(batches.last?.map(\.name) == ["innodb_log_file_size"], "changes waiting for a reboot go last")
    }

    @Test func parameterNamesAndMethodsArePlannedInLowerCase() throws {
        let configuration = Value.object([
            "name": .string("My-Params"), "name_prefix": .null(.string), "family": .string("mysql8.0"),
            "parameter": .set([Self.parameter("Max_Connections", "100", method: "IMMEDIATE")], of: DBParameterGroupResource.parameterSchema.valueType),
            "tags": .null(.map(.string)), "tags_all": .unknown(.map(.string)),
        ])
        let planned = DBParameterGroupResource().plan(prior: nil, proposed: configuration, configuration: configuration, settings: try AWSProviderBlock(.emptyObject)).planned
        #expect(planned.string("name") == "my-params")
        let parameter = try #require(planned.objects("parameter").first)
        #expect(parameter.string("name") == "max_connections")
        #expect(parameter.string("apply_method") == "immediate")
    }

    // MARK: DB instances

    static let prior = Value.object([
        "identifier": .string("db-one"), "instance_class": .string("db.t3.micro"), "allocated_storage": .number(20),
        "max_allocated_storage": .number(100), "password": .string("first-password"), "deletion_protection": .false,
        "backup_retention_period": .number(1), "vpc_security_group_ids": .stringSet(["sg-1"]),
        "tags_all": .stringMap(["Owner": "a"]), "address": .string("db-one.example"), "endpoint": .string("db-one.example:3306"),
        "arn": .string("arn:aws:rds:eu-west-1:1:db:db-one"), "port": .number(3306), "engine_version": .string("8.0"),
    ])

    static func changing(_ changes: [String: Value]) -> Value { prior.setting(changes) }

    @Test func onlyChangedArgumentsAreModified() {
        #expect(DBInstanceResource.modifyParameters(prior: Self.prior, planned: Self.changing(["tags_all": .stringMap(["Owner": "b"])])) == nil,
                "tags alone go through the tagging calls")
        let modify = Self.pairs(DBInstanceResource.modifyParameters(prior: Self.prior, planned: Self.changing([
            "password": .string("second-password"), "instance_class": .string("db.t3.small"),
        ])))
        #expect(modify["MasterUserPassword"] == "second-password")
        #expect(modify["DBInstanceClass"] == "db.t3.small")
        #expect(modify["DeletionProtection"] == "false", "sent with every modification, as Terraform does")
        #expect(modify["BackupRetentionPeriod"] == nil && modify["AllocatedStorage"] == nil)
    }

    @Test func renamesAndAutoscalingOffAreModifications() {
        let modify = Self.pairs(DBInstanceResource.modifyParameters(prior: Self.prior, planned: Self.changing([
            "identifier": .string("db-two"), "max_allocated_storage": .null(.number),
            "vpc_security_group_ids": .stringSet(["sg-2", "sg-1"]),
        ])))
        #expect(modify["NewDBInstanceIdentifier"] == "db-two")
        #expect(modify["MaxAllocatedStorage"] == "20", "autoscaling is turned off by a limit equal to the storage")
        #expect(modify["VpcSecurityGroupIds.VpcSecurityGroupId.1"] == "sg-1")
        #expect(modify["VpcSecurityGroupIds.VpcSecurityGroupId.2"] == "sg-2")
    }

    @Test func planKeepsAutoscaledStorageAndMarksWhatARenameChanges() throws {
        let settings = try AWSProviderBlock(.emptyObject)
        let configuration = Self.changing(["identifier": .string("DB-Two"), "engine": .string("MySQL"), "maintenance_window": .string("Mon:00:00-Mon:03:00")])
        // Autoscaling grew the storage to 40: the configured 20 is not a change.
        let prior = Self.prior.setting(["allocated_storage": .number(40)])
        let planned = DBInstanceResource().plan(prior: prior, proposed: configuration, configuration: configuration, settings: settings).planned
        #expect(planned.int("allocated_storage") == 40)
        #expect(planned.string("identifier") == "db-two")
        #expect(planned.string("engine") == "mysql")
        #expect(planned.string("maintenance_window") == "mon:00:00-mon:03:00")
        for name in ["address", "endpoint", "arn"] {
            #expect(planned[attribute: name]?.isKnown == false, "\(name) follows the new identifier")
        }
        let unchanged = DBInstanceResource().plan(prior: Self.prior, proposed: Self.prior, configuration: Self.prior, settings: settings).planned
        #expect(unchanged.string("address") == "db-one.example")
    }

    @Test func zeroValuesStayUnsetWhenTheyWereUnset() throws {
        let instance = try XMLNode.parse(Data("""
            <DBInstance><DBInstanceIdentifier>db-one</DBInstanceIdentifier><DeletionProtection>false</DeletionProtection>
            <StorageEncrypted>true</StorageEncrypted><EngineVersion>8.0.36</EngineVersion></DBInstance>
            """.utf8))
        let settings = try AWSProviderBlock(.emptyObject)
        let unset = DBInstanceResource.attributes(of: instance, current: .object(["engine_version": .string("8.0")]), settings: settings)
        #expect(unset["deletion_protection"]?.isNull == true)
        #expect(unset["storage_encrypted"]?.boolValue == true)
        #expect(unset["engine_version"]?.stringValue == "8.0", "a configured prefix of the running version is kept")
        #expect(unset["engine_version_actual"]?.stringValue == "8.0.36")
        let configured = DBInstanceResource.attributes(of: instance, current: .object(["deletion_protection": .false]), settings: settings)
        #expect(configured["deletion_protection"]?.boolValue == false)
    }
}
