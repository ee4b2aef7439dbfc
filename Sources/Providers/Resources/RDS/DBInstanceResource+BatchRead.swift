import Provisioner
import ResourceGraph

extension DBInstanceResource: AWSBatchReadable {
    /// How many identifiers one DescribeDBInstances filter takes.
    static let identifiersPerFilter = 100

    /// DescribeDBInstances filtered by identifier, 100 a call, every page. An instance the
    /// batch does not find under its identifier, or finds with another resource id (renamed
    /// outside prov), is looked for as `read` does, by itself.
    func readMany(_ current: [Value], in context: AWSContext) async throws -> [Value?] {
        let identifiers = Array(Set(current.compactMap { $0.string("identifier") })).sorted()
        var found: [String: XMLNode] = [:]
        do {
            for start in stride(from: 0, to: identifiers.count, by: Self.identifiersPerFilter) {
                var parameters = QueryParameters()
                let chunk = Array(identifiers[start..<min(start + Self.identifiersPerFilter, identifiers.count)])
                parameters.setList("Filters", [RDS.filter("db-instance-id", chunk)], memberName: "Filter")
                let pages = try await context.client.queryPages(.rds, action: "DescribeDBInstances", parameters: parameters, token: .marker)
                for instance in pages.flatMap({ $0.all("DBInstances", "DBInstance") }) {
                    if let identifier = instance.string("DBInstanceIdentifier") { found[identifier] = instance }
                }
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading \(current.count) RDS DB Instances")
        }
        var results: [Value?] = []
        results.reserveCapacity(current.count)
        for value in current {
            let resourceID = value.string("id") ?? value.string("resource_id")
            if let identifier = value.string("identifier"), let instance = found[identifier] {
                let foundID = instance.string("DbiResourceId") ?? ""
                if resourceID == nil || foundID.isEmpty || foundID == resourceID {
                    results.append(.object(Self.attributes(of: instance, current: value, settings: context.settings)))
                    continue
                }
            }
            results.append(try await read(value, in: context))
        }
        return results
    }
}
