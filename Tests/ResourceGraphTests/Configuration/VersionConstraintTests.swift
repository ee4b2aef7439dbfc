import Testing
@testable import ResourceGraph

struct ConstraintCase: CustomTestStringConvertible, Sendable {
    let constraint: String
    let version: String
    let allowed: Bool
    var testDescription: String { "\(constraint) vs \(version)" }
}

@Suite struct VersionConstraintTests {
    static let cases: [ConstraintCase] = [
        .init(constraint: ">= 1.5.0", version: "1.9.0", allowed: true),
        .init(constraint: ">= 1.10", version: "1.9.0", allowed: false),
        .init(constraint: "~> 1.6", version: "1.9.0", allowed: true),
        .init(constraint: "~> 1.6", version: "2.0.0", allowed: false),
        .init(constraint: "~> 1.6.0", version: "1.6.9", allowed: true),
        .init(constraint: "~> 1.6.0", version: "1.7.0", allowed: false),
        .init(constraint: ">= 1.2, < 2.0", version: "1.9.0", allowed: true),
        .init(constraint: ">= 1.2, < 1.9", version: "1.9.0", allowed: false),
        .init(constraint: "= 1.9.0", version: "1.9.0", allowed: true),
        .init(constraint: "1.9.0", version: "1.9.0", allowed: true),
        .init(constraint: "!= 1.9.0", version: "1.9.0", allowed: false),
        .init(constraint: "> 1.9.0", version: "1.9.1", allowed: true),
        .init(constraint: "<= 1.8", version: "1.9.0", allowed: false),
        .init(constraint: ">= 1.0", version: "1.10.0-beta1", allowed: false),
        .init(constraint: "= 1.10.0-beta1", version: "1.10.0-beta1", allowed: true),
    ]

    @Test(arguments: cases)
    func allows(_ c: ConstraintCase) throws {
        let constraint = try #require(VersionConstraint(c.constraint))
        let (version, _) = try #require(SemanticVersion.parse(Substring(c.version)))
        #expect(constraint.allows(version) == c.allowed)
    }

    @Test(arguments: ["", ">= banana", "1.2.3.4", ">= 1..2", "~>"])
    func rejectsMalformedConstraints(_ text: String) {
        #expect(VersionConstraint(text) == nil)
    }
}
