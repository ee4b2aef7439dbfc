import Foundation
import ResourceGraph

/// Why a direct edit of the state (`state mv`, `state rm`, `taint`) was refused.
public struct StateEditError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Edits made by the state commands rather than by applying: each one whole, in one transaction
/// that also increases the serial, so a saved plan made before it is refused afterwards.
extension StateStore {
    /// Moves objects (current and deposed) to new addresses. Other objects' dependency lists
    /// follow: a resource all of whose instances moved is replaced by where they went; one that
    /// keeps some instances stays and gains the new resources, since dependents may rely on
    /// either.
    public func move(_ moves: [InstanceAddress: InstanceAddress]) throws {
        guard !moves.isEmpty else { return }
        try write { database in
            let rows = try Self.dependencyRows(database)
            let existing = Set(rows.map(\.address))
            for (source, destination) in moves {
                guard existing.contains(source) else { throw StateEditError("The state does not contain \(source).") }
                guard !existing.contains(destination) else { throw StateEditError("The state already contains \(destination).") }
            }
            guard Set(moves.values).count == moves.count else { throw StateEditError("Two objects cannot be moved to the same address.") }

            for (source, destination) in moves.sorted(by: { $0.key < $1.key }) {
                try database.query(
                    "UPDATE resources SET address = ?, module = ?, mode = ?, type = ?, name = ?, instance_key = ?, updated_at = ? WHERE address = ?",
                    try Self.addressColumns(destination) + [.text(Timestamp.now()), .text(source.description)])
                try database.query("UPDATE deposed SET address = ?, updated_at = ? WHERE address = ?",
                                   [.text(destination.description), .text(Timestamp.now()), .text(source.description)])
            }

            let renames = Self.dependencyRenames(moves, existing: existing)
            for row in rows {
                let address = moves[row.address] ?? row.address
                let updated = Self.renaming(row.dependencies, renames)
                guard updated != row.dependencies.sorted() else { continue }
                let text = try Self.encodeDependencies(updated)
                try database.query("UPDATE \(row.table) SET dependencies = ? WHERE address = ?" + (row.deposedKey == nil ? "" : " AND deposed_key = ?"),
                                   [.text(text), .text(address.description)] + (row.deposedKey.map { [.text($0)] } ?? []))
            }
        }
    }

    /// Forgets instances, current and deposed objects alike, without touching the remote
    /// objects, which are remembered as released so that `destroy` leaves them alone.
    public func forget(_ addresses: [InstanceAddress]) throws {
        guard !addresses.isEmpty else { return }
        let prior = try snapshot()
        let forgotten = addresses.flatMap { address in
            [prior.resources[address]].compactMap { $0 } + (prior.deposed[address].map { Array($0.values) } ?? [])
        }
        try write { database in
            for address in addresses {
                try database.query("DELETE FROM resources WHERE address = ?", [.text(address.description)])
                try database.query("DELETE FROM deposed WHERE address = ?", [.text(address.description)])
            }
            try Self.release(Set(forgotten.flatMap(\.value.objectIdentities)), in: database)
        }
    }

    /// Marks the current object of an instance tainted (replaced by the next apply) or ready.
    /// Throws if the instance has no current object.
    public func setStatus(_ status: ResourceInstanceObject.Status, of address: InstanceAddress) throws {
        try write { database in
            guard try !database.query("SELECT 1 FROM resources WHERE address = ?", [.text(address.description)]).isEmpty else {
                throw StateEditError("The state has no current object for \(address).")
            }
            try database.query("UPDATE resources SET status = ?, updated_at = ? WHERE address = ?",
                               [.text(status.rawValue), .text(Timestamp.now()), .text(address.description)])
        }
    }

    // MARK: Dependencies

    private struct DependencyRow {
        var table: String
        var address: InstanceAddress
        var deposedKey: String?
        var dependencies: [ResourceAddress]
    }

    private static func dependencyRows(_ database: SQLiteDatabase) throws -> [DependencyRow] {
        var rows: [DependencyRow] = []
        for (table, keyColumn) in [("resources", "NULL"), ("deposed", "deposed_key")] {
            for row in try database.query("SELECT address, dependencies, \(keyColumn) FROM \(table)") {
                guard let address = row[0].text.flatMap(InstanceAddress.parse) else { continue }
                let dependencies = (try JSONParser.parse(row[1].text ?? "[]").elements ?? [])
                    .compactMap { $0.stringValue.flatMap(InstanceAddress.parse)?.resource }
                rows.append(DependencyRow(table: table, address: address, deposedKey: row[2].text, dependencies: dependencies))
            }
        }
        return rows
    }

    /// For each resource some instance moved out of: where its instances went, and whether it
    /// keeps any.
    static func dependencyRenames(_ moves: [InstanceAddress: InstanceAddress], existing: Set<InstanceAddress>) -> [ResourceAddress: (targets: Set<ResourceAddress>, keepsInstances: Bool)] {
        var renames: [ResourceAddress: (targets: Set<ResourceAddress>, keepsInstances: Bool)] = [:]
        for (source, destination) in moves where source.resource != destination.resource {
            renames[source.resource, default: ([], false)].targets.insert(destination.resource)
        }
        for resource in renames.keys {
            renames[resource]!.keepsInstances = existing.contains { $0.resource == resource && moves[$0] == nil }
        }
        return renames
    }

    static func renaming(_ dependencies: [ResourceAddress], _ renames: [ResourceAddress: (targets: Set<ResourceAddress>, keepsInstances: Bool)]) -> [ResourceAddress] {
        var result: Set<ResourceAddress> = []
        for dependency in dependencies {
            guard let rename = renames[dependency] else {
                result.insert(dependency)
                continue
            }
            if rename.keepsInstances { result.insert(dependency) }
            result.formUnion(rename.targets)
        }
        return result.sorted()
    }
}
