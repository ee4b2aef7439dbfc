extension FunctionLibrary {
    /// Hashes of strings (their UTF-8 bytes) and of files, and `uuid`. File hashes read relative
    /// paths from `baseDirectory`.
    static func hashFunctions(baseDirectory: String) -> [String: Function] {
        var table: [String: Function] = [
            "md5": stringDigest(.md5, Digest.hex),
            "sha1": stringDigest(.sha1, Digest.hex),
            "sha256": stringDigest(.sha256, Digest.hex),
            "sha512": stringDigest(.sha512, Digest.hex),
            "base64sha256": stringDigest(.sha256) { Base64.encode($0) },
            "base64sha512": stringDigest(.sha512) { Base64.encode($0) },
            // A new value on every call, so unknown while planning. Like Terraform's, it is 128
            // random bits in UUID layout, without version bits.
            "uuid": Function(parameters: [], returns: .string, impure: true) { _ in
                let hex = Digest.hex(Digest.randomBytes(16))
                let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
                    String(hex.utf8.dropFirst(range.lowerBound).prefix(range.count))!
                }
                return .string(groups.joined(separator: "-"))
            },
        ]
        let fileDigests: [(String, Digest.Algorithm, @Sendable ([UInt8]) -> String)] = [
            ("filemd5", .md5, Digest.hex),
            ("filesha1", .sha1, Digest.hex),
            ("filesha256", .sha256, Digest.hex),
            ("filesha512", .sha512, Digest.hex),
            ("filebase64sha256", .sha256, { Base64.encode($0) }),
            ("filebase64sha512", .sha512, { Base64.encode($0) }),
        ]
        for (name, algorithm, render) in fileDigests {
            table[name] = Function(parameters: [.init("path", .string)], returns: .string) { args in
                .string(render(Digest.hash(try readFile(args[0], baseDirectory: baseDirectory), algorithm)))
            }
        }
        return table
    }

    private static func stringDigest(_ algorithm: Digest.Algorithm, _ render: @escaping @Sendable ([UInt8]) -> String) -> Function {
        Function(parameters: [.init("str", .string)], returns: .string) { args in
            .string(render(Digest.hash(Array(args[0].stringValue!.utf8), algorithm)))
        }
    }
}
