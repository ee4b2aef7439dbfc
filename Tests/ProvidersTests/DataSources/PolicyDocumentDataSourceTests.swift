import Foundation
import ResourceGraph
import Testing

@testable import Providers

/// data "aws_iam_policy_document" against the JSON the Terraform AWS provider produces: its
/// acceptance tests' expected documents (as of provider 5, which leaves out empty Sids) and
/// its documented merging rules.
struct PolicyDocumentDataSourceTests {
    // MARK: Building configurations

    static func principals(_ blocks: [(type: String, identifiers: [String])]) -> Value {
        .set(blocks.map { .object(["type": .string($0.type), "identifiers": .stringSet($0.identifiers)]) },
             of: IAMPolicyDocumentDataSource.principalsSchema.valueType)
    }

    static func statement(
        sid: String? = nil, effect: String? = nil, actions: [String]? = nil, notActions: [String]? = nil,
        resources: [String]? = nil, notResources: [String]? = nil,
        principals: [(type: String, identifiers: [String])] = [], notPrincipals: [(type: String, identifiers: [String])] = [],
        conditions: [(test: String, variable: String, values: [String])] = []
    ) -> Value {
        .object([
            "sid": .string(sid), "effect": .string(effect),
            "actions": .stringSet(actions), "not_actions": .stringSet(notActions),
            "resources": .stringSet(resources), "not_resources": .stringSet(notResources),
            "principals": Self.principals(principals), "not_principals": Self.principals(notPrincipals),
            "condition": .set(conditions.map {
                .object(["test": .string($0.test), "variable": .string($0.variable), "values": .stringList($0.values)])
            }, of: IAMPolicyDocumentDataSource.conditionSchema.valueType),
        ])
    }

    static func configuration(
        _ statements: [Value], policyID: String? = nil, version: String? = nil,
        sources: [String]? = nil, overrides: [String]? = nil, sourceJSON: String? = nil
    ) -> Value {
        .object([
            "statement": .list(statements, of: IAMPolicyDocumentDataSource.statementSchema.valueType),
            "policy_id": .string(policyID), "version": .string(version),
            "source_policy_documents": .stringList(sources), "override_policy_documents": .stringList(overrides),
            "source_json": .string(sourceJSON), "override_json": .null(.string),
        ])
    }

    static func json(_ configuration: Value) throws -> String {
        try #require(try IAMPolicyDocumentDataSource.render(configuration).string("json"))
    }

    // MARK: The provider's expected documents

