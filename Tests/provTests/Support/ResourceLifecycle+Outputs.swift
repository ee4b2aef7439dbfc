import Foundation

extension ResourceLifecycle {
    /// The root module's outputs as `prov output -json` gives them (sensitive ones included),
    /// for reading data sources, which state does not list among resources.
    func outputs() throws -> [String: Any] {
        let result = try prov.run("output", "-json")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [String: Any]] ?? [:]
        return document.compactMapValues { $0["value"] }
    }

    /// One output that holds an object, such as a whole data source.
    func output(_ name: String) throws -> [String: Any]? {
        try outputs()[name] as? [String: Any]
    }
}
