import Dispatch
import Provisioner
import ResourceGraph
import Synchronization

/// Renders a plan as Terraform does: a legend, one block per changed instance with its
/// attribute-level differences, the summary line, and changes to outputs.
struct PlanRenderer {
    let terminal: Terminal
    private let values = ValueRenderer()
    /// The action symbols, painted once rather than on every line.
    private let symbols: [ChangeAction: String]

    init(terminal: Terminal) {
        self.terminal = terminal
        let actions: [ChangeAction] = [.create, .update, .delete, .deleteThenCreate, .createThenDelete, .read, .noOp]
        self.symbols = Dictionary(uniqueKeysWithValues: actions.map { ($0, Self.symbol($0, terminal: terminal)) })
    }

    func render(_ plan: Plan) -> String {
        var out = ""
        let relevantDrift = plan.relevantDrift
        if !relevantDrift.isEmpty {
            out += renderDrift(relevantDrift, refreshOnly: plan.mode == .refreshOnly)
        }
        let changes = plan.changes.filter { $0.action != .noOp || $0.movedFrom != nil || $0.importID != nil || $0.reconciledID != nil }
        let outputChanges = plan.outputChanges.filter(\.isChange)
        if plan.mode == .refreshOnly {
            if relevantDrift.isEmpty {
                out += terminal.bold("No changes.") + " Your infrastructure still matches the configuration.\n\nprov has checked that the real remote objects still match the result of your most recent changes, and found no differences.\n"
            } else {
                out += "\nThis is a refresh-only plan, so prov will not take any actions to undo these. If you were expecting these changes then you can apply this plan to record the updated values in the prov state without changing any remote objects.\n"
            }
            return out
        }
        if changes.isEmpty {
            if outputChanges.isEmpty {
                let noun = plan.mode == .destroy ? "No objects need to be destroyed." : "Your infrastructure matches the configuration."
                out += "\n" + terminal.bold("No changes.") + " \(noun)\n\n"
                out += plan.mode == .destroy
                    ? "Either you have not created any objects yet or the existing objects were already deleted outside of prov.\n"
                    : "prov has compared your real infrastructure against your configuration and found no differences, so no changes are needed.\n"
                return out
            }
            out += "\nChanges to Outputs:\n" + renderOutputs(outputChanges)
            out += "\nYou can apply this plan to save these new output values to the prov state, without changing any real infrastructure.\n"
            return out
        }
        out += "\nprov used the selected providers to generate the following execution plan. Resource actions are indicated with the following symbols:\n"
        let actions = Set(changes.map(\.action))
        for action in [ChangeAction.create, .update, .delete, .deleteThenCreate, .createThenDelete, .read] where actions.contains(action) {
            out += "  " + symbol(action) + " " + legend(action) + "\n"
        }
        out += "\nprov will perform the following actions:\n"
        out.append(renderChanges(changes))
        let counts = plan.resourceChangeCount
        let imports = plan.importCount > 0 ? "\(plan.importCount) to import, " : ""
        out += "\n" + terminal.bold("Plan:") + " \(imports)\(counts.add) to add, \(counts.change) to change, \(counts.destroy) to destroy.\n"
        if !outputChanges.isEmpty {
            out += "\nChanges to Outputs:\n" + renderOutputs(outputChanges)
        }
        return out
    }

    // MARK: Symbols

    private func symbol(_ action: ChangeAction) -> String { symbols[action]! }

    private static func symbol(_ action: ChangeAction, terminal: Terminal) -> String {
        switch action {
        case .create: return terminal.paint("+", .green)
        case .update: return terminal.paint("~", .yellow)
        case .delete: return terminal.paint("-", .red)
        case .deleteThenCreate: return terminal.paint("-", .red) + "/" + terminal.paint("+", .green)
        case .createThenDelete: return terminal.paint("+", .green) + "/" + terminal.paint("-", .red)
        case .read: return terminal.paint("<=", .cyan)
        case .noOp: return " "
        }
    }

