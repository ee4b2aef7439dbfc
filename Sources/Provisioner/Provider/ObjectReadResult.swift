import ResourceGraph

/// What reading one object found.
public enum ObjectReadResult: Sendable {
    case current(Value)
    case gone
    case failed(ProviderError)
}

extension ConfiguredProvider {
    public func readsInBatches(type: String) -> Bool { false }

    public func readMany(type: String, current: [Value]) async -> [ObjectReadResult] {
        var results: [ObjectReadResult] = []
        for object in current {
            results.append(await readResult(type: type, current: object))
        }
        return results
    }

    /// `read` with its outcome as a value: errors that are not a `ProviderError` become one
    /// naming the object.
    public func readResult(type: String, current: Value) async -> ObjectReadResult {
        do {
            guard let value = try await read(type: type, current: current) else { return .gone }
            return .current(value)
        } catch let error as ProviderError {
            return .failed(error)
        } catch {
            let id = current[attribute: "id"]?.stringValue.map { " (\($0))" } ?? ""
            return .failed(ProviderError("Reading \(type)\(id)", detail: "\(error)"))
        }
    }
}
