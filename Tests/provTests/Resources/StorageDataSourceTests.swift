import Foundation
import Testing
import TestSupport

/// The aws_s3_bucket and aws_ecs_cluster data sources, on a bucket and a cluster made through
/// boto3, checked against what boto3 reports.
@Suite struct StorageDataSourceTests {
    static let bucket = "prov-stlc-ds-bucket"
    static let cluster = "prov-stlc-ds-cluster"

    static let configuration = """
    data "aws_s3_bucket" "site" {
      bucket = "\(bucket)"
    }
    data "aws_ecs_cluster" "main" {
      cluster_name = "\(cluster)"
    }
    output "bucket" {
      value = data.aws_s3_bucket.site
    }
    output "cluster" {
      value = data.aws_ecs_cluster.main
    }
    """

    @Test func readsABucketAndACluster() throws {
        let lifecycle = try ResourceLifecycle()
        _ = try lifecycle.oracle("s3", "create_bucket", ["Bucket": Self.bucket, "CreateBucketConfiguration": ["LocationConstraint": "eu-west-1"]])
        _ = try lifecycle.oracle("s3", "put_bucket_website", ["Bucket": Self.bucket, "WebsiteConfiguration": ["IndexDocument": ["Suffix": "index.html"]]])
        let created = try lifecycle.oracle("ecs", "create_cluster", [
            "clusterName": Self.cluster, "tags": [["key": "Team", "value": "storage"]],
            "settings": [["name": "containerInsights", "value": "enabled"]],
        ]).response?["cluster"] as? [String: Any]
        let clusterARN = try #require(created?["clusterArn"] as? String)

        try lifecycle.apply(Self.configuration)
        let bucket = try #require(try lifecycle.output("bucket"))
        #expect(bucket["id"] as? String == Self.bucket)
        #expect(bucket["arn"] as? String == "arn:aws:s3:::\(Self.bucket)")
        let location = try lifecycle.oracle("s3", "get_bucket_location", ["Bucket": Self.bucket]).response?["LocationConstraint"] as? String
        #expect(bucket["bucket_region"] as? String == location)
        #expect(bucket["region"] as? String == location)
        #expect(bucket["bucket_domain_name"] as? String == "\(Self.bucket).s3.amazonaws.com")
        #expect(bucket["bucket_regional_domain_name"] as? String == "\(Self.bucket).s3.eu-west-1.amazonaws.com")
        #expect(bucket["hosted_zone_id"] as? String == "Z1BKCTXD74EZPE")
        #expect(bucket["website_endpoint"] as? String == "\(Self.bucket).s3-website-eu-west-1.amazonaws.com")
        #expect(bucket["website_domain"] as? String == "s3-website-eu-west-1.amazonaws.com")

        let cluster = try #require(try lifecycle.output("cluster"))
        let described = try #require((try lifecycle.oracle("ecs", "describe_clusters", ["clusters": [Self.cluster]]).response?["clusters"] as? [[String: Any]])?.first)
        #expect(cluster["id"] as? String == clusterARN)
        #expect(cluster["arn"] as? String == described["clusterArn"] as? String)
        #expect(cluster["status"] as? String == described["status"] as? String)
        #expect(cluster["running_tasks_count"] as? Int == described["runningTasksCount"] as? Int)
        #expect(cluster["pending_tasks_count"] as? Int == described["pendingTasksCount"] as? Int)
        #expect(cluster["registered_container_instances_count"] as? Int == described["registeredContainerInstancesCount"] as? Int)
        #expect(cluster["tags"] as? [String: String] == ["Team": "storage"])
        #expect(cluster["setting"] as? [[String: String]] == [["name": "containerInsights", "value": "enabled"]])

        // A cluster that does not exist stops the plan with the name it looked for.
        try lifecycle.write(Self.configuration.replacingOccurrences(of: Self.cluster, with: "prov-stlc-ds-missing"))
        let missing = try lifecycle.plan()
        #expect(missing.status != 0)
        #expect(missing.output.contains("prov-stlc-ds-missing"), "\(missing.output)")

        _ = try lifecycle.oracle("ecs", "delete_cluster", ["cluster": Self.cluster])
        _ = try lifecycle.oracle("s3", "delete_bucket", ["Bucket": Self.bucket])
    }
}
