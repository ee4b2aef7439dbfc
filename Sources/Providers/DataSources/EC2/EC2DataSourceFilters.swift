import Provisioner
import ResourceGraph

/// How EC2 data sources turn their arguments into Describe filters, and report what they find.
enum EC2DataSourceFilters {
    /// The `filter { name = "…" values = [...] }` blocks EC2 data sources take.
    static let filterBlock = NestedBlockSchema(.set, BlockSchema(attributes: [
        "name": AttributeSchema(.string, .required),
        "values": AttributeSchema(.set(.string), .required),
    ]))

    /// The configured `filter` blocks.
    static func custom(_ configuration: Value) -> [QueryParameters] {
        configuration.objects("filter").compactMap { block in
            guard let name = block.string("name") else { return nil }
            return EC2.filter(name, block.stringList("values") ?? [])
        }
    }

    /// A `tag:Key` filter for each configured tag, in key order.
    static func tags(_ configuration: Value) -> [QueryParameters] {
        let tags = configuration.stringMap("tags") ?? [:]
        return tags.keys.sorted().map { EC2.filter("tag:\($0)", [tags[$0] ?? ""]) }
    }

    /// Filters for the arguments that are set (empty values are "not set", as in Terraform).
    static func attributes(_ pairs: KeyValuePairs<String, String?>) -> [QueryParameters] {
        pairs.compactMap { name, value in
            guard let value, !value.isEmpty else { return nil }
            return EC2.filter(name, [value])
        }
    }

    /// The one object a singular data source must find, with Terraform's messages otherwise.
    static func single(_ found: [XMLNode], what: String) throws -> XMLNode {
        guard let first = found.first else {
            throw ProviderError("Reading \(what)", detail: "no matching \(what) found")
        }
        guard found.count == 1 else {
            throw ProviderError("Reading \(what)", detail: "multiple \(what)s matched; use additional constraints to reduce matches to a single \(what)")
        }
        return first
    }

    /// The tags a data source reports: AWS's own (`aws:`) and ignored keys left out.
    static func reportedTags(of item: XMLNode, in context: AWSContext) -> Value {
        .stringMap(EC2.tags(of: item).filter { !$0.key.hasPrefix("aws:") && !context.settings.ignoresTag($0.key) })
    }
}
