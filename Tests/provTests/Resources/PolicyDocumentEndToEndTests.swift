import Foundation
import Testing
import TestSupport

/// data "aws_partition" and data "aws_iam_policy_document" from configuration text, through
/// prov's own decoding of blocks and sets (the unit tests build the values directly).
@Suite struct PolicyDocumentEndToEndTests {
    @Test func partitionAndMergedDocumentFromConfiguration() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(#"""
            data "aws_partition" "current" {}

            data "aws_iam_policy_document" "source" {
              statement {
                sid       = "Source"
                actions   = ["s3:GetObject", "s3:ListBucket", "s3:GetObject"]
                resources = ["arn:${data.aws_partition.current.partition}:s3:::bucket/&{aws:username}/*"]
                principals {
                  type        = "AWS"
                  identifiers = ["arn:aws:iam::111111111111:root"]
                }
                condition {
                  test     = "Bool"
                  variable = "aws:SecureTransport"
                  values   = ["true"]
                }
              }
            }

            data "aws_iam_policy_document" "merged" {
              source_policy_documents = [data.aws_iam_policy_document.source.json]
              statement {
                effect    = "Deny"
                actions   = ["s3:DeleteObject"]
                resources = ["*"]
              }
            }

            output "partition" {
              value = data.aws_partition.current
            }
            output "merged" {
              value = data.aws_iam_policy_document.merged
            }
            output "source" {
              value = data.aws_iam_policy_document.source
            }
            """#)
        let partition = try #require(try lifecycle.output("partition"))
        #expect(partition["partition"] as? String == "aws")
        #expect(partition["dns_suffix"] as? String == "amazonaws.com")
        #expect(partition["reverse_dns_prefix"] as? String == "com.amazonaws")
        let merged = try #require(try lifecycle.output("merged"))
        #expect(merged["json"] as? String == """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "Source",
                  "Effect": "Allow",
                  "Action": [
                    "s3:ListBucket",
                    "s3:GetObject"
                  ],
                  "Resource": "arn:aws:s3:::bucket/${aws:username}/*",
                  "Principal": {
                    "AWS": "arn:aws:iam::111111111111:root"
                  },
                  "Condition": {
                    "Bool": {
                      "aws:SecureTransport": "true"
                    }
                  }
                },
                {
                  "Effect": "Deny",
                  "Action": "s3:DeleteObject",
                  "Resource": "*"
                }
              ]
            }
            """)
        #expect(merged["minified_json"] as? String == #"{"Version":"2012-10-17","Statement":[{"Sid":"Source","Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"],"Resource":"arn:aws:s3:::bucket/${aws:username}/*","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Condition":{"Bool":{"aws:SecureTransport":"true"}}},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#)
        #expect(merged["version"] as? String == "2012-10-17")
        // The default effect is filled in, as in the provider's state.
        let source = try #require(try lifecycle.output("source"))
        #expect((source["statement"] as? [[String: Any]])?.first?["effect"] as? String == "Allow")
        try lifecycle.expectNoChanges()
    }
}
