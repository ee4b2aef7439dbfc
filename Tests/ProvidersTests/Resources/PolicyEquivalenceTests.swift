import Foundation
import Testing

@testable import Providers

/// IAM policy documents compared as AWS (and the provider's awspolicyequivalence) compare them.
struct PolicyEquivalenceTests {
    static func same(_ a: String, _ b: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(PolicyEquivalence.equivalent(a, b), "should be equivalent:\n\(a)\n\(b)", sourceLocation: sourceLocation)
        #expect(PolicyEquivalence.equivalent(b, a), "should be equivalent both ways:\n\(b)\n\(a)", sourceLocation: sourceLocation)
    }

    static func different(_ a: String, _ b: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!PolicyEquivalence.equivalent(a, b), "should differ:\n\(a)\n\(b)", sourceLocation: sourceLocation)
        #expect(!PolicyEquivalence.equivalent(b, a), "should differ both ways:\n\(b)\n\(a)", sourceLocation: sourceLocation)
    }

    static let base = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#

    @Test func whitespaceAndKeyOrderDoNotMatter() {
        Self.same(Self.base, """
            {
              "Statement": [ { "Resource": "arn:aws:s3:::b/*", "Action": "s3:GetObject", "Effect": "Allow" } ],
              "Version": "2012-10-17"
            }
            """)
    }

    @Test func aSingleStatementObjectIsAOneElementList() {
        Self.same(Self.base, #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#)
    }

    @Test func fieldNamesMatchRegardlessOfCase() {
        Self.same(Self.base, #"{"version":"2012-10-17","statement":[{"effect":"Allow","action":"s3:GetObject","resource":"arn:aws:s3:::b/*"}]}"#)
    }

    @Test func stringsAndOneElementListsAreTheSame() {
        Self.same(Self.base, #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/*"]}]}"#)
    }

    @Test func listsAreComparedAsSets() {
        Self.same(
            #"{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":["a","b"],"NotResource":["x","y"]}]}"#,
            #"{"Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":["b","a"],"NotResource":["y","x"]}]}"#)
        Self.different(
            #"{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}"#,
            #"{"Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}"#)
        Self.different(
            #"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":["a","b"]}]}"#,
            #"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":["a","c"]}]}"#)
    }

    @Test func actionNamesAndEffectsIgnoreCaseButResourcesDoNot() {
        Self.same(Self.base, #"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"S3:getobject","Resource":"arn:aws:s3:::b/*"}]}"#)
        Self.same(
            #"{"Statement":[{"Effect":"Deny","NotAction":["IAM:*","ec2:Describe*"],"Resource":"*"}]}"#,
            #"{"Statement":[{"Effect":"Deny","NotAction":["ec2:describe*","iam:*"],"Resource":"*"}]}"#)
        Self.different(Self.base, #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::B/*"}]}"#)
        Self.different(Self.base, #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#)
    }

    @Test func actionAndNotActionAreNotInterchangeable() {
        Self.different(
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
            #"{"Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}"#)
    }

    @Test func versionIdAndSidMustBeEqual() {
        Self.different(Self.base, #"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#)
        Self.different(Self.base, #"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#)
        Self.different(Self.base, #"{"Version":"2012-10-17","Id":"one","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#)
        Self.different(Self.base, #"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#)
        Self.same(
            #"{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#,
            Self.base)
    }

    @Test func statementsMatchInAnyOrderButAllMustMatch() {
        let one = #"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"#
        let two = #"{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}"#
        Self.same(#"{"Statement":[\#(one),\#(two)]}"#, #"{"Statement":[\#(two),\#(one)]}"#)
        Self.different(#"{"Statement":[\#(one),\#(two)]}"#, #"{"Statement":[\#(one)]}"#)
        Self.different(#"{"Statement":[\#(one),\#(one)]}"#, #"{"Statement":[\#(one),\#(two)]}"#)
    }

    @Test func principalStarIsEveryAWSPrincipal() {
        Self.same(
            #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}"#,
            #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#)
        Self.same(
            #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}"#,
            #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"sts:AssumeRole"}]}"#)
        Self.different(
            #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}"#,
            #"{"Statement":[{"Effect":"Allow","Principal":{"Service":"*"},"Action":"sts:AssumeRole"}]}"#)
    }

    @Test func anAccountIdIsTheAccountsRootPrincipal() {
        Self.same(
            #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]}"#,
            #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#)
        Self.same(
            #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["111111111111","arn:aws:iam::222222222222:role/x"]},"Action":"sts:AssumeRole"}]}"#,
            #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::222222222222:role/x","arn:aws-cn:iam::111111111111:root"]},"Action":"sts:AssumeRole"}]}"#)
        Self.different(
            #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]}"#,
            #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole"}]}"#)
        Self.different(
            #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]}"#,
            #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/root"},"Action":"sts:AssumeRole"}]}"#)
    }

    @Test func principalIdentifiersAreSetsAndTypesWithoutThemDoNotCount() {
        Self.same(
            #"{"Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","lambda.amazonaws.com"]},"Action":"sts:AssumeRole"}]}"#,
            #"{"Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","ec2.amazonaws.com"],"AWS":[]},"Action":"sts:AssumeRole"}]}"#)
        Self.same(
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Principal":{}}]}"#,
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
        Self.different(
            #"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            #"{"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#)
        Self.different(
            #"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            #"{"Statement":[{"Effect":"Allow","NotPrincipal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#)
        Self.different(
            #"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#)
    }

    @Test func conditionValuesAreStringsOrSets() {
        Self.same(
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"},"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":10}}}]}"#,
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":["true"]},"NumericLessThan":{"s3:max-keys":"10"},"StringEquals":{"aws:SourceAccount":["123456789012"]}}}]}"#)
        Self.same(
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"s3:prefix":["a/*","b/*"]}}}]}"#,
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"s3:prefix":["b/*","a/*"]}}}]}"#)
        Self.different(
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"s3:prefix":["a/*","b/*"]}}}]}"#,
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"s3:prefix":"a/*"}}}]}"#)
        Self.different(
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"s3:prefix":"a/*"}}}]}"#,
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"a/*"}}}]}"#)
        Self.same(
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{}}]}"#,
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
        Self.different(
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"s3:prefix":"a/*"}}}]}"#,
            #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
    }

    @Test func anAssumeRolePolicyMayComeInAOneElementList() {
        let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        Self.same("[\(document)]", document)
        Self.different("[\(document),\(document)]", document)
        Self.same("[]", "{}")
    }

    @Test func documentsThatAreNotPoliciesAreEqualOnlyAsJSON() {
        Self.same(#"{"a":[1,2],"b":"x"}"#, #"{ "b": "x", "a": [1, 2] }"#)
        Self.different(#"{"a":[1,2]}"#, #"{"a":[2,1]}"#)
        Self.different("not json", "not json")
        Self.different(#"{"Statement":[{"Action":{"nested":true}}]}"#, #"{"Statement":[{"Action":"nested"}]}"#)
        Self.different(#"{"Statement":[{"Effect":"Allow","Action":[["s3:*"]],"Resource":"*"}]}"#, #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
    }

    @Test func policyArgumentsTreatBlankAndEmptyObjectAsNoPolicy() {
        #expect(PolicyDocuments.equivalent(nil, ""))
        #expect(PolicyDocuments.equivalent("", "{}"))
        #expect(PolicyDocuments.equivalent(" {} ", nil))
        #expect(!PolicyDocuments.equivalent("", Self.base))
        #expect(!PolicyDocuments.equivalent("{}", Self.base))
        #expect(PolicyDocuments.equivalent(Self.base, #"{"Statement":{"Resource":"arn:aws:s3:::b/*","Action":["s3:GetObject"],"Effect":"Allow"},"Version":"2012-10-17"}"#))
    }
}
