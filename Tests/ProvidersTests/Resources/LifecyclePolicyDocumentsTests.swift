import Foundation
import ResourceGraph
import Testing

@testable import Providers

/// The ECR lifecycle policy comparison: what the AWS provider treats as the same policy.
struct LifecyclePolicyDocumentsTests {
    static let policy = """
        {"rules":[
          {"rulePriority":2,"selection":{"tagStatus":"tagged","tagPrefixList":["v","release"],"countType":"imageCountMoreThan","countNumber":5},"action":{"type":"expire"}},
          {"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}
        ]}
        """

    @Test func ruleOrderTagListOrderAndFormattingDoNotMatter() {
        let reordered = """
            { "rules": [
                { "action": {"type": "expire"}, "rulePriority": 1,
                  "selection": {"countNumber": 14, "countUnit": "days", "countType": "sinceImagePushed", "tagStatus": "untagged"} },
                { "rulePriority": 2, "action": {"type": "expire"},
                  "selection": {"tagStatus": "tagged", "tagPrefixList": ["release", "v"], "countType": "imageCountMoreThan", "countNumber": 5} } ] }
            """
        #expect(LifecyclePolicyDocuments.equivalent(Self.policy, reordered))
    }

    @Test func emptyTagListsAreAbsentAndEmptyTextIsAnEmptyPolicy() {
        let a = #"{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","tagPatternList":[],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}"#
        let b = #"{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}"#
        #expect(LifecyclePolicyDocuments.equivalent(a, b))
        #expect(LifecyclePolicyDocuments.equivalent("", "{}"))
    }

    @Test func realChangesAreChanges() {
        let fewer = Self.policy.replacingOccurrences(of: "\"countNumber\":5", with: "\"countNumber\":3")
        #expect(!LifecyclePolicyDocuments.equivalent(Self.policy, fewer))
        let swapped = Self.policy.replacingOccurrences(of: "\"rulePriority\":2", with: "\"rulePriority\":3")
        #expect(!LifecyclePolicyDocuments.equivalent(Self.policy, swapped))
        #expect(!LifecyclePolicyDocuments.equivalent(Self.policy, "not json"))
    }

    @Test func theSentPolicyIsCompactJSON() {
        #expect(LifecyclePolicyDocuments.normalized("{ \"rules\" : [ ] }") == #"{"rules":[]}"#)
    }
}
