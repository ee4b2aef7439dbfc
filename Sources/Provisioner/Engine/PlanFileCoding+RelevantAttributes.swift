import ResourceGraph

extension PlanFileCoding {
    /// `[{"resource": "aws_lb_target_group.web", "attributes": ["arn"]}]`; attributes null for
    /// a whole resource.
    static func encode(_ relevant: RelevantAttributes) -> Value {
        .tuple(relevant.resources.sorted { $0.key < $1.key }.map { address, selection in
            let attributes: Value
            switch selection {
            case .whole: attributes = .null(.list(.string))
            case .attributes(let names): attributes = .list(names.sorted().map(Value.string), of: .string)
            }
            return .object(["resource": .string(address.description), "attributes": attributes])
        })
    }

    static func decodeRelevantAttributes(_ document: Value?) -> RelevantAttributes {
        var relevant = RelevantAttributes()
        for entry in document?.elements ?? [] {
            guard let text = entry[attribute: "resource"]?.stringValue, let address = InstanceAddress.parse(text)?.resource else { continue }
            let names = entry[attribute: "attributes"]?.elements?.compactMap(\.stringValue)
            relevant.add(names.map { .attributes(Set($0)) } ?? .whole, for: address)
        }
        return relevant
    }
}
