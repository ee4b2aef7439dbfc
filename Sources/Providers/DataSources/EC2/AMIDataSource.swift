import Foundation
import Provisioner
import ResourceGraph

/// `data "aws_ami"`: the one image matching owners, filter blocks, executable_users and
/// name_regex; with most_recent, the newest of several. Several without most_recent, or none,
/// is an error, with the provider's messages.
struct AMIDataSource: AWSDataSourceType {
    static let typeName = "aws_ami"

    static let blockDeviceMappingType = ValueType.object(["device_name": .string, "ebs": .map(.string), "no_device": .string, "virtual_name": .string])
    static let productCodeType = ValueType.object(["product_code_id": .string, "product_code_type": .string])

    let schema = BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "allow_unsafe_filter": AttributeSchema(.bool, .optional),
            "executable_users": AttributeSchema(.list(.string), .optional),
            "include_deprecated": AttributeSchema(.bool, .optional, default: .false),
            "most_recent": AttributeSchema(.bool, .optional, default: .false),
            "name_regex": AttributeSchema(.string, .optional),
            "owners": AttributeSchema(.list(.string), .optional),
            // The provider asks for UEFI data with the image id as an instance id, which never
            // answers for an image; the argument is accepted and kept as configured.
            "uefi_data": AttributeSchema(.string, .optional),
            "architecture": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "block_device_mappings": AttributeSchema(.set(blockDeviceMappingType), .computed),
            "boot_mode": AttributeSchema(.string, .computed),
            "creation_date": AttributeSchema(.string, .computed),
            "deprecation_time": AttributeSchema(.string, .computed),
            "description": AttributeSchema(.string, .computed),
            "ena_support": AttributeSchema(.bool, .computed),
            "hypervisor": AttributeSchema(.string, .computed),
            "image_id": AttributeSchema(.string, .computed),
            "image_location": AttributeSchema(.string, .computed),
            "image_owner_alias": AttributeSchema(.string, .computed),
            "image_type": AttributeSchema(.string, .computed),
            "imds_support": AttributeSchema(.string, .computed),
            "kernel_id": AttributeSchema(.string, .computed),
            "last_launched_time": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .computed),
            "owner_id": AttributeSchema(.string, .computed),
            "platform": AttributeSchema(.string, .computed),
            "platform_details": AttributeSchema(.string, .computed),
            "product_codes": AttributeSchema(.set(productCodeType), .computed),
            "public": AttributeSchema(.bool, .computed),
            "ramdisk_id": AttributeSchema(.string, .computed),
            "root_device_name": AttributeSchema(.string, .computed),
            "root_device_type": AttributeSchema(.string, .computed),
            "root_snapshot_id": AttributeSchema(.string, .computed),
            "sriov_net_support": AttributeSchema(.string, .computed),
            "state": AttributeSchema(.string, .computed),
            "state_reason": AttributeSchema(.map(.string), .computed),
            "tags": AttributeSchema(.map(.string), .optionalComputed),
            "tpm_support": AttributeSchema(.string, .computed),
            "usage_operation": AttributeSchema(.string, .computed),
            "virtualization_type": AttributeSchema(.string, .computed),
        ],
        blocks: [
            "filter": EC2DataSourceFilters.filterBlock,
            "timeouts": Timeouts.block(create: false, update: false, delete: false, read: true),
        ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        let mostRecent = configuration.bool("most_recent") ?? false
        let owners = configuration.stringList("owners") ?? []
        let filters = EC2DataSourceFilters.custom(configuration)
        let filtersByOwnerOrImage = configuration.objects("filter").contains { ["image-id", "owner-id"].contains($0.string("name") ?? "") }
        if mostRecent, owners.isEmpty, !filtersByOwnerOrImage, configuration.bool("allow_unsafe_filter") != true {
            throw ProviderError("Most Recent Image Not Filtered", detail: "\"most_recent\" is set to \"true\" and results are not filtered by owner or image ID. With this configuration, a third party may introduce a new image which will be returned by this data source. Filter by owner or image ID to avoid this possibility.")
        }
        var parameters = QueryParameters()
        parameters.set("IncludeDeprecated", configuration.bool("include_deprecated") ?? false)
        if let users = configuration.stringList("executable_users"), !users.isEmpty { parameters.setList("ExecutableBy", users) }
        if !filters.isEmpty { parameters.setList("Filter", filters) }
        if !owners.isEmpty { parameters.setList("Owner", owners) }
        var images: [XMLNode]
        do {
            images = try await context.client.queryPages(.ec2, action: "DescribeImages", parameters: parameters, token: .ec2).flatMap { $0.all("imagesSet", "item") }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 AMIs")
        }
        if let pattern = configuration.string("name_regex") {
            let expression: NSRegularExpression
            do {
                expression = try NSRegularExpression(pattern: pattern)
            } catch {
                throw ProviderError("Invalid name_regex", detail: "\"\(pattern)\" is not a valid regular expression.")
            }
            images = images.filter { image in
                guard let name = image.string("name"), !name.isEmpty else { return false }
                return expression.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
            }
        }
        guard !images.isEmpty else {
            throw ProviderError("Reading EC2 AMIs", detail: "Your query returned no results. Please change your search criteria and try again.")
        }
        guard images.count == 1 || mostRecent else {
            throw ProviderError("Reading EC2 AMIs", detail: "Your query returned more than one result. Please try a more specific search criteria, or set `most_recent` attribute to true.")
        }
        return attributes(of: newest(images), configuration: configuration, in: context)
    }

    /// The image created last (the first of those created at the same time).
    private func newest(_ images: [XMLNode]) -> XMLNode {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        func created(_ image: XMLNode) -> Date {
            guard let text = image.string("creationDate") else { return .distantPast }
            return formatter.date(from: text) ?? plain.date(from: text) ?? .distantPast
        }
        var best = images[0]
        for image in images.dropFirst() where created(image) > created(best) { best = image }
        return best
    }

    private func attributes(of image: XMLNode, configuration: Value, in context: AWSContext) -> Value {
        let id = image.string("imageId") ?? ""
        let rootDevice = image.string("rootDeviceName")
        let mappings = image.all("blockDeviceMapping", "item")
        let rootSnapshot = rootDevice.flatMap { root in mappings.first { $0.string("deviceName") == root }?.string("ebs", "snapshotId") }
        return configuration.setting([
            "id": .string(id),
            "arn": .string("arn:\(context.partition):ec2:\(context.region)::image/\(id)"),
            "architecture": .string(image.string("architecture")),
            "block_device_mappings": .set(mappings.map(blockDeviceMapping), of: Self.blockDeviceMappingType),
            "boot_mode": .string(image.string("bootMode")),
            "creation_date": .string(image.string("creationDate")),
            "deprecation_time": .string(image.string("deprecationTime")),
            "description": .string(image.string("description")),
            "ena_support": .bool(image.child("enaSupport")?.boolValue ?? false),
            "hypervisor": .string(image.string("hypervisor")),
            "image_id": .string(id),
            "image_location": .string(image.string("imageLocation")),
            "image_owner_alias": .string(image.string("imageOwnerAlias")),
            "image_type": .string(image.string("imageType")),
            "imds_support": .string(image.string("imdsSupport")),
            "kernel_id": .string(image.string("kernelId")),
            "last_launched_time": .string(image.string("lastLaunchedTime")),
            "name": .string(image.string("name")),
            "owner_id": .string(image.string("imageOwnerId")),
            "platform": .string(image.string("platform")),
            "platform_details": .string(image.string("platformDetails")),
            "product_codes": .set(image.all("productCodes", "item").map { code in
                Value.object(["product_code_id": .string(code.string("productCode") ?? ""), "product_code_type": .string(code.string("type") ?? "")])
            }, of: Self.productCodeType),
            "public": .bool(image.child("isPublic")?.boolValue ?? false),
            "ramdisk_id": .string(image.string("ramdiskId")),
            "root_device_name": .string(rootDevice),
            "root_device_type": .string(image.string("rootDeviceType")),
            "root_snapshot_id": .string(rootSnapshot ?? ""),
            "sriov_net_support": .string(image.string("sriovNetSupport")),
            "state": .string(image.string("imageState")),
            "state_reason": .stringMap([
                "code": image.string("stateReason", "code") ?? "UNSET",
                "message": image.string("stateReason", "message") ?? "UNSET",
            ]),
            "tags": EC2DataSourceFilters.reportedTags(of: image, in: context),
            "tpm_support": .string(image.string("tpmSupport")),
            "usage_operation": .string(image.string("usageOperation")),
            "virtualization_type": .string(image.string("virtualizationType")),
        ])
    }

    /// A mapping as the provider reports it: EBS settings as a map of strings.
    private func blockDeviceMapping(_ mapping: XMLNode) -> Value {
        var ebs: [String: String] = [:]
        if let volume = mapping.child("ebs") {
            ebs = [
                "delete_on_termination": String(volume.child("deleteOnTermination")?.boolValue ?? false),
                "encrypted": String(volume.child("encrypted")?.boolValue ?? false),
                "iops": String(volume.child("iops")?.intValue ?? 0),
                "snapshot_id": volume.string("snapshotId") ?? "",
                "throughput": String(volume.child("throughput")?.intValue ?? 0),
                "volume_size": String(volume.child("volumeSize")?.intValue ?? 0),
                "volume_type": volume.string("volumeType") ?? "",
            ]
        }
        return .object([
            "device_name": .string(mapping.string("deviceName") ?? ""),
            "ebs": .stringMap(ebs),
            "no_device": .string(mapping.string("noDevice") ?? ""),
            "virtual_name": .string(mapping.string("virtualName") ?? ""),
        ])
    }
}