    @Test func basicDocumentNormalisesSetsPrincipalsAndVariables() throws {
        let configuration = Self.configuration([
            Self.statement(sid: "1", actions: ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], resources: ["arn:aws:s3:::*"]),
            Self.statement(
                actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::foo"],
                notPrincipals: [("AWS", ["arn:blahblah:example"])],
                conditions: [("StringLike", "s3:prefix", ["home/", "", "home/&{aws:username}/"])]),
            Self.statement(
                actions: ["s3:*"], resources: ["arn:aws:s3:::foo/home/&{aws:username}", "arn:aws:s3:::foo/home/&{aws:username}/*"],
                principals: [("AWS", ["arn:blahblah:example"])]),
            Self.statement(effect: "Deny", notActions: ["s3:*"], notResources: ["arn:aws:s3:::*"]),
            Self.statement(effect: "Allow", actions: ["kinesis:*"], principals: [("AWS", ["*"])]),
            Self.statement(effect: "Allow", actions: ["firehose:*"], principals: [("*", ["*"])]),
        ], policyID: "policy_id")
        #expect(try Self.json(configuration) == """
            {
              "Version": "2012-10-17",
              "Id": "policy_id",
              "Statement": [
                {
                  "Sid": "1",
                  "Effect": "Allow",
                  "Action": [
                    "s3:ListAllMyBuckets",
                    "s3:GetBucketLocation"
                  ],
                  "Resource": "arn:aws:s3:::*"
                },
                {
                  "Effect": "Allow",
                  "Action": "s3:ListBucket",
                  "Resource": "arn:aws:s3:::foo",
                  "NotPrincipal": {
                    "AWS": "arn:blahblah:example"
                  },
                  "Condition": {
                    "StringLike": {
                      "s3:prefix": [
                        "home/",
                        "",
                        "home/${aws:username}/"
                      ]
                    }
                  }
                },
                {
                  "Effect": "Allow",
                  "Action": "s3:*",
                  "Resource": [
                    "arn:aws:s3:::foo/home/${aws:username}/*",
                    "arn:aws:s3:::foo/home/${aws:username}"
                  ],
                  "Principal": {
                    "AWS": "arn:blahblah:example"
                  }
                },
                {
                  "Effect": "Deny",
                  "NotAction": "s3:*",
                  "NotResource": "arn:aws:s3:::*"
                },
                {
                  "Effect": "Allow",
                  "Action": "kinesis:*",
                  "Principal": {
                    "AWS": "*"
                  }
                },
                {
                  "Effect": "Allow",
                  "Action": "firehose:*",
                  "Principal": "*"
                }
              ]
            }
            """)
    }

    @Test func singleConditionValueIsAString() throws {
        let configuration = Self.configuration([
            Self.statement(
                effect: "Deny", actions: ["elasticfilesystem:*"], resources: ["*"], principals: [("AWS", ["*"])],
                conditions: [("Bool", "aws:SecureTransport", ["false"])]),
        ])
        let value = try IAMPolicyDocumentDataSource.render(configuration)
        #expect(value.string("json") == """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Deny",
                  "Action": "elasticfilesystem:*",
                  "Resource": "*",
                  "Principal": {
                    "AWS": "*"
                  },
                  "Condition": {
                    "Bool": {
                      "aws:SecureTransport": "false"
                    }
                  }
                }
              ]
            }
            """)
        #expect(value.string("minified_json") == #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"elasticfilesystem:*","Resource":"*","Principal":{"AWS":"*"},"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#)
        #expect(value.string("id") == String(SDKSetOrder.crc32(Array((value.string("json") ?? "").utf8))))
        #expect(value.string("version") == "2012-10-17")
        #expect(value.objects("statement").first?.string("effect") == "Deny")
    }

    /// Principals of one type in several blocks merge in the plugin SDK's set order, which
    /// depends on the identifiers: the provider's expected documents for two partitions.
    @Test(arguments: [
        ("aws", ["333333333333", "444444444444", "222222222222", "111111111111"]),
        ("aws-us-gov", ["333333333333", "222222222222", "111111111111", "444444444444"]),
    ])
    func principalsOfOneTypeMergeInSetOrder(partition: String, expected: [String]) throws {
        let arn = { (account: String) in "arn:\(partition):iam::\(account):root" }
        let configuration = Self.configuration([
            Self.statement(sid: "StatementPrincipalIdentifiersStringAndSlice", actions: ["*"], resources: ["*"], principals: [
                ("AWS", [arn("111111111111"), arn("222222222222")]), ("AWS", [arn("333333333333")]), ("AWS", [arn("444444444444")]),
            ]),
        ])
        let identifiers = expected.map { "          \"\(arn($0))\"" }.joined(separator: ",\n")
        #expect(try Self.json(configuration) == """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "StatementPrincipalIdentifiersStringAndSlice",
                  "Effect": "Allow",
                  "Action": "*",
                  "Resource": "*",
                  "Principal": {
                    "AWS": [
            \(identifiers)
                    ]
                  }
                }
              ]
            }
            """)
    }

    @Test func aStringPrincipalAndAListMerge() throws {
        let configuration = Self.configuration([
            Self.statement(sid: "StatementPrincipalIdentifiersStringAndSlice", actions: ["*"], resources: ["*"], principals: [
                ("AWS", ["arn:aws:iam::111111111111:root"]), ("AWS", ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"]),
            ]),
        ])
        #expect(try Self.json(configuration).contains("""
                    "AWS": [
                      "arn:aws:iam::111111111111:root",
                      "arn:aws:iam::333333333333:root",
                      "arn:aws:iam::222222222222:root"
                    ]
            """))
    }

    /// The documentation's example of several condition keys under one test.
    @Test func conditionKeysUnderOneTest() throws {
        let configuration = Self.configuration([
            Self.statement(actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: ["*"], conditions: [
                ("ForAnyValue:StringEquals", "kms:EncryptionContext:service", ["pi"]),
                ("ForAnyValue:StringEquals", "kms:EncryptionContext:aws:pi:service", ["rds"]),
            ]),
        ])
        #expect(try Self.json(configuration) == """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": [
                    "kms:GenerateDataKey",
                    "kms:Decrypt"
                  ],
                  "Resource": "*",
                  "Condition": {
                    "ForAnyValue:StringEquals": {
                      "kms:EncryptionContext:aws:pi:service": "rds",
                      "kms:EncryptionContext:service": "pi"
                    }
                  }
                }
              ]
            }
            """)
    }

    /// Two conditions on one test and variable append their values in the SDK's set order
    /// (CRC-32 of `test:StringEquals;values:(beta;gamma;);variable:…;` sorts first).
    @Test func conditionsOnOneVariableAppendInSetOrder() throws {
        let configuration = Self.configuration([
            Self.statement(actions: ["s3:GetObject"], conditions: [
                ("StringEquals", "aws:PrincipalTag/team", ["alpha"]),
                ("StringEquals", "aws:PrincipalTag/team", ["beta", "gamma"]),
            ]),
        ])
        let value = try IAMPolicyDocumentDataSource.render(configuration)
        #expect(value.string("minified_json") == #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Condition":{"StringEquals":{"aws:PrincipalTag/team":["beta","gamma","alpha"]}}}]}"#)
    }

    // MARK: Merging documents

    static func document(_ statements: [Value]) throws -> String {
        try json(configuration(statements))
    }

    @Test func sourceDocumentsAreMergedInOrder() throws {
        let a = try Self.document([
            Self.statement(sid: "", effect: "Allow", actions: ["foo:ActionOne"]),
            Self.statement(sid: "validSidOne", effect: "Allow", actions: ["bar:ActionOne"]),
        ])
        let b = try Self.document([Self.statement(sid: "validSidTwo", effect: "Deny", actions: ["foo:ActionTwo"])])
        let c = try Self.document([Self.statement(sid: "", effect: "Allow", actions: ["bar:ActionTwo"])])
        #expect(try Self.json(Self.configuration([], version: "2012-10-17", sources: [a, b, c])) == """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": "foo:ActionOne"
                },
                {
                  "Sid": "validSidOne",
                  "Effect": "Allow",
                  "Action": "bar:ActionOne"
                },
                {
                  "Sid": "validSidTwo",
                  "Effect": "Deny",
                  "Action": "foo:ActionTwo"
                },
                {
                  "Effect": "Allow",
                  "Action": "bar:ActionTwo"
                }
              ]
            }
            """)
        let conflicting = try Self.document([Self.statement(sid: "validSidOne", actions: ["baz:Other"])])
        #expect(throws: (any Error).self) { try IAMPolicyDocumentDataSource.render(Self.configuration([], sources: [a, conflicting])) }
    }

    @Test func overrideDocumentsReplaceStatementsBySid() throws {
        let a = try Self.document([
            Self.statement(sid: "", effect: "Allow", actions: ["foo:ActionOne"]),
            Self.statement(sid: "overrideSid", effect: "Allow", actions: ["bar:ActionOne"]),
        ])
        let b = try Self.document([Self.statement(sid: "validSid", effect: "Deny", actions: ["foo:ActionTwo"])])
        let c = try Self.document([Self.statement(sid: "overrideSid", effect: "Deny", actions: ["bar:ActionOne"])])
        #expect(try Self.json(Self.configuration([], version: "2012-10-17", overrides: [a, b, c])) == """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": "foo:ActionOne"
                },
                {
                  "Sid": "overrideSid",
                  "Effect": "Deny",
                  "Action": "bar:ActionOne"
                },
                {
                  "Sid": "validSid",
                  "Effect": "Deny",
                  "Action": "foo:ActionTwo"
                }
              ]
            }
            """)
    }

    /// The documentation's example: the configuration's statements between sources and
    /// overrides, a Sid from an override winning.
    @Test func sourceConfigurationAndOverrideTogether() throws {
        let source = try Self.document([Self.statement(sid: "OverridePlaceholder", actions: ["ec2:DescribeAccountAttributes"], resources: ["*"])])
        let override = try Self.document([Self.statement(sid: "OverridePlaceholder", actions: ["s3:GetObject"], resources: ["*"])])
        #expect(try Self.json(Self.configuration([], sources: [source], overrides: [override])) == """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "OverridePlaceholder",
                  "Effect": "Allow",
                  "Action": "s3:GetObject",
                  "Resource": "*"
                }
              ]
            }
            """)
    }

    /// Documents written by hand keep their Action lists as written; principals lists are
    /// written in reverse order; a boolean condition value becomes text; an older version
    /// is upgraded by the configuration's.
    @Test func handWrittenSourceDocumentsAreReadAsTheProviderReadsThem() throws {
        let source = """
            {"Version": "2008-10-17", "Id": "src", "Statement": [{
              "sid": "Hand", "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"],
              "Resource": "arn:aws:s3:::a<b>&c",
              "Principal": {"AWS": ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"], "Service": "ec2.amazonaws.com"},
              "Condition": {"Bool": {"aws:SecureTransport": true}, "StringEquals": {"s3:prefix": "home"}}
            }]}
            """
        let value = try IAMPolicyDocumentDataSource.render(Self.configuration([], policyID: "mine", sources: [source]))
        #expect(value.string("minified_json") == #"{"Version":"2012-10-17","Id":"mine","Statement":[{"Sid":"Hand","Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::a\u003cb\u003e\u0026c","Principal":{"AWS":["arn:aws:iam::222222222222:root","arn:aws:iam::111111111111:root"],"Service":"ec2.amazonaws.com"},"Condition":{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"s3:prefix":"home"}}}]}"#)
        let everyone = try IAMPolicyDocumentDataSource.render(Self.configuration([], sources: [#"{"Statement":[{"Effect":"Deny","Principal":"*","NotAction":[]}]}"#]))
        #expect(everyone.string("minified_json") == #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":[],"Principal":"*"}]}"#)
    }

    @Test func anEmptyDocumentHasOnlyItsVersion() throws {
        let value = try IAMPolicyDocumentDataSource.render(Self.configuration([]))
        #expect(value.string("json") == "{\n  \"Version\": \"2012-10-17\"\n}")
        #expect(value.string("id") == "1132004489")
    }

    // MARK: Refusals

    @Test func refusesWhatTheProviderRefuses() {
        let duplicate = Self.configuration([Self.statement(sid: "1", actions: ["a:B"]), Self.statement(sid: "1", actions: ["c:D"])])
        #expect(throws: (any Error).self) { try IAMPolicyDocumentDataSource.render(duplicate) }
        let variableIn2008 = Self.configuration([Self.statement(actions: ["*"], resources: ["arn:aws:s3:::foo/&{aws:username}"])], version: "2008-10-17")
        #expect(throws: (any Error).self) { try IAMPolicyDocumentDataSource.render(variableIn2008) }
        let invalidSid = Self.configuration([Self.statement(sid: "not valid!", actions: ["*"])])
        #expect(throws: (any Error).self) { try IAMPolicyDocumentDataSource.render(invalidSid) }
        let deprecatedSource = Self.configuration([], sourceJSON: "{}")
        #expect(throws: (any Error).self) { try IAMPolicyDocumentDataSource.render(deprecatedSource) }
        let notJSON = Self.configuration([], sources: ["{"])
        #expect(throws: (any Error).self) { try IAMPolicyDocumentDataSource.render(notJSON) }
        // Blank Sids may repeat.
        let blank = Self.configuration([Self.statement(sid: "", actions: ["a:B"]), Self.statement(sid: "", actions: ["c:D"])])
        #expect(throws: Never.self) { try IAMPolicyDocumentDataSource.render(blank) }
    }
}
