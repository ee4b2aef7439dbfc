extension FunctionLibrary {
    static let encodingFunctions: [String: Function] = [
        "jsonencode": Function(parameters: [.init("value", .dynamic, allowNull: true)], returns: .string) { args in
            do {
                return .string(try JSONEncoding.encode(args[0]))
            } catch {
                throw FunctionError("value contains unknown parts", argument: 0)
            }
        },
        "jsondecode": Function(parameters: [.init("str", .string)], returns: .dynamic) { args in
            do {
                return try JSONParser.parse(args[0].stringValue!)
            } catch {
                throw FunctionError("invalid JSON: \(error)", argument: 0)
            }
        },
    ]
}
