import ResourceGraph
import Testing

@testable import Providers

/// A block AWS always reports, left out of the configuration: kept from the prior object on
/// update, known only after apply on create, and taken as configured when it is configured.
struct PlanSuppressionTests {
    static let settingType = ValueType.list(.object(["encryption_type": .string]))
    let reported = Value.list([.object(["encryption_type": .string("AES256")])], of: .object(["encryption_type": .string]))
    let unconfigured = Value.object(["encryption_configuration": .list([], of: .object(["encryption_type": .string]))])

    func plan(prior: Value?, configuration: Value) -> Value? {
        PlanSuppression.keepPriorBlockWhenUnconfigured("encryption_configuration", in: configuration, prior: prior, configuration: configuration)[attribute: "encryption_configuration"]
    }

    @Test func anUpdateKeepsWhatAWSReported() {
        let prior = Value.object(["encryption_configuration": reported])
        #expect(plan(prior: prior, configuration: unconfigured) == reported)
    }

    @Test func aNewObjectLearnsItAfterApply() throws {
        let planned = try #require(plan(prior: nil, configuration: unconfigured))
        #expect(!planned.isKnown)
        #expect(planned.type == Self.settingType)
    }

    @Test func aConfiguredBlockIsPlannedAsWritten() {
        let configured = Value.object(["encryption_configuration": .list([.object(["encryption_type": .string("KMS")])], of: .object(["encryption_type": .string]))])
        #expect(plan(prior: .object(["encryption_configuration": reported]), configuration: configured) == configured[attribute: "encryption_configuration"])
        #expect(plan(prior: nil, configuration: configured) == configured[attribute: "encryption_configuration"])
    }
}
