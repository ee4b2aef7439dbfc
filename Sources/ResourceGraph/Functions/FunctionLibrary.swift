/// Terraform's built-in functions, grouped by subject in `*Functions.swift` files.
public enum FunctionLibrary {
    /// Every built-in function. `baseDirectory` is where relative paths given to file functions
    /// are resolved (the module's directory).
    public static func standard(baseDirectory: String = ".") -> [String: Function] {
        var table: [String: Function] = [:]
        let groups: [[String: Function]] = [
            encodingFunctions,
            networkFunctions,
            numericFunctions,
            stringFunctions,
            collectionFunctions,
            typeFunctions,
            dateTimeFunctions,
            filesystemFunctions(baseDirectory: baseDirectory),
            hashFunctions(baseDirectory: baseDirectory),
        ]
        for group in groups { table.merge(group) { first, _ in first } }
        // templatefile evaluates templates with every other function available.
        table["templatefile"] = templateFileFunction(baseDirectory: baseDirectory, functions: table)
        return table
    }
}
