import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// A role made just before its function may not be assumable by Lambda yet: CreateFunction is
/// retried while Lambda says so, for a bounded time, as the provider does. The emulator cannot
/// give that answer for a role that exists, so this is shown with scripted answers on a
/// virtual clock.
struct LambdaFunctionCreateRetryTests {
    static let notAssumable = RecordingTransport.Answer.answer(
        400, #"{"Type":"User","message":"The role defined for the function cannot be assumed by Lambda."}"#,
        headers: ["x-amzn-ErrorType": "InvalidParameterValueException"])
    static let arn = "arn:aws:lambda:eu-west-1:123456789012:function:retry-fn"

    static func configuration(state: String) -> String {
        #"{"FunctionName":"retry-fn","FunctionArn":"\#(arn)","Role":"arn:aws:iam::123456789012:role/new","Handler":"index.handler","Runtime":"python3.12","MemorySize":128,"Timeout":3,"PackageType":"Zip","State":"\#(state)","LastUpdateStatus":"Successful","Version":"$LATEST","CodeSha256":"abc=","CodeSize":10,"TracingConfig":{"Mode":"PassThrough"},"EphemeralStorage":{"Size":512},"Architectures":["x86_64"]}"#
    }

    static let planned = Value.object([
        "function_name": .string("retry-fn"), "role": .string("arn:aws:iam::123456789012:role/new"),
        "handler": .string("index.handler"), "runtime": .string("python3.12"), "package_type": .string("Zip"),
        "s3_bucket": .string("code"), "s3_key": .string("fn.zip"), "memory_size": .number(128), "timeout": .number(3),
        "publish": .false, "reserved_concurrent_executions": .number(-1), "tags": .null(.map(.string)), "tags_all": .stringMap([:]),
    ])

    static func context(_ transport: RecordingTransport, clock: VirtualClock) throws -> AWSContext {
        let client = AWSClient.forTesting(transport: transport, clock: clock)
        let operation = OperationContext(address: try #require(InstanceAddress.parse("aws_lambda_function.retry")), idempotencyToken: "token")
        return AWSContext(client: client, settings: try AWSProviderBlock(.null), operation: operation)
    }

    @Test func createIsRetriedUntilTheRoleCanBeAssumed() async throws {
        let transport = RecordingTransport([
            Self.notAssumable,
            Self.notAssumable,
            .answer(201, Self.configuration(state: "Pending")),
            .answer(200, #"{"Configuration":\#(Self.configuration(state: "Pending")),"Code":{"RepositoryType":"S3"}}"#),
            .answer(200, #"{"Configuration":\#(Self.configuration(state: "Active")),"Code":{"RepositoryType":"S3"}}"#),
            .answer(200, #"{"Configuration":\#(Self.configuration(state: "Active")),"Code":{"RepositoryType":"S3"}}"#),
            .answer(200, #"{"Versions":[\#(Self.configuration(state: "Active").replacingOccurrences(of: Self.arn, with: Self.arn + ":$LATEST"))]}"#),
            .answer(200, #"{"FunctionName":"retry-fn"}"#),
        ])
        let clock = VirtualClock()
        let function = try await LambdaFunctionResource().create(Self.planned, in: try Self.context(transport, clock: clock))

        #expect(function.string("arn") == Self.arn)
        #expect(function.string("version") == "$LATEST")
        #expect(function.string("invoke_arn") == "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/\(Self.arn)/invocations")
        let requests = transport.requests
        #expect(requests.map(\.method) == ["POST", "POST", "POST", "GET", "GET", "GET", "GET", "GET"])
        #expect(requests[0].bodyText == requests[2].bodyText)
        #expect(requests[0].bodyText.contains(#""S3Bucket":"code""#))
        // Two pauses before the create went through, then one while the function was Pending.
        #expect(clock.sleeps.count == 3)
    }

    @Test func createGivesUpAfterThePropagationTimeout() async throws {
        let transport = RecordingTransport([Self.notAssumable])
        let clock = VirtualClock()
        let start = clock.now
        await #expect(throws: ProviderError.self) {
            _ = try await LambdaFunctionResource().create(Self.planned, in: try Self.context(transport, clock: clock))
        }
        #expect(clock.now.timeIntervalSince(start) >= 300)
        #expect(clock.now.timeIntervalSince(start) < 330)
        #expect(transport.requests.allSatisfy { $0.method == "POST" })
        #expect(transport.requests.count > 5)
    }
}
