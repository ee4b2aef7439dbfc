import Foundation
import ResourceGraph

/// `container_definitions` as the AWS provider treats it: decoded into the API's types (so key
/// case, formatting, key order and unknown keys never matter), and compared after the changes
/// AWS makes when it stores a task definition: containers, environment variables and secrets
/// put in name order, empty entries and empty arrays dropped, and the defaults AWS fills in
/// (`essential`, health check timings, the `tcp` protocol, host ports in awsvpc mode, cpu 0).
enum ContainerDefinitions {
    struct Invalid: Error, CustomStringConvertible {
        let message: String
        var description: String { "ECS Task Definition container_definitions is invalid: \(message)" }
    }

    /// The containers of a container_definitions document, as the provider sends them:
    /// decoded, with empty entries of object arrays removed.
    static func decode(_ text: String) throws(Invalid) -> [Value] {
        let parsed: Value
        do {
            parsed = try JSONParser.parse(text)
        } catch {
            throw Invalid(message: error.description)
        }
        let projected: Value
        do {
            projected = try ContainerDefinitionShape.definitions.project(parsed)
        } catch {
            throw Invalid(message: error.description)
        }
        let containers = projected.elements ?? []
        for (index, container) in containers.enumerated() {
            if TypedJSON.isZero(container) { throw Invalid(message: "invalid container definition supplied at index (\(index))") }
            if let consistency = container.string("versionConsistency"), !["", "enabled", "disabled"].contains(consistency) {
                throw Invalid(message: "invalid version consistency value (\(consistency)) for container definition supplied at index (\(index))")
            }
        }
        return containers.map(compacted)
    }

    /// The `containerDefinitions` member of RegisterTaskDefinition.
    static func requestMember(_ text: String) throws(Invalid) -> Value {
        .tuple(try decode(text).map(ContainerDefinitionShape.container.serialized))
    }

    /// The document for the definitions AWS reports, in name order.
    static func text(fromRemote remote: Value?) -> String {
        let fallback = (try? JSONEncoding.encode(remote ?? .emptyTuple)) ?? "[]"
        guard let remote, let projected = try? ContainerDefinitionShape.definitions.project(remote) else { return fallback }
        let containers = ordered(projected.elements ?? []).map(ContainerDefinitionShape.container.serialized)
        return (try? JSONEncoding.encode(.tuple(containers))) ?? fallback
    }

    /// Whether two documents define the same containers; `awsvpc` says whether the task uses
    /// the awsvpc network mode, where host ports equal container ports.
    static func equivalent(_ a: String, _ b: String, awsvpc: Bool) -> Bool {
        guard let left = reduced(a, awsvpc: awsvpc), let right = reduced(b, awsvpc: awsvpc) else { return false }
        return left == right
    }

    /// The document in its comparable form; nil when it is not valid.
    static func reduced(_ text: String, awsvpc: Bool) -> Value? {
        guard let containers = try? decode(text) else { return nil }
        return .tuple(ordered(containers).map { withDefaults($0, awsvpc: awsvpc) })
    }

    // MARK: Steps

    /// Containers by name, each with its environment variables and secrets by name.
    private static func ordered(_ containers: [Value]) -> [Value] {
        containers.map { container in
            var members = container.attributes ?? [:]
            for list in ["environment", "secrets"] {
                if let entries = container[attribute: list]?.elements {
                    members[list] = .tuple(entries.sorted { ($0.string("name") ?? "") < ($1.string("name") ?? "") })
                }
            }
            return Value.object(members)
        }.sorted { ($0.string("name") ?? "") < ($1.string("name") ?? "") }
    }

    /// Empty entries of the object arrays removed.
    private static func compacted(_ container: Value) -> Value {
        var members = container.attributes ?? [:]
        for list in ContainerDefinitionShape.compactedArrays {
            if let entries = container[attribute: list]?.elements {
                members[list] = .tuple(entries.filter { !TypedJSON.isZero($0) })
            }
        }
        return .object(members)
    }

    /// What AWS fills in, filled in; empty arrays (and an empty label map) made absent.
    private static func withDefaults(_ container: Value, awsvpc: Bool) -> Value {
        var members = container.attributes ?? [:]
        if members["essential"]?.isNull ?? true { members["essential"] = .true }
        if let check = container[attribute: "healthCheck"], !check.isNull {
            var timings = check.attributes ?? [:]
            for (name, value) in [("interval", 30), ("retries", 3), ("timeout", 5)] where timings[name]?.isNull ?? true {
                timings[name] = .number(value)
            }
            members["healthCheck"] = .object(timings)
        }
        if let mappings = container[attribute: "portMappings"]?.elements {
            members["portMappings"] = .tuple(mappings.map { mapping in
                var fields = mapping.attributes ?? [:]
                if mapping.string("protocol") == "tcp" { fields["protocol"] = .string("") }
                if mapping.int("hostPort") == 0 { fields["hostPort"] = .null }
                if awsvpc, fields["hostPort"]?.isNull ?? true { fields["hostPort"] = fields["containerPort"] ?? .null }
                return .object(fields)
            })
        }
        for list in ContainerDefinitionShape.arraysEmptyIsAbsent where members[list]?.elements?.isEmpty == true {
            members[list] = .null
        }
        if members["dockerLabels"]?.attributes?.isEmpty == true { members["dockerLabels"] = .null }
        return .object(members)
    }
}
