import Provisioner
import ResourceGraph

/// Renders what the state holds as Terraform's `show` does: each instance as a `# address:`
/// line and a resource block of its attributes (nested blocks as blocks, nulls left out,
/// sensitive values hidden), then the root outputs.
struct StateRenderer {
    let terminal: Terminal
    /// The schema of a resource type, to tell nested blocks from attributes; nil if unknown.
    let schema: (ResourceMode, String) -> BlockSchema?
    private let values = ValueRenderer()

    init(terminal: Terminal, plugins: [any ProviderPlugin]) {
        self.terminal = terminal
        self.schema = { mode, type in
            let plugin = plugins.first { type == $0.name || type.hasPrefix($0.name + "_") }
            return (mode == .managed ? plugin?.resourceTypes[type] : plugin?.dataSourceTypes[type])?.block
        }
    }

    func render(_ snapshot: StateSnapshot) -> String {
        if snapshot.isEmpty && snapshot.outputs.isEmpty {
            return "The state file is empty. No resources are represented.\n"
        }
        var out = ""
        for address in snapshot.instanceAddresses {
            if let object = snapshot.resources[address] { out += render(object) + "\n" }
            for (key, object) in (snapshot.deposed[address] ?? [:]).sorted(by: { $0.key < $1.key }) {
                out += render(object, deposedKey: key) + "\n"
            }
        }
        if !snapshot.outputs.isEmpty {
            out += "\n" + terminal.bold("Outputs:") + "\n\n"
            for name in snapshot.outputs.keys.sorted() {
                let output = snapshot.outputs[name]!
                let shown = output.isSensitive ? values.sensitivePlaceholder : values.render(output.value, indent: 0, style: .plan(marker: nil))
                out += "\(name) = \(shown)\n"
            }
        }
        return out
    }

    /// One instance: `# address:` (noting a tainted or deposed object) and its block.
    func render(_ object: ResourceInstanceObject, deposedKey: String? = nil) -> String {
        let resource = object.address.resource
        var heading = "# \(object.address):"
        if let deposedKey {
            heading = "# \(object.address): (deposed object \(deposedKey))"
        } else if object.status == .tainted {
            heading += " (tainted)"
        }
        let kind = resource.mode == .data ? "data" : "resource"
        var out = terminal.bold(heading) + "\n"
        out += "\(kind) \(Value.quoted(resource.type)) \(Value.quoted(resource.name)) {\n"
        let blockSchema = schema(resource.mode, resource.type)
        // State keeps JSON shapes; the schema's types tell maps (shown with quoted keys) from
        // objects.
        let value = blockSchema.map { object.value.conformed(to: $0.valueType).markingSensitive(at: object.value.sensitivePaths()) } ?? object.value
        out += body(value, schema: blockSchema, indent: 4)
        return out + "}\n"
    }

    /// The lines inside a block: attributes aligned on `=`, then nested blocks.
    private func body(_ value: Value, schema: BlockSchema?, indent: Int) -> String {
        guard !value.isSensitive else { return String(repeating: " ", count: indent) + values.sensitivePlaceholder + "\n" }
        let entries = value.attributes ?? [:]
        let blockNames = Set(schema?.blocks.keys.map { $0 } ?? [])
        let attributes = entries.keys.sorted().filter { !blockNames.contains($0) && !(entries[$0]!.isNull && !entries[$0]!.isSensitive) }
        let pad = String(repeating: " ", count: indent)
        let width = attributes.map(\.count).max() ?? 0
        var out = ""
        for name in attributes {
            out += pad + name.padding(toLength: width) + " = " + values.render(entries[name]!, indent: indent, style: .plan(marker: nil)) + "\n"
        }
        var blocks = ""
        for name in blockNames.sorted() {
            guard let nested = schema?.blocks[name], let block = entries[name], !block.isNull else { continue }
            for element in block.elements ?? [block] {
                blocks += pad + name + " {\n" + body(element, schema: nested.block, indent: indent + 4) + pad + "}\n"
            }
        }
        if !out.isEmpty, !blocks.isEmpty { out += "\n" }
        return out + blocks
    }
}
