import Provisioner
import ResourceGraph

/// `data "aws_availability_zones"`: the region's zones, filtered as asked.
struct AvailabilityZonesDataSource: AWSDataSourceType {
    static let typeName = "aws_availability_zones"

    let schema = BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "all_availability_zones": AttributeSchema(.bool, .optional),
            "exclude_names": AttributeSchema(.set(.string), .optional),
            "exclude_zone_ids": AttributeSchema(.set(.string), .optional),
            "state": AttributeSchema(.string, .optional),
            "names": AttributeSchema(.list(.string), .computed),
            "zone_ids": AttributeSchema(.list(.string), .computed),
            "group_names": AttributeSchema(.set(.string), .computed),
        ],
        blocks: [
            "filter": NestedBlockSchema(.set, BlockSchema(attributes: [
                "name": AttributeSchema(.string, .required),
                "values": AttributeSchema(.set(.string), .required),
            ])),
            "timeouts": Timeouts.block(create: false, update: false, delete: false, read: true),
        ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        var parameters = QueryParameters()
        if configuration.bool("all_availability_zones") == true { parameters.set("AllAvailabilityZones", true) }
        var filters = configuration.objects("filter").map { EC2.filter($0.string("name") ?? "", $0.stringList("values") ?? []) }
        if let state = configuration.string("state") { filters.append(EC2.filter("state", [state])) }
        if !filters.isEmpty { parameters.setList("Filter", filters) }
        let zones: [XMLNode]
        do {
            zones = try await context.client.query(.ec2, action: "DescribeAvailabilityZones", parameters: parameters).all("availabilityZoneInfo", "item")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 availability zones")
        }
        let excludedNames = Set(configuration.stringList("exclude_names") ?? [])
        let excludedIDs = Set(configuration.stringList("exclude_zone_ids") ?? [])
        let kept = zones.filter { zone in
            !excludedNames.contains(zone.string("zoneName") ?? "") && !excludedIDs.contains(zone.string("zoneId") ?? "")
        }.sorted { ($0.string("zoneName") ?? "") < ($1.string("zoneName") ?? "") }
        return configuration.setting([
            "id": .string(context.region),
            "names": .stringList(kept.compactMap { $0.string("zoneName") }),
            "zone_ids": .stringList(kept.compactMap { $0.string("zoneId") }),
            "group_names": .stringSet(Array(Set(kept.compactMap { $0.string("groupName") }))),
        ])
    }
}
