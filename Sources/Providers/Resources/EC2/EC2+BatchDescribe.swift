import Foundation
import Provisioner
import ResourceGraph

extension EC2 {
    /// How many values AWS accepts in one Describe filter.
    static let valuesPerFilter = 200

    /// Describes many objects in a few calls: the Describe call filtered by id, 200 ids a call,
    /// every page, the calls at once. A filter rather than an id list, because an id list fails
    /// the whole call when one of its objects is gone, while a filter leaves it out. Returns
    /// the described items by id (the first, where `idFilter` is not unique, as in a lookup of
    /// each VPC's default group by `vpc-id`). `filters` narrow every call further.
    static func describeMany(
        _ action: String, idFilter: String, ids: [String], filters: [QueryParameters] = [], set: String, idField: String, in context: AWSContext
    ) async throws -> [String: XMLNode] {
        let unique = Array(Set(ids)).sorted()
        let chunks = stride(from: 0, to: unique.count, by: valuesPerFilter).map { Array(unique[$0..<min($0 + valuesPerFilter, unique.count)]) }
        return try await withThrowingTaskGroup(of: [XMLNode].self) { group in
            for chunk in chunks {
                group.addTask {
                    var parameters = QueryParameters()
                    parameters.setList("Filter", [filter(idFilter, chunk)] + filters)
                    return try await context.client.queryPages(.ec2, action: action, parameters: parameters, token: .ec2).flatMap { $0.all(set, "item") }
                }
            }
            var found: [String: XMLNode] = [:]
            for try await items in group {
                for item in items {
                    if let id = item.string(idField), found[id] == nil { found[id] = item }
                }
            }
            return found
        }
    }

    /// Reads objects by their `id` with one `describeMany`; `object` turns a described item and
    /// the object's current value into what `read` gives (nil when the item counts as gone).
    static func readMany(
        _ current: [Value], _ action: String, idFilter: String, set: String, idField: String, in context: AWSContext,
        object: (XMLNode, Value) async throws -> Value?
    ) async throws -> [Value?] {
        let ids = current.compactMap { $0.string("id") }
        let described = ids.isEmpty ? [:] : try await describeMany(action, idFilter: idFilter, ids: ids, set: set, idField: idField, in: context)
        var results: [Value?] = []
        results.reserveCapacity(current.count)
        for value in current {
            guard let id = value.string("id"), let item = described[id] else {
                results.append(nil)
                continue
            }
            results.append(try await object(item, value))
        }
        return results
    }
}
