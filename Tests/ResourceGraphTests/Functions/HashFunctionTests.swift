import Testing
@testable import ResourceGraph

@Suite struct HashFunctionTests {
    static let documented: [FunctionCase] = [
        .init("base64sha256", #"base64sha256("hello world")"#, #""uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=""#),
        .init("base64sha512", #"base64sha512("hello world")"#,
              #""MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==""#),
        .init("md5", #"md5("hello world")"#, #""5eb63bbbe01eeed093cb22bb8f5acdc3""#),
        .init("sha1", #"sha1("hello world")"#, #""2aae6c35c94fcfb415dbe95f408b9ce91ee846ed""#),
        .init("sha256", #"sha256("hello world")"#, #""b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9""#),
        .init("sha512", #"sha512("hello world")"#,
              #""309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f""#),
    ]

    /// Expected values from `openssl dgst` over Fixtures/hello.txt.
    static let files: [FunctionCase] = [
        .init("filemd5", #"filemd5("hello.txt")"#, #""b10a8db164e0754105b7a99be72e3fe5""#),
        .init("filesha1", #"filesha1("hello.txt")"#, #""0a4d55a8d778e5022fab701977c5d840bbc486d0""#),
        .init("filesha256", #"filesha256("hello.txt")"#, #""a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e""#),
        .init("filesha512", #"filesha512("hello.txt")"#,
              #""2c74fd17edafd80e8447b0d46741ee243b7eb74dd2149a0ab1b9246fb30382f27e853d8585719e0e67cbda0daa8f51671064615d645ae27acb15bfb1447f459b""#),
        .init("filebase64sha256", #"filebase64sha256("hello.txt")"#, #""pZGm1Av0IEBKARczz7exkNYsZb8LzaMrV7J32a2fFG4=""#),
        .init("filebase64sha512", #"filebase64sha512("hello.txt")"#,
              #""LHT9F+2v2A6ER7DUZ0HuJDt+t03SFJoKsbkkb7MDgvJ+hT2FhXGeDmfL2g2qj1FnEGRhXWRa4nrLFb+xRH9Fmw==""#),
        .init("file hash matches string hash", #"filesha256("hello.txt") == sha256(file("hello.txt"))"#, "true"),
        .init("hash of binary file", #"filemd5("binary.bin")"#, #""266e75fcf28db213599bf0f3f46976a8""#),
        .init("hash of unicode hashes UTF-8", #"md5("☃") == md5(base64decode("4piD"))"#, "true"),
        .init("hash of unknown", "sha256(pending)", "unknown(string)"),
    ]

    @Test(arguments: documented) func documentedExamples(_ c: FunctionCase) { c.check() }
    @Test(arguments: files) func hashesFiles(_ c: FunctionCase) { c.check() }

    static let errors: [FunctionErrorCase] = [
        .init("filemd5 missing file", #"filemd5("nope.txt")"#, "no file exists at", argument: 0),
        .init("md5 of a list", #"md5(["a"])"#, "string required", argument: 0),
    ]

    @Test(arguments: errors) func fails(_ c: FunctionErrorCase) throws { try c.check() }

    @Test func uuidIsRandomAndUnknownDuringPlanning() throws {
        let first = try #require(FunctionTesting.evaluate("uuid()").0.stringValue)
        let second = try #require(FunctionTesting.evaluate("uuid()").0.stringValue)
        #expect(first.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/) != nil, "\(first)")
        #expect(first != second)
        #expect(FunctionTesting.evaluate("uuid()", planning: true).0.debugDescription == "unknown(string)")
    }

    @Test func sensitiveArgumentGivesSensitiveResult() {
        #expect(FunctionTesting.evaluate("sha256(secret)").0.isSensitive)
    }
}
