import ResourceGraph

/// A state in Terraform's machine-readable shape, as `show -json` prints it: `values` with the
/// root outputs and the `root_module` tree, each resource instance with its identity, its
/// attribute `values` (sensitive ones included, as Terraform's JSON has them) and a
/// `sensitive_values` tree marking them. A sensitive value that came from the configuration is
/// not in the state at all, only a keyed digest of it: it shows as null, and prov's own
/// `hashed_values` tree (the shape of `sensitive_values`) says where that is the case.
public enum StateJSON {
    public static func document(_ snapshot: StateSnapshot) -> Value {
        // An empty state is only its format version, as Terraform prints it.
        guard !snapshot.isEmpty || !snapshot.outputs.isEmpty else {
            return .object(["format_version": .string(StateJSONShapes.stateFormatVersion)])
        }
        var resources: [(address: InstanceAddress, deposedKey: String?, document: [String: Value])] = []
        for object in snapshot.resources.values {
            resources.append((object.address, nil, resource(object, deposedKey: nil)))
        }
        for (address, objects) in snapshot.deposed {
            for (key, object) in objects { resources.append((address, key, resource(object, deposedKey: key))) }
        }
        let outputs = snapshot.outputs.mapValues { (value: $0.value, isSensitive: $0.isSensitive) }
        return .object([
            "format_version": .string(StateJSONShapes.stateFormatVersion),
            "terraform_version": .string(StateJSONShapes.terraformVersion),
            "values": .object([
                "outputs": StateJSONShapes.outputs(outputs),
                "root_module": StateJSONShapes.rootModule(resources),
            ]),
        ])
    }

    static func resource(_ object: ResourceInstanceObject, deposedKey: String?) -> [String: Value] {
        var document = StateJSONShapes.identity(of: object.address, providerKey: object.providerKey, includeModule: false)
        document["schema_version"] = .number(object.schemaVersion)
        document["values"] = object.value.unmarkedDeep()
        document["sensitive_values"] = object.value.sensitiveTree
        if !object.digests.isEmpty {
            document["hashed_values"] = object.value.unmarkedDeep().markingSensitive(at: Array(object.digests.keys)).sensitiveTree
        }
        if !object.dependencies.isEmpty {
            document["depends_on"] = .tuple(object.dependencies.sorted().map { .string($0.description) })
        }
        if object.status == .tainted { document["tainted"] = .true }
        if let deposedKey { document["deposed_key"] = .string(deposedKey) }
        return document
    }
}
