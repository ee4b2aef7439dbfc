import Provisioner
import ResourceGraph

// How an S3 object an interrupted run created is found again: a bucket by its system tags
// (the tagging API's `arn:aws:s3:::NAME` gives the name, the id) or by its name, which is
// unique in the partition; a bucket's settings by their bucket (one of each per bucket); an
// object by its bucket and key. A name left to AWS (bucket_prefix) cannot be looked up.

extension S3BucketResource {
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "bucket") }
}

extension S3BucketVersioningResource {
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "bucket") }
}

extension S3BucketPublicAccessBlockResource {
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "bucket") }
}

extension S3BucketServerSideEncryptionConfigurationResource {
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "bucket") }
}

extension S3BucketPolicyResource {
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "bucket") }
}

extension S3ObjectResource {
    /// The tagging API does not list objects: found by bucket and key.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "bucket", "key") }
}
