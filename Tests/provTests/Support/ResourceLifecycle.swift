import Foundation
import Testing
import TestSupport

/// Drives configurations through their life on the emulator (which checks every signature):
/// apply, read back through boto3, update, replace, re-import by id, destroy. Each resource
/// type's end-to-end test is a short scenario on top of this.
///
///     let lifecycle = try ResourceLifecycle()
///     try lifecycle.apply(configuration)            // fails the test unless it applies cleanly
///     try lifecycle.expectNoChanges()               // the next plan is empty
///     let id = try lifecycle.attribute("aws_vpc.main", "id")
///     try lifecycle.reimport("aws_vpc.main", id: id) // state rm, import, plan empty again
///     try lifecycle.destroy()
struct ResourceLifecycle {
    let server: MotoServer
    let prov: ProvProcess
    let region: String

    /// A workspace on the shared emulator. Use names and CIDR blocks no other test uses: the
    /// emulator is shared by the whole test run.
    ///
    /// `enforceSignatures: false` uses the shared emulator that does not check signatures. It
    /// exists for services whose GET and DELETE requests the emulator wrongly rejects when it
    /// checks signatures (Route 53, Lambda, EFS); prov still signs every request.
    /// `environment` adds to (or overrides) the emulator's variables for every prov run.
    init(region: String = "eu-west-1", enforceSignatures: Bool = true, environment: [String: String] = [:]) throws {
        server = try MotoServer.shared(enforceSignatures: enforceSignatures)
        prov = ProvProcess(directory: try ProvProcess.workspace(), environment: server.environment.merging(environment) { _, given in given })
        self.region = region
    }

    /// Writes `main.tf`: a provider block for the region, then the configuration.
    func write(_ configuration: String, files: [String: String] = [:]) throws {
        let text = "provider \"aws\" {\n  region = \"\(region)\"\n}\n\n" + configuration
        try text.write(toFile: prov.directory + "/main.tf", atomically: true, encoding: .utf8)
        for (name, content) in files {
            try content.write(toFile: prov.directory + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    /// Writes and applies; records a test failure (with prov's output) unless it succeeded.
    @discardableResult
    func apply(_ configuration: String? = nil, _ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> ProvProcess.Result {
        if let configuration { try write(configuration) }
        let result = try prov.run(["apply", "-auto-approve"] + arguments)
        #expect(result.status == 0, "apply failed:\n\(result.output)", sourceLocation: sourceLocation)
        return result
    }

    /// Plans; returns the output for assertions about what it shows.
    func plan(_ arguments: String...) throws -> ProvProcess.Result {
        try prov.run(["plan"] + arguments)
    }

    /// The next plan is empty: what was applied reads back exactly as configured.
    func expectNoChanges(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try prov.run("plan", "-detailed-exitcode")
        #expect(result.status == 0, "the plan after apply should be empty:\n\(result.output)", sourceLocation: sourceLocation)
    }

    /// An attribute of an instance in state, as `prov show -json` gives it.
    func attribute(_ address: String, _ name: String) throws -> Any? {
        try values(address)?[name]
    }

    /// All attributes of an instance in state.
    func values(_ address: String) throws -> [String: Any]? {
        let show = try prov.run("show", "-json")
        guard let document = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any],
              let values = document["values"] as? [String: Any] else { return nil }
        func find(_ module: [String: Any]?) -> [String: Any]? {
            guard let module else { return nil }
            for resource in module["resources"] as? [[String: Any]] ?? [] where resource["address"] as? String == address {
                return resource["values"] as? [String: Any]
            }
            for child in module["child_modules"] as? [[String: Any]] ?? [] {
                if let found = find(child) { return found }
            }
            return nil
        }
        return find(values["root_module"] as? [String: Any])
    }

    /// Forgets the object, imports it back by id, and checks the import read every attribute
    /// the configuration sets: the next plan is empty, except for `configurationOnly`
    /// attributes that AWS does not store (as `recovery_window_in_days`), which an import
    /// cannot know — as in Terraform. Those are then applied, after which the plan is empty.
    func reimport(_ address: String, id: String, configurationOnly: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let removed = try prov.run("state", "rm", address)
        #expect(removed.status == 0, "state rm failed:\n\(removed.output)", sourceLocation: sourceLocation)
        let imported = try prov.run("import", address, id)
        #expect(imported.status == 0, "import failed:\n\(imported.output)", sourceLocation: sourceLocation)
        if !configurationOnly.isEmpty {
            let changed = try changedAttributes()
            for (changedAddress, attributes) in changed {
                #expect(changedAddress == address && attributes.isSubset(of: configurationOnly), "after importing \(address), \(changedAddress) would change \(attributes.sorted())", sourceLocation: sourceLocation)
            }
            if !changed.isEmpty { try apply(sourceLocation: sourceLocation) }
        }
        try expectNoChanges(sourceLocation: sourceLocation)
    }

    /// For each instance the next plan changes, the attributes whose values differ.
    func changedAttributes() throws -> [String: Set<String>] {
        let plan = try prov.run("plan", "-out=lifecycle.tfplan")
        guard plan.status == 0 else { return ["(plan failed)": [plan.output]] }
        let show = try prov.run("show", "-json", "lifecycle.tfplan")
        let document = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any] ?? [:]
        var changed: [String: Set<String>] = [:]
        for change in document["resource_changes"] as? [[String: Any]] ?? [] {
            guard let address = change["address"] as? String, let details = change["change"] as? [String: Any],
                  details["actions"] as? [String] != ["no-op"] else { continue }
            let before = details["before"] as? [String: Any] ?? [:]
            let after = details["after"] as? [String: Any] ?? [:]
            let names = Set(before.keys).union(after.keys).filter { name in
                !JSONSerialization.isEqual(before[name], after[name])
            }
            changed[address] = Set(names)
        }
        return changed
    }

    /// Destroys everything; records a failure unless it succeeded and the state is empty.
    func destroy(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try prov.run("destroy", "-auto-approve")
        #expect(result.status == 0, "destroy failed:\n\(result.output)", sourceLocation: sourceLocation)
        let list = try prov.run("state", "list")
        #expect(list.stdout.isEmpty, "state still lists: \(list.stdout)", sourceLocation: sourceLocation)
    }

    /// Asks boto3 (independently of prov's own AWS code) in this lifecycle's region.
    func oracle(_ service: String, _ operation: String, _ params: [String: Any] = [:]) throws -> MotoServer.OracleResult {
        try server.oracle(.init(service, operation, params, region: region))
    }
}

extension JSONSerialization {
    /// Whether two decoded JSON values are equal (absent and null count as equal).
    static func isEqual(_ a: Any?, _ b: Any?) -> Bool {
        func normal(_ x: Any?) -> Any? { x is NSNull ? nil : x }
        switch (normal(a), normal(b)) {
        case (nil, nil): return true
        case (let x?, let y?): return (x as? NSObject)?.isEqual(y) ?? false
        default: return false
        }
    }
}
