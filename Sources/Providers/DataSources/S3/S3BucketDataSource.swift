import Provisioner
import ResourceGraph

/// `data "aws_s3_bucket"`: an existing bucket's names and region, by bucket name.
struct S3BucketDataSource: AWSDataSourceType {
    static let typeName = "aws_s3_bucket"

    let schema = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "bucket": AttributeSchema(.string, .required),
        "arn": AttributeSchema(.string, .computed),
        "bucket_domain_name": AttributeSchema(.string, .computed),
        "bucket_region": AttributeSchema(.string, .computed),
        "bucket_regional_domain_name": AttributeSchema(.string, .computed),
        "hosted_zone_id": AttributeSchema(.string, .computed),
        // The bucket's region under its name before provider v6, as aws_s3_bucket has it.
        "region": AttributeSchema(.string, .computed),
        "website_domain": AttributeSchema(.string, .computed),
        "website_endpoint": AttributeSchema(.string, .computed),
    ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        guard let bucket = configuration.string("bucket"), !bucket.isEmpty else {
            throw ProviderError("Reading S3 Bucket", detail: "bucket is not known.")
        }
        do {
            guard try await S3.bucketExists(bucket, in: context) else {
                throw ProviderError("Reading S3 Bucket (\(bucket))", detail: "couldn't find resource: no bucket \(bucket) exists, or these credentials may not use it.")
            }
            let region = try await S3.bucketRegion(bucket, in: context)
            let website = try await S3.hasWebsite(bucket, in: context) ? S3BucketNames.websiteEndpoint(bucket, region: region) : nil
            return .object([
                "id": .string(bucket),
                "bucket": .string(bucket),
                // An access point ARN given as the bucket is its own ARN.
                "arn": .string(bucket.hasPrefix("arn:") ? bucket : S3BucketNames.arn(bucket, partition: context.partition)),
                "bucket_domain_name": .string(S3BucketNames.domainName(bucket, region: context.region)),
                "bucket_region": .string(region),
                "bucket_regional_domain_name": .string(S3BucketNames.regionalDomainName(bucket, region: region)),
                "hosted_zone_id": .string(S3BucketNames.hostedZoneID(region: region)),
                "region": .string(region),
                "website_domain": .string(website?.domain ?? ""),
                "website_endpoint": .string(website?.endpoint ?? ""),
            ])
        } catch let error as ProviderError {
            throw error
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading S3 Bucket (\(bucket))")
        }
    }
}