    private func legend(_ action: ChangeAction) -> String {
        switch action {
        case .create: return "create"
        case .update: return "update in-place"
        case .delete: return "destroy"
        case .deleteThenCreate: return "destroy and then create replacement"
        case .createThenDelete: return "create replacement and then destroy"
        case .read: return "read (data resources)"
        case .noOp: return ""
        }
    }

    private func headline(_ change: ResourceChange) -> String {
        var line = action(headlineOf: change)
        if let id = change.importID {
            line = change.action == .noOp ? "\(change.address) will be imported" : line + "\n  # (imported from \"\(id)\")"
        }
        if let old = change.movedFrom {
            line = change.action == .noOp && change.importID == nil ? "\(old) has moved to \(change.address)" : line + "\n  # (moved from \(old))"
        }
        if let id = change.reconciledID {
            let note = "an interrupted run created it (id=\(id)) without recording it; it is adopted into state"
            line = change.action == .noOp && change.importID == nil && change.movedFrom == nil
                ? "\(change.address) will be adopted: \(note)" : line + "\n  # (\(note))"
        }
        return line
    }

    private func action(headlineOf change: ResourceChange) -> String {
        let kind = change.reason == .untracked ? "untracked object" : "deposed object"
        let address = change.address.description + (change.deposedKey.map { " (\(kind) \($0))" } ?? "")
        switch change.action {
        case .create: return "\(address) will be created"
        case .update: return "\(address) will be updated in-place"
        case .read: return "\(address) will be read during apply"
        case .deleteThenCreate, .createThenDelete:
            switch change.reason {
            case .tainted: return "\(address) is tainted, so must be replaced"
            case .replaceTriggered: return "\(address) will be replaced due to changes in replace_triggered_by"
            case .requested: return "\(address) will be replaced, as requested"
            default: return "\(address) must be replaced"
            }
        case .delete:
            var line = "\(address) will be destroyed"
            switch change.reason {
            case .removedFromConfig: line += "\n  # (because \(change.address.resource) is not in configuration)"
            case .untracked: line += "\n  # (it carries this stack's tags but state does not record it: a run was killed before recording it)"
            case .noLongerExpanded:
                switch change.address.key {
                case .index(let i): line += "\n  # (because index [\(i)] is out of range for count)"
                case .key(let k): line += "\n  # (because key [\(Value.quoted(k))] is not in for_each map)"
                case .none: line += "\n  # (because \(change.address.resource) no longer has count or for_each set)"
                }
            default: break
            }
            return line
        case .noOp: return address
        }
    }

    // MARK: One change

