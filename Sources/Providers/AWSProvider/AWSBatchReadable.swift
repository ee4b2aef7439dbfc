import Provisioner
import ResourceGraph

/// A resource type that reads many of its objects in a few calls (a Describe call with many
/// ids) rather than one read each. The refresh of a large state then costs a few calls per
/// type instead of one or more per object.
protocol AWSBatchReadable: AWSResourceType {
    /// The objects as AWS has them now, nil for those that no longer exist: one entry per
    /// object of `current`, in its order, each equal to what `read` gives for it.
    func readMany(_ current: [Value], in context: AWSContext) async throws -> [Value?]
}

extension AWSConfiguredProvider {
    func readsInBatches(type: String) -> Bool {
        AWSProvider.resourceTypeImplementations[type] is any AWSBatchReadable
    }

    func readMany(type: String, current: [Value]) async -> [ObjectReadResult] {
        guard let batchReadable = AWSProvider.resourceTypeImplementations[type] as? any AWSBatchReadable else {
            var results: [ObjectReadResult] = []
            for object in current { results.append(await readResult(type: type, current: object)) }
            return results
        }
        do {
            let found = try await batchReadable.readMany(current, in: AWSContext(client: client, settings: settings, operation: nil))
            return found.map { $0.map(ObjectReadResult.current) ?? .gone }
        } catch {
            // The batch's call failed, so no object of it could be read.
            let failure = ProviderErrorBuilder.wrap(error, doing: "reading \(current.count) \(type) objects")
            return current.map { _ in .failed(failure) }
        }
    }
}
