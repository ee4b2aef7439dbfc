import Provisioner
import ResourceGraph

/// Turns AWS failures into the engine's `ProviderError`, with a summary that says what was being
/// done ("creating EC2 VPC") and a detail that says what AWS answered.
enum ProviderErrorBuilder {
    static func configuration(_ message: String) -> ProviderError {
        ProviderError("Invalid AWS provider configuration", detail: message)
    }

    /// Wraps any error thrown while `doing` something to a resource.
    static func wrap(_ error: any Error, doing: String, partialObject: Value? = nil) -> ProviderError {
        if var existing = error as? ProviderError {
            if existing.partialObject == nil { existing.partialObject = partialObject }
            return existing
        }
        let exists = (error as? AWSError)?.code.map(isAlreadyExistsCode) ?? false
        // A request sent without an answer may have acted: the engine looks before repeating.
        let unknown = (error as? AWSError)?.outcomeUnknown ?? false
        return ProviderError(doing.prefix(1).uppercased() + doing.dropFirst(), detail: "\(error)", partialObject: partialObject, isAlreadyExists: exists, outcomeUnknown: unknown)
    }

    /// AWS's many ways of saying "that name is taken".
    static func isAlreadyExistsCode(_ code: String) -> Bool {
        code.hasSuffix("AlreadyExists") || code.hasSuffix("AlreadyExistsException") || code.hasSuffix(".Duplicate")
            || code == "ResourceExistsException" || code == "EntityAlreadyExists" || code == "ResourceAlreadyExistsException"
            || code == "RepositoryAlreadyExistsException" || code == "HostedZoneAlreadyExists" || code == "DuplicateRecordSetName"
            || code.hasSuffix("AlreadyExistsFault")
    }
}
