import Foundation
import Provisioner
import ResourceGraph

/// `aws_db_parameter_group`: engine settings for DB instances. Import id: the name.
struct DBParameterGroupResource: AWSResourceType {
    static let displayName = "RDS DB Parameter Group"
    static let typeName = "aws_db_parameter_group"

    static let parameterSchema = BlockSchema(attributes: [
        "name": AttributeSchema(.string, .required),
        "value": AttributeSchema(.string, .required),
        "apply_method": AttributeSchema(.string, .optional, default: .string("immediate")),
    ])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "family": AttributeSchema(.string, .required, forceNew: true),
            "description": AttributeSchema(.string, .optional, forceNew: true, default: .string("Managed by Terraform")),
            "skip_destroy": AttributeSchema(.bool, .optional, default: .false),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: ["parameter": NestedBlockSchema(.set, parameterSchema)]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        planned = RDS.planName(planned, prior: prior, configuration: configuration, name: "name", prefix: "name_prefix")
        // Terraform identifies parameters by lower-cased name and apply method (its set hash),
        // and RDS reports names in lower case: plan them that way so reads match.
        if let parameters = planned[attribute: "parameter"], parameters.isKnown, let elements = parameters.elements {
            let normalised = elements.map { element -> Value in
                var changes: [String: Value] = [:]
                if let name = element.string("name") { changes["name"] = .string(name.lowercased()) }
                if let method = element.string("apply_method") { changes["apply_method"] = .string(method.lowercased()) }
                return changes.isEmpty ? element : element.setting(changes)
            }
            planned = planned.setting(["parameter": .set(normalised, of: Self.parameterSchema.valueType)])
        }
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = RDS.nameToCreate(planned, name: "name", prefix: "name_prefix")
        var parameters = QueryParameters()
        parameters.set("DBParameterGroupName", name)
        parameters.set("DBParameterGroupFamily", planned.string("family"))
        parameters.set("Description", planned.string("description") ?? "Managed by Terraform")
        RDS.setTags(&parameters, planned.stringMap("tags_all") ?? [:])
        do {
            // No client token: a repeat after a lost answer would fail as a name conflict.
            _ = try await RDS.call("CreateDBParameterGroup", parameters, in: context, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating RDS DB Parameter Group (\(name))")
        }
        let partial = planned.setting(["id": .string(name), "name": .string(name)])
        do {
            try await changeParameters(name, from: [], to: planned.objects("parameter"), in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating RDS DB Parameter Group (\(name))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let name = current.string("id") ?? current.string("name") else { return nil }
        do {
            guard let group = try await describe(name, in: context) else { return nil }
            let groupName = group.string("DBParameterGroupName") ?? name
            let arn = group.string("DBParameterGroupArn") ?? ""
            let parameters = try await readParameters(groupName, configured: current.objects("parameter"), in: context)
            var attributes: [String: Value] = [
                "id": .string(groupName),
                "arn": .string(arn),
                "name": .string(groupName),
                "name_prefix": RDS.carriedPrefix(current, "name_prefix"),
                "family": .string(group.string("DBParameterGroupFamily") ?? ""),
                "description": .string(group.string("Description") ?? ""),
                "skip_destroy": RDS.carried(current, "skip_destroy", .false),
                "parameter": .set(parameters, of: Self.parameterSchema.valueType),
            ]
            let tags = arn.isEmpty ? [:] : try await RDS.listTags(arn: arn, in: context)
            attributes.merge(AWSTags.attributes(remote: tags, prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading RDS DB Parameter Group (\(name))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = prior.string("id"), let arn = prior.string("arn") else {
            throw ProviderError("Updating RDS DB Parameter Group", detail: "the parameter group has no name and ARN in state.")
        }
        do {
            try await changeParameters(name, from: prior.objects("parameter"), to: planned.objects("parameter"), in: context)
            try await RDS.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating RDS DB Parameter Group (\(name))")
        }
        return try await readBack(planned.setting(["id": .string(name)]), in: context, after: "updating")
    }

    /// With `skip_destroy`, the group is only forgotten, as in Terraform.
    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let name = current.string("id") ?? current.string("name") else { return }
        if current.bool("skip_destroy") == true { return }
        do {
            // A group stays in use while instances that used it are still being deleted.
            try await RDS.retrying("RDS DB Parameter Group \(name) to be released", timeout: .seconds(180), in: context, while: { $0.code == "InvalidDBParameterGroupState" }) {
                var parameters = QueryParameters()
                parameters.set("DBParameterGroupName", name)
                _ = try await RDS.call("DeleteDBParameterGroup", parameters, in: context)
            }
        } catch where RDS.isNotFound(error, "DBParameterGroupNotFound") {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting RDS DB Parameter Group (\(name))")
        }
    }

    // MARK: Calls

    private func describe(_ name: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.set("DBParameterGroupName", name)
        do {
            let groups = try await RDS.call("DescribeDBParameterGroups", parameters, in: context).all("DBParameterGroups", "DBParameterGroup")
            return groups.first { $0.string("DBParameterGroupName")?.caseInsensitiveCompare(name) == .orderedSame }
        } catch where RDS.isNotFound(error, "DBParameterGroupNotFound") {
            return nil
        }
    }

    /// The parameters to keep in state, as Terraform chooses them: those set by the user, and
    /// those the configuration names even if they hold the engine's default (else a parameter
    /// configured at its default value would differ forever). Without configured parameters
    /// (an import), only user-set ones are asked for: the hundreds of defaults are not wanted.
    private func readParameters(_ name: String, configured: [Value], in context: AWSContext) async throws -> [Value] {
        var parameters = QueryParameters()
        parameters.set("DBParameterGroupName", name)
        if configured.isEmpty { parameters.set("Source", "user") }
        let pages = try await context.client.queryPages(.rds, action: "DescribeDBParameters", parameters: parameters, token: .marker)
        let configuredByName = Dictionary(configured.compactMap { p in p.string("name").map { ($0.lowercased(), p) } }) { first, _ in first }
        return pages.flatMap { $0.all("Parameters", "Parameter") }.compactMap { parameter -> Value? in
            guard let parameterName = parameter.string("ParameterName") else { return nil }
            let key = parameterName.lowercased()
            let source = parameter.string("Source")
            // A listing with Source=user holds only user-set parameters, whether or not it says so.
            guard configured.isEmpty || source == "user" || configuredByName[key] != nil else { return nil }
            let method = parameter.string("ApplyMethod").flatMap { $0.isEmpty ? nil : $0.lowercased() }
                ?? configuredByName[key]?.string("apply_method") ?? "immediate"
            return .object([
                "name": .string(key),
                "value": .string(parameter.string("ParameterValue") ?? ""),
                "apply_method": .string(method),
            ])
        }
    }

    /// Sets new and changed parameters (ModifyDBParameterGroup) and resets removed ones
    /// (ResetDBParameterGroup), at most 20 per call as the API allows.
    private func changeParameters(_ name: String, from old: [Value], to new: [Value], in context: AWSContext) async throws {
        let oldEntries = old.map(DBParameter.init), newEntries = new.map(DBParameter.init)
        let changed = newEntries.filter { !oldEntries.contains($0) }
        for batch in DBParameter.batches(changed) {
            var parameters = QueryParameters()
            parameters.set("DBParameterGroupName", name)
            parameters.setList("Parameters", batch.map(\.modifyParameters), memberName: "Parameter")
            _ = try await RDS.call("ModifyDBParameterGroup", parameters, in: context)
        }
        let keptNames = Set(newEntries.map(\.name))
        var removedByName: [String: DBParameter] = [:]
        for entry in oldEntries where !keptNames.contains(entry.name) { removedByName[entry.name] = entry }
        let removed = removedByName.keys.sorted().compactMap { removedByName[$0] }
        for start in stride(from: 0, to: removed.count, by: DBParameter.batchLimit) {
            var parameters = QueryParameters()
            parameters.set("DBParameterGroupName", name)
            parameters.set("ResetAllParameters", false)
            parameters.setList("Parameters", removed[start..<min(start + DBParameter.batchLimit, removed.count)].map(\.resetParameters), memberName: "Parameter")
            _ = try await RDS.call("ResetDBParameterGroup", parameters, in: context)
        }
    }
}

// MARK: Reconciliation

extension DBParameterGroupResource {
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "name") }
}