    /// Every change's block, each after a blank line. Rendered in parallel chunks: a plan of
    /// thousands of resources is megabytes of text, and each block depends only on its change.
    private func renderChanges(_ changes: [ResourceChange]) -> String {
        let chunkSize = 256
        let chunkCount = (changes.count + chunkSize - 1) / chunkSize
        let pieces = Mutex([String](repeating: "", count: chunkCount))
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            var text = ""
            for change in changes[(chunk * chunkSize)..<min(changes.count, (chunk + 1) * chunkSize)] {
                text.append("\n")
                writeChange(change, into: &text)
            }
            pieces.withLock { $0[chunk] = text }
        }
        return pieces.withLock { $0.joined() }
    }

    func renderChange(_ change: ResourceChange) -> String {
        var out = ""
        writeChange(change, into: &out)
        return out
    }

    private func writeChange(_ change: ResourceChange, into out: inout String) {
        let resource = change.address.resource
        let kind = resource.mode == .data ? "data" : "resource"
        out.append("  ")
        out.append(terminal.bold("# " + headline(change)))
        out.append("\n")
        if !change.action.isReplace { out.append("  ") }
        out.append(symbol(change.action))
        out.append(" \(kind) \"\(resource.type)\" \"\(resource.name)\" {\n")
        if change.action == .noOp {
            writeAttributes(before: change.before, after: change.after, action: .update, replacePaths: [], indent: 6, into: &out)
        } else {
            writeAttributes(before: change.before, after: change.after, action: change.action, replacePaths: change.replacePaths, indent: 6, into: &out)
        }
        out.append("    }\n")
    }

    /// The attribute lines of a change, aligned on `=`, unchanged ones summarised.
    private func writeAttributes(before: Value?, after: Value?, action: ChangeAction, replacePaths: [ValuePath], indent: Int, into out: inout String) {
        let beforeAttributes = before?.attributes ?? [:]
        let afterAttributes = after?.attributes ?? [:]
        switch action {
        case .create, .read:
            let shown = afterAttributes.filter { !$0.value.isNull && !isEmptyCollection($0.value) }
            writeWholeValues(shown, marker: symbol(.create), suffix: "", indent: indent, into: &out)
            return
        case .delete:
            let shown = beforeAttributes.filter { !$0.value.isNull }
            writeWholeValues(shown, marker: symbol(.delete), suffix: " -> null", indent: indent, into: &out)
            return
        default:
            break
        }
        let names = before == nil ? afterAttributes.keys.sorted()
            : after == nil ? beforeAttributes.keys.sorted()
            : Set(beforeAttributes.keys).union(afterAttributes.keys).sorted()
        var lines: [(marker: String, name: String, value: String, note: String)] = []
        var unchanged = 0
        for name in names {
            let old = beforeAttributes[name] ?? .null
            let new = afterAttributes[name] ?? .null
            let forces = replacePaths.contains { $0.first == name }
            let note = forces ? terminal.paint(" # forces replacement", .red) : ""
            if ObjectPlanning.equivalent(old, new) {
                // Identifying attributes stay visible as context, as Terraform shows them.
                if (name == "id" || name == "name" || name == "tags") && !old.isNull { lines.append((" ", name, renderValue(old, indent: indent), "")) } else { unchanged += 1 }
                continue
            }
            if old.isNull {
                lines.append((symbol(.create), name, renderValue(new, indent: indent), note))
            } else if new.isNull {
                lines.append((symbol(.delete), name, renderValue(old, indent: indent) + " -> null", note))
            } else if let nested = renderCollectionDiff(old, new, indent: indent) {
                lines.append((symbol(.update), name, nested, note))
            } else {
                lines.append((symbol(.update), name, renderValue(old, indent: indent) + " -> " + renderValue(new, indent: indent), note))
            }
        }
        let width = lines.map(\.name.utf8.count).max() ?? 0
        let pad = String.spaces(indent)
        for line in lines {
            out.append(pad)
            out.append(line.marker)
            out.append(" ")
            out.append(line.name)
            out.append(String.spaces(width - line.name.utf8.count))
            out.append(" = ")
            out.append(line.value)
            out.append(line.note)
            out.append("\n")
        }
        if unchanged > 0 {
            out += pad + "  " + terminal.paint("# (\(unchanged) unchanged attribute\(unchanged == 1 ? "" : "s") hidden)", .dim) + "\n"
        }
    }

    /// The lines of an object created or destroyed as a whole: every attribute with `marker`,
    /// sorted and aligned, each value followed by `suffix`. Written straight into `out`, as
    /// these are most of the lines of a large plan.
    private func writeWholeValues(_ attributes: [String: Value], marker: String, suffix: String, indent: Int, into out: inout String) {
        let names = attributes.keys.sorted()
        let width = names.map(\.utf8.count).max() ?? 0
        let pad = String.spaces(indent)
        for name in names {
            out.append(pad)
            out.append(marker)
            out.append(" ")
            out.append(name)
            out.append(String.spaces(width - name.utf8.count))
            out.append(" = ")
            values.write(attributes[name]!, into: &out, indent: indent + 2, style: .plan(marker: marker))
            out.append(suffix)
            out.append("\n")
        }
    }

    private func isEmptyCollection(_ value: Value) -> Bool {
        guard value.isKnown, !value.isSensitive else { return false }
        if let elements = value.elements { return elements.isEmpty }
        if case .map(let entries, _) = value.kind { return entries.isEmpty }
        return false
    }

    /// A value on an attribute line whose name starts at `indent + 2`.
    private func renderValue(_ value: Value, indent: Int) -> String {
        values.render(value, indent: indent + 2, style: .plan(marker: nil))
    }

    /// Element-level differences for maps and lists of plain values; nil when not applicable.
    private func renderCollectionDiff(_ old: Value, _ new: Value, indent: Int) -> String? {
        guard old.isKnown, new.isKnown, !old.isSensitive, !new.isSensitive else { return nil }
        let pad = String.spaces(indent)
        if case .map(let before, _) = old.kind, case .map(let after, _) = new.kind {
            let keys = Set(before.keys).union(after.keys).sorted()
            let width = keys.map { Value.quoted($0).count }.max() ?? 0
            var out = "{\n"
            for key in keys {
                let label = Value.quoted(key).padding(toLength: width)
                switch (before[key], after[key]) {
                case (let b?, let a?) where ObjectPlanning.equivalent(b, a): continue
                case (let b?, let a?): out += pad + "    " + symbol(.update) + " " + label + " = " + values.render(b, indent: indent + 6, style: .plan(marker: nil)) + " -> " + values.render(a, indent: indent + 6, style: .plan(marker: nil)) + "\n"
                case (nil, let a?): out += pad + "    " + symbol(.create) + " " + label + " = " + values.render(a, indent: indent + 6, style: .plan(marker: symbol(.create))) + "\n"
                case (let b?, nil): out += pad + "    " + symbol(.delete) + " " + label + " = " + values.render(b, indent: indent + 6, style: .plan(marker: symbol(.delete))) + " -> null\n"
                default: continue
                }
            }
            return out + pad + "  }"
        }
        if let before = old.elements, let after = new.elements, (before + after).allSatisfy({ $0.type.isPrimitive && !$0.isSensitive }) {
            var out = "[\n"
            for element in before where !after.contains(element) { out += pad + "    " + symbol(.delete) + " " + values.render(element) + ",\n" }
            for element in after {
                out += pad + "    " + (before.contains(element) ? "  " : symbol(.create) + " ") + values.render(element) + ",\n"
            }
            return out + pad + "  ]"
        }
        return nil
    }

    // MARK: Outputs and drift

    private func renderOutputs(_ changes: [OutputChange]) -> String {
        let width = changes.map(\.name.count).max() ?? 0
        var out = ""
        for change in changes {
            let name = change.name.padding(toLength: width)
            let shown: (Value, String?) -> String = { value, marker in change.isSensitive ? "(sensitive value)" : values.render(value, indent: 4, style: .plan(marker: marker)) }
            switch (change.before, change.after) {
            case (nil, let after?): out += "  " + symbol(.create) + " \(name) = " + shown(after, symbol(.create)) + "\n"
            case (let before?, nil): out += "  " + symbol(.delete) + " \(name) = " + shown(before, symbol(.delete)) + " -> null\n"
            case (let before?, let after?): out += "  " + symbol(.update) + " \(name) = " + shown(before, nil) + " -> " + shown(after, nil) + "\n"
            default: break
            }
        }
        return out
    }

    private func renderDrift(_ drift: [ResourceChange], refreshOnly: Bool) -> String {
        var out = "\n" + terminal.bold("Note: Objects have changed outside of prov") + "\n\n"
        out += "prov detected the following changes made outside of prov since the last \"prov apply\" which may have affected this plan:\n"
        for change in drift {
            let resource = change.address.resource
            if change.action == .delete {
                out += "\n  " + terminal.bold("# \(change.address) has been deleted") + "\n"
                out += "  " + symbol(.delete) + " resource \"\(resource.type)\" \"\(resource.name)\" {\n"
                if let id = change.before?[attribute: "id"], !id.isNull { out += "      " + symbol(.delete) + " id = " + values.render(id) + "\n" }
                out += "    }\n"
            } else {
                out += "\n  " + terminal.bold("# \(change.address) has changed") + "\n"
                out += "  " + symbol(.update) + " resource \"\(resource.type)\" \"\(resource.name)\" {\n"
                writeAttributes(before: change.before, after: change.after, action: .update, replacePaths: [], indent: 6, into: &out)
                out += "    }\n"
            }
        }
        if !refreshOnly {
            out += "\nUnless you have made equivalent changes to your configuration, or ignored the relevant attributes using ignore_changes, the following plan may include actions to undo or respond to these changes.\n"
        }
        return out + "\n" + String(repeating: "─", count: 77) + "\n"
    }
}
