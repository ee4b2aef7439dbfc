extension FunctionLibrary {
    static let networkFunctions: [String: Function] = [
        "cidrsubnet": Function(parameters: [.init("prefix", .string), .init("newbits", .number), .init("netnum", .number)], returns: .string) { args in
            let prefix = try cidrPrefix(args[0])
            let newBits = try wholeNumber(args[1], argument: 1)
            let netNumber = try wholeNumber(args[2], argument: 2)
            return .string(try subnet(of: prefix, newBits: newBits, number: netNumber).description)
        },
        "cidrsubnets": Function(parameters: [.init("prefix", .string)], variadic: .init("newbits", .number), returns: .list(.string)) { args in
            let prefix = try cidrPrefix(args[0])
            var next = prefix.network.bits
            var results: [Value] = []
            for (i, argument) in args.dropFirst().enumerated() {
                let newBits = try wholeNumber(argument, argument: i + 1)
                let length = prefix.length + newBits
                guard newBits >= 1, length <= prefix.address.width else {
                    throw FunctionError("would extend prefix to \(length) bits, which is too long for an \(prefix.address.isIPv6 ? "IPv6" : "IPv4") address", argument: i + 1)
                }
                let size = UInt128(1) << UInt128(prefix.address.width - length)
                // Align up to this subnet's size.
                let aligned = (next + size - 1) / size * size
                let candidate = CIDRPrefix(address: IPAddress(bits: aligned, isIPv6: prefix.address.isIPv6), length: length)
                guard candidate.network.bits & prefix.mask == prefix.network.bits, aligned >= next else {
                    throw FunctionError("not enough remaining address space for a subnet with a prefix of \(length) bits after \(results.last?.stringValue ?? prefix.description)", argument: i + 1)
                }
                results.append(.string(candidate.description))
                next = aligned + size
            }
            return .list(results, of: .string)
        },
        "cidrhost": Function(parameters: [.init("prefix", .string), .init("hostnum", .number)], returns: .string) { args in
            let prefix = try cidrPrefix(args[0])
            let host = try wholeNumber(args[1], argument: 1)
            let hostBits = prefix.address.width - prefix.length
            let capacity: UInt128 = hostBits >= 128 ? ~0 : UInt128(1) << UInt128(hostBits)
            let magnitude = UInt128(host.magnitude)
            guard host >= 0 ? magnitude < capacity : magnitude <= capacity else {
                throw FunctionError("prefix of \(prefix.length) does not accommodate a host numbered \(host)", argument: 1)
            }
            let offset = host >= 0 ? magnitude : capacity - magnitude
            return .string(IPAddress(bits: prefix.network.bits + offset, isIPv6: prefix.address.isIPv6).description)
        },
        "cidrnetmask": Function(parameters: [.init("prefix", .string)], returns: .string) { args in
            let prefix = try cidrPrefix(args[0])
            guard !prefix.address.isIPv6 else { throw FunctionError("IPv6 addresses cannot have a netmask: \(args[0].stringValue!)", argument: 0) }
            return .string(IPAddress(bits: prefix.mask, isIPv6: false).description)
        },
    ]

    static func cidrPrefix(_ value: Value, argument: Int = 0) throws -> CIDRPrefix {
        guard let text = value.stringValue, let prefix = CIDRPrefix(text) else {
            throw FunctionError("invalid CIDR expression: \(value.stringValue.map { Value.quoted($0) } ?? "") is not an address prefix such as \"10.0.0.0/16\"", argument: argument)
        }
        return prefix
    }

    static func wholeNumber(_ value: Value, argument: Int) throws -> Int {
        guard let number = value.numberValue, let whole = number.intValue else {
            throw FunctionError("a whole number is required", argument: argument)
        }
        return whole
    }

    static func subnet(of prefix: CIDRPrefix, newBits: Int, number: Int) throws -> CIDRPrefix {
        let length = prefix.length + newBits
        guard newBits >= 0 else { throw FunctionError("newbits must not be negative", argument: 1) }
        guard length <= prefix.address.width else {
            throw FunctionError("insufficient address space to extend prefix of \(prefix.length) by \(newBits)", argument: 1)
        }
        guard number >= 0, newBits >= 64 || UInt128(number) < UInt128(1) << UInt128(newBits) else {
            throw FunctionError("prefix extension of \(newBits) does not accommodate a subnet numbered \(number)", argument: 2)
        }
        let shifted = UInt128(number) << UInt128(prefix.address.width - length)
        return CIDRPrefix(address: IPAddress(bits: prefix.network.bits | shifted, isIPv6: prefix.address.isIPv6), length: length)
    }
}
