import Foundation
import Provisioner
import ResourceGraph

/// `aws_db_instance`: an RDS database instance, or a read replica of one. Its `id` is the
/// DBI resource id (`db-…`), which survives renames; import id: the identifier.
struct DBInstanceResource: AWSResourceType {
    static let displayName = "RDS DB Instance"
    static let typeName = "aws_db_instance"

    let schema = ResourceTypeSchema(block: DBInstanceResource.block, version: 2)

    static let createTimeout = Duration.seconds(40 * 60)
    static let updateTimeout = Duration.seconds(80 * 60)
    static let deleteTimeout = Duration.seconds(60 * 60)

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        planned = RDS.planName(planned, prior: prior, configuration: configuration, name: "identifier", prefix: "identifier_prefix")
        var changes: [String: Value] = [:]
        // Terraform stores both in lower case, as RDS reports them.
        for name in ["engine", "maintenance_window"] {
            if let configured = configuration.string(name) { changes[name] = .string(configured.lowercased()) }
        }
        if let prior {
            let allocated = planned.int("allocated_storage"), priorAllocated = prior.int("allocated_storage")
            let limit = planned.int("max_allocated_storage") ?? 0
            // Storage autoscaling grows the storage past the configured size: not a difference.
            if let allocated, let priorAllocated, priorAllocated > allocated, limit > allocated {
                changes["allocated_storage"] = .number(priorAllocated)
            }
            // A limit equal to the storage means no autoscaling, as does no limit.
            if (prior.int("max_allocated_storage") ?? 0) == 0, let allocated, limit == allocated {
                changes["max_allocated_storage"] = prior[attribute: "max_allocated_storage"] ?? .null(.number)
            }
            let renamed = planned[attribute: "identifier"].map { !$0.isKnown || $0.stringValue != prior.string("identifier") } ?? false
            if renamed {
                for name in ["address", "endpoint", "arn"] { changes[name] = .unknown(.string) }
            }
            if let port = planned[attribute: "port"], !(port.isKnown && port.numberValue?.intValue == prior.int("port")) {
                changes["endpoint"] = .unknown(.string)
            }
            if let version = planned[attribute: "engine_version"], !(version.isKnown && version.stringValue == prior.string("engine_version")) {
                changes["engine_version_actual"] = .unknown(.string)
            }
        }
        return PlannedChange(planned: changes.isEmpty ? planned : planned.setting(changes))
    }

    // MARK: Create

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let identifier = RDS.nameToCreate(planned, name: "identifier", prefix: "identifier_prefix")
        try Self.checkCreatable(planned, identifier: identifier)
        let timeout = Timeouts.duration(planned, "create", default: Self.createTimeout)
        let source = planned.string("replicate_source_db").flatMap { $0.isEmpty ? nil : $0 }
        let created: XMLNode
        do {
            if let source {
                try await waitForSource(source, planned: planned, timeout: timeout, in: context)
                let parameters = Self.replicaParameters(planned, identifier: identifier, source: source)
                context.progress("creating read replica of \(source)")
                // No client token: a repeat after a lost answer would fail as a name conflict.
                created = try await RDS.call("CreateDBInstanceReadReplica", parameters, in: context, idempotent: false)
            } else {
                created = try await RDS.call("CreateDBInstance", Self.createParameters(planned, identifier: identifier), in: context, idempotent: false)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating RDS DB Instance (\(identifier))")
        }
        let instance = created.child("DBInstance")
        let resourceID = instance?.string("DbiResourceId")
        let partial = planned.setting([
            "identifier": .string(identifier),
            "id": .string(resourceID ?? identifier),
            "resource_id": .string(resourceID ?? ""),
        ])
        do {
            try await Self.waitUntilAvailable(identifiers: [identifier], resourceID: resourceID, settled: false, timeout: timeout, in: context)
            if source != nil, let instance, var followUp = Self.replicaFollowUp(planned, created: instance) {
                followUp.set("DBInstanceIdentifier", identifier)
                context.progress("applying the settings a new replica cannot take")
                _ = try await RDS.call("ModifyDBInstance", followUp, in: context)
                try await Self.waitUntilAvailable(identifiers: [identifier], resourceID: resourceID, settled: true, timeout: timeout, in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating RDS DB Instance (\(identifier))", partialObject: partial)
        }
    }

    /// What the AWS provider checks before it calls AWS.
    private static func checkCreatable(_ planned: Value, identifier: String) throws {
        let summary = "Creating RDS DB Instance (\(identifier))"
        for block in ["restore_to_point_in_time", "s3_import", "blue_green_update"] where !planned.objects(block).isEmpty {
            throw ProviderError(summary, detail: "prov does not support the \(block) block yet.")
        }
        if planned.string("password") != nil, planned.bool("manage_master_user_password") == true {
            throw ProviderError(summary, detail: "\"password\": conflicts with manage_master_user_password.")
        }
        if planned.string("replicate_source_db").map({ !$0.isEmpty }) == true {
            for name in ["username", "db_name"] where planned.string(name).map({ !$0.isEmpty }) == true {
                throw ProviderError(summary, detail: "\"\(name)\": conflicts with replicate_source_db: a replica takes it from its source.")
            }
            return
        }
        // Unknown here means unset: only computed values are still unknown when applying.
        for name in ["allocated_storage", "engine", "username"] where !(planned[attribute: name].map { $0.isKnown && !$0.isNull } ?? false) {
            throw ProviderError(summary, detail: "\"\(name)\": required field is not set.")
        }
    }

    /// A replica can only be made of an available source. A source in another region (named
    /// by ARN) is not waited for; an encrypted one would need a pre-signed URL prov cannot make.
    private func waitForSource(_ source: String, planned: Value, timeout: Duration, in context: AWSContext) async throws {
        var identifier = source
        if source.hasPrefix("arn:") {
            let parts = source.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 7, parts[3] == context.region else {
                if planned.string("kms_key_id").map({ !$0.isEmpty }) == true {
                    throw ProviderError("Creating RDS DB Instance", detail: "prov cannot create an encrypted replica of a DB instance in another region yet: it would need a pre-signed CreateDBInstanceReadReplica URL.")
                }
                return
            }
            identifier = String(parts[6])
        }
        context.progress("waiting for the source \(identifier) to be available")
        try await Self.waitUntilAvailable(identifiers: [identifier], resourceID: nil, settled: false, timeout: timeout, in: context)
    }

    // MARK: Read

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        let identifier = current.string("identifier")
        let resourceID = current.string("id") ?? current.string("resource_id")
        guard let name = identifier ?? resourceID else { return nil }
        do {
            guard let instance = try await Self.locate(identifiers: identifier.map { [$0] } ?? [], resourceID: resourceID, in: context) else { return nil }
            return .object(Self.attributes(of: instance, current: current, settings: context.settings))
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading RDS DB Instance (\(name))")
        }
    }

    /// Import by identifier (or by resource id). As in Terraform, an imported instance is
    /// destroyed without a final snapshot unless the configuration asks for one.
    func importObject(id: String, in context: AWSContext) async throws -> Value {
        var instance: XMLNode?
        do {
            instance = try await Self.describe(identifier: id, in: context)
            if instance == nil, id.hasPrefix("db-") {
                instance = try await Self.describe(resourceID: id, preferring: nil, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "importing RDS DB Instance (\(id))")
        }
        guard let instance else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No RDS DB instance with identifier \(id) exists in \(context.region).")
        }
        let defaults = Value.object(["skip_final_snapshot": .true, "delete_automated_backups": .true])
        return .object(Self.attributes(of: instance, current: defaults, settings: context.settings))
    }

    // MARK: Update

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let identifier = prior.string("identifier") else {
            throw ProviderError("Updating RDS DB Instance", detail: "the instance has no identifier in state.")
        }
        let resourceID = prior.string("id")
        let newIdentifier = planned.string("identifier") ?? identifier
        let applyImmediately = planned.bool("apply_immediately") ?? false
        let timeout = Timeouts.duration(planned, "update", default: Self.updateTimeout)
        do {
            try await promoteIfDetached(identifier, resourceID: resourceID, prior: prior, planned: planned, timeout: timeout, in: context)
            if let arn = prior.string("arn") {
                try await RDS.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
            }
            if var parameters = Self.modifyParameters(prior: prior, planned: planned) {
                parameters.set("DBInstanceIdentifier", identifier)
                parameters.set("ApplyImmediately", applyImmediately)
                if !applyImmediately { context.progress("changes that need the instance restarted wait for its maintenance window (apply_immediately is false)") }
                let modify = parameters
                try await RDS.retrying("RDS DB Instance \(identifier) to accept the change", timeout: timeout, in: context, while: { Self.isTransientModifyError($0) }) {
                    _ = try await RDS.call("ModifyDBInstance", modify, in: context)
                }
                try await Self.waitUntilAvailable(identifiers: [newIdentifier, identifier], resourceID: resourceID, settled: applyImmediately, timeout: timeout, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating RDS DB Instance (\(identifier))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// Removing `replicate_source_db` promotes the replica to a standalone instance; a replica
    /// cannot be pointed at another source. (A source renamed in the same run is the same
    /// source: RDS already names it by its new identifier.)
    private func promoteIfDetached(_ identifier: String, resourceID: String?, prior: Value, planned: Value, timeout: Duration, in context: AWSContext) async throws {
        let before = prior.string("replicate_source_db") ?? "", after = planned.string("replicate_source_db") ?? ""
        guard before != after else { return }
        guard after.isEmpty else {
            let current = try await Self.locate(identifiers: [identifier], resourceID: resourceID, in: context)?.string("ReadReplicaSourceDBInstanceIdentifier")
            if let current, current == after || after.hasSuffix(":db:" + current) { return }
            throw ProviderError("Updating RDS DB Instance (\(identifier))", detail: "cannot elect new source database for replication")
        }
        var parameters = QueryParameters()
        parameters.set("DBInstanceIdentifier", identifier)
        parameters.set("BackupRetentionPeriod", planned.int("backup_retention_period") ?? 0)
        parameters.setPresent("PreferredBackupWindow", planned.string("backup_window"))
        context.progress("promoting the read replica to a standalone instance")
        _ = try await RDS.call("PromoteReadReplica", parameters, in: context)
        try await Self.waitUntilAvailable(identifiers: [identifier], resourceID: resourceID, settled: false, timeout: timeout, in: context)
    }

    /// Failures of ModifyDBInstance that pass with time, as the AWS provider retries them: a new
    /// IAM role not yet visible to RDS, a storage change still being optimised.
    private static func isTransientModifyError(_ error: AWSError) -> Bool {
        (error.code == "InvalidParameterValue" && error.message.contains("IAM role ARN value is invalid"))
            || (error.code == "InvalidParameterCombination" && error.message.contains("previous storage change is being optimized"))
            || error.code == "InvalidDBClusterStateFault"
    }

    // MARK: Delete

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let identifier = current.string("identifier") else { return }
        let summary = "Deleting RDS DB Instance (\(identifier))"
        var parameters = QueryParameters()
        parameters.set("DBInstanceIdentifier", identifier)
        parameters.set("DeleteAutomatedBackups", current.bool("delete_automated_backups") ?? true)
        if current.bool("skip_final_snapshot") == true {
            parameters.set("SkipFinalSnapshot", true)
        } else {
            guard let snapshot = current.string("final_snapshot_identifier"), !snapshot.isEmpty else {
                throw ProviderError(summary, detail: "final_snapshot_identifier is required when skip_final_snapshot is false")
            }
            parameters.set("SkipFinalSnapshot", false)
            parameters.set("FinalDBSnapshotIdentifier", snapshot)
        }
        do {
            do {
                _ = try await RDS.call("DeleteDBInstance", parameters, in: context)
            } catch let error as AWSError where error.code == "InvalidParameterCombination" && error.message.contains("disable deletion pro")
                && current.bool("deletion_protection") != true && current.bool("apply_immediately") == true {
                // Deletion protection was turned on outside prov; the configuration says off.
                try await disableDeletionProtection(identifier, current: current, in: context)
                _ = try await RDS.call("DeleteDBInstance", parameters, in: context)
            }
        } catch where RDS.isNotFound(error, "DBInstanceNotFound", "DBInstanceNotFoundFault") {
            return
        } catch let error as AWSError where error.code == "InvalidDBInstanceState" && error.message.contains("is already being deleted") {
            // Someone else's delete is under way: wait for it like for ours.
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting RDS DB Instance (\(identifier))")
        }
        do {
            try await Self.waitUntilDeleted(identifier: identifier, timeout: Timeouts.duration(current, "delete", default: Self.deleteTimeout), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting RDS DB Instance (\(identifier))")
        }
    }

    private func disableDeletionProtection(_ identifier: String, current: Value, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("DBInstanceIdentifier", identifier)
        parameters.set("ApplyImmediately", true)
        parameters.set("DeletionProtection", false)
        context.progress("turning deletion protection off")
        _ = try await RDS.call("ModifyDBInstance", parameters, in: context)
        try await Self.waitUntilAvailable(identifiers: [identifier], resourceID: current.string("id"), settled: true, timeout: Timeouts.duration(current, "update", default: Self.updateTimeout), in: context)
    }
}

// MARK: Reconciliation

extension DBInstanceResource {
    /// The ARN, `…:db:IDENTIFIER`, names the instance by identifier (its id is the resource id).
    func identity(fromARN arn: String) -> [String: Value] {
        ["identifier": .string(arn.split(separator: ":").last.map(String.init) ?? arn), "arn": .string(arn)]
    }

    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "identifier") }
}
