import Foundation
import Provisioner
import ResourceGraph

/// `aws_launch_template`: launch settings kept in numbered versions. A change of the settings
/// makes a new version (CreateLaunchTemplateVersion), which `update_default_version` makes the
/// default one. State shows the latest version. Import id: the template id.
struct LaunchTemplateResource: AWSResourceType {
    static let displayName = "EC2 Launch Template"
    static let typeName = "aws_launch_template"

    var schema: ResourceTypeSchema { LaunchTemplateSchema.schema }

    // MARK: Plan

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        if configuration.bool("update_default_version") == true, configuration[attribute: "default_version"].map({ !$0.isNull }) ?? false {
            throw ProviderError("Conflicting configuration arguments", detail: "\"default_version\": conflicts with update_default_version")
        }
        var planned = LaunchTemplateStringBooleans.keepingPriorSpelling(AWSTags.planTagsAll(proposed, settings: settings), prior: prior)
        guard let prior else { return PlannedChange(planned: planned) }
        // A new version is made when the settings change: its number is not known yet, nor,
        // when it becomes the default, the default version.
        let dataChanged = LaunchTemplateSchema.dataArguments.contains { PlanSuppression.changed($0, prior, planned) }
        if dataChanged {
            planned = planned.setting(["latest_version": .unknown(.number)])
            if planned.bool("update_default_version") == true { planned = planned.setting(["default_version": .unknown(.number)]) }
        }
        return PlannedChange(planned: planned)
    }

    // MARK: Create

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = planned.string("name") ?? TerraformIdentifiers.uniqueName(prefix: planned.string("name_prefix") ?? "terraform-")
        var parameters = QueryParameters()
        parameters.set("LaunchTemplateName", name)
        parameters.set("ClientToken", context.idempotencyToken)
        parameters.set("VersionDescription", LaunchTemplateData.text(planned, "description"))
        parameters.set("LaunchTemplateData", LaunchTemplateData.request(planned))
        EC2.setTagSpecification(&parameters, resourceType: "launch-template", tags: planned.stringMap("tags_all") ?? [:])
        let response: XMLNode
        do {
            response = try await context.client.query(.ec2, action: "CreateLaunchTemplate", parameters: parameters)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Launch Template (\(name))")
        }
        guard let id = response.string("launchTemplate", "launchTemplateId") else {
            throw ProviderError("Creating EC2 Launch Template (\(name))", detail: "CreateLaunchTemplate answered without a launch template id.")
        }
        let partial = planned.setting(["id": .string(id), "name": .string(name)])
        do {
            try await EC2.waitUntilExists("EC2 Launch Template \(id)", timeout: .seconds(120), in: context) {
                try await describe(id, in: context) != nil
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Launch Template (\(id))", partialObject: partial)
        }
    }

    // MARK: Read

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let template = try await describe(id, in: context) else { return nil }
            let latest = template.child("latestVersionNumber")?.intValue ?? 1
            let version = try await self.version(id, number: latest, in: context)
            let account = try await EC2.accountID(in: context)
            let name = template.string("launchTemplateName") ?? ""
            var attributes = LaunchTemplateDataAttributes.attributes(of: version?.child("launchTemplateData"))
            attributes.merge([
                "id": .string(id),
                "arn": .string("arn:\(context.partition):ec2:\(context.region):\(account):launch-template/\(id)"),
                "name": .string(name),
                "name_prefix": .string(TerraformIdentifiers.namePrefix(of: name) ?? ""),
                "description": .string(version?.string("versionDescription")),
                "default_version": .number(template.child("defaultVersionNumber")?.intValue ?? latest),
                "latest_version": .number(latest),
                "update_default_version": current[attribute: "update_default_version"] ?? .null(.bool),
            ]) { _, new in new }
            attributes.merge(AWSTags.attributes(remote: EC2.tags(of: template), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Launch Template (\(id))")
        }
    }

    // MARK: Update

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating EC2 Launch Template", detail: "the template has no id in state.") }
        do {
            var latest = prior.int("latest_version") ?? 1
            if LaunchTemplateSchema.dataArguments.contains(where: { PlanSuppression.changed($0, prior, planned) }) {
                var parameters = QueryParameters()
                parameters.set("LaunchTemplateId", id)
                parameters.set("ClientToken", context.idempotencyToken)
                parameters.set("VersionDescription", LaunchTemplateData.text(planned, "description"))
                parameters.set("LaunchTemplateData", LaunchTemplateData.request(planned))
                let response = try await context.client.query(.ec2, action: "CreateLaunchTemplateVersion", parameters: parameters)
                latest = response.path("launchTemplateVersion", "versionNumber")?.intValue ?? latest + 1
            }
            let wantedDefault: Int? = planned.bool("update_default_version") == true
                ? latest
                : (PlanSuppression.changed("default_version", prior, planned) ? planned.int("default_version") : nil)
            if let wantedDefault, wantedDefault != prior.int("default_version") {
                var parameters = QueryParameters()
                parameters.set("LaunchTemplateId", id)
                parameters.set("SetDefaultVersion", String(wantedDefault))
                _ = try await context.client.query(.ec2, action: "ModifyLaunchTemplate", parameters: parameters)
            }
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 Launch Template (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    // MARK: Delete

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        var parameters = QueryParameters()
        parameters.set("LaunchTemplateId", id)
        do {
            _ = try await context.client.query(.ec2, action: "DeleteLaunchTemplate", parameters: parameters)
        } catch where EC2.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Launch Template (\(id))")
        }
    }

    // MARK: Calls

    private func describe(_ id: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("LaunchTemplateId", [id])
        do {
            return try await context.client.query(.ec2, action: "DescribeLaunchTemplates", parameters: parameters)
                .all("launchTemplates", "item").first { $0.string("launchTemplateId") == id }
        } catch where EC2.isNotFound(error) || (error as? AWSError)?.code == "InvalidLaunchTemplateId.Malformed" {
            return nil
        }
    }

    private func version(_ id: String, number: Int, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.set("LaunchTemplateId", id)
        parameters.setList("LaunchTemplateVersion", [String(number)])
        return try await context.client.query(.ec2, action: "DescribeLaunchTemplateVersions", parameters: parameters)
            .all("launchTemplateVersionSet", "item").first
    }
}
