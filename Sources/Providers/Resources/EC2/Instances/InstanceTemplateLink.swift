import Foundation
import Provisioner
import ResourceGraph

/// The launch template an instance was launched from. AWS records it in two system tags on the
/// instance (`aws:ec2launchtemplate:id` and `:version`); the provider reads them back into
/// `launch_template`, keeping `$Default` or `$Latest` while they still name the version used.
enum InstanceTemplateLink {
    static let valueType = InstanceSchema.launchTemplate.valueType

    static func block(_ instance: XMLNode, current: Value, in context: AWSContext) async throws -> Value {
        let tags = EC2.tags(of: instance)
        guard let id = tags["aws:ec2launchtemplate:id"], !id.isEmpty else { return .list([], of: valueType) }
        guard let template = try await EC2.describeOne("DescribeLaunchTemplates", idParameter: "LaunchTemplateId", id: id, set: "launchTemplates", in: context) else {
            return .list([], of: valueType)
        }
        var block: [String: Value] = ["id": .string(id), "name": .string(template.string("launchTemplateName")), "version": .null(.string)]
        guard let used = tags["aws:ec2launchtemplate:version"], try await versionData(templateID: id, name: nil, version: used, in: context) != nil else {
            return .list([.object(block)], of: valueType)
        }
        let configured = current.objects("launch_template").first?.string("version")
        switch configured {
        case "$Default" where used == template.string("defaultVersionNumber"): block["version"] = .string("$Default")
        case "$Latest" where used == template.string("latestVersionNumber"): block["version"] = .string("$Latest")
        default: block["version"] = .string(used)
        }
        return .list([.object(block)], of: valueType)
    }

    /// The launch data of a template version (`$Default`, `$Latest` or a number), nil when the
    /// template or version does not exist.
    static func versionData(templateID: String?, name: String?, version: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        if let templateID { parameters.set("LaunchTemplateId", templateID) } else { parameters.set("LaunchTemplateName", name) }
        parameters.setList("LaunchTemplateVersion", [version])
        do {
            return try await context.client.query(.ec2, action: "DescribeLaunchTemplateVersions", parameters: parameters)
                .all("launchTemplateVersionSet", "item").first?.child("launchTemplateData")
        } catch where EC2.isNotFound(error) {
            return nil
        }
    }

    /// The AMI an instance launched from the planned template would get, when the
    /// configuration does not set one (to find its root device name).
    static func imageID(_ planned: Value, in context: AWSContext) async throws -> String? {
        guard let block = planned.objects("launch_template").first else { return nil }
        let id = InstanceLaunchRequest.text(block, "id")
        let data = try await versionData(templateID: id, name: id == nil ? InstanceLaunchRequest.text(block, "name") : nil, version: InstanceLaunchRequest.text(block, "version") ?? "$Default", in: context)
        return data?.string("imageId")
    }
}
