import ResourceGraph

/// One `parameter` block of `aws_db_parameter_group`, as ModifyDBParameterGroup and
/// ResetDBParameterGroup take it.
struct DBParameter: Equatable {
    let name: String
    let value: String
    let applyMethod: String

    static let batchLimit = 20

    /// Parameters RDS only accepts changed together (in one call), per the CloudFormation
    /// handlers Terraform follows.
    static let companions: [[String]] = [
        ["collation_server", "character_set_server"],
        ["gtid-mode", "enforce_gtid_consistency"],
        ["password_encryption", "rds.accepted_password_auth_method"],
        ["ssl_max_protocol_version", "ssl_min_protocol_version"],
        ["rds.change_data_capture_streaming", "binlog_format"],
        ["aurora_enhanced_binlog", "binlog_backup", "binlog_replication_globaldb"],
    ]

    init(_ block: Value) {
        name = (block.string("name") ?? "").lowercased()
        value = block.string("value") ?? ""
        applyMethod = (block.string("apply_method") ?? "immediate").lowercased()
    }

    var modifyParameters: QueryParameters {
        QueryParameters {
            $0.set("ParameterName", name)
            $0.set("ParameterValue", value)
            $0.set("ApplyMethod", applyMethod)
        }
    }

    var resetParameters: QueryParameters {
        QueryParameters {
            $0.set("ParameterName", name)
            $0.set("ApplyMethod", applyMethod)
        }
    }

    /// Calls of at most `batchLimit`: companions together first, then immediate changes, then
    /// those that wait for a reboot, each in name order so the calls are reproducible.
    static func batches(_ entries: [DBParameter]) -> [[DBParameter]] {
        var groups = companions.map { names in entries.filter { names.contains($0.name) } }
        let rest = entries.filter { entry in !companions.contains { $0.contains(entry.name) } }
        groups.append(rest.filter { $0.applyMethod != "pending-reboot" })
        groups.append(rest.filter { $0.applyMethod == "pending-reboot" })
        return groups.flatMap { group -> [[DBParameter]] in
            let sorted = group.sorted { $0.name < $1.name }
            return stride(from: 0, to: sorted.count, by: batchLimit).map { Array(sorted[$0..<min($0 + batchLimit, sorted.count)]) }
        }
    }
}
