import Testing
import TestSupport

@Suite struct EmulatorHarnessTests {
    @Test func startsWithSignaturesEnforcedAndAnswersTheOracle() throws {
        let server = try MotoServer.start(enforceSignatures: true)
        defer { server.stop() }
        let result = try server.oracle(.init("ec2", "describe_vpcs"))
        let vpcs = try #require(result.response?["Vpcs"] as? [Any])
        #expect(vpcs.count >= 1, "moto starts with a default VPC")
    }
}
