import ResourceGraph

/// The bucket settings `aws_s3_bucket` took inline before provider v4, now deprecated in favour
/// of one resource each. prov keeps them in the schema, in the provider's shapes, so that state
/// and references keep their form, and refuses them by name with the resource to use instead.
enum S3BucketLegacySettings {
    static let attributes: [String: AttributeSchema] = [
        "acceleration_status": AttributeSchema(.string, .optionalComputed, unsupported: reason("aws_s3_bucket_accelerate_configuration")),
        "acl": AttributeSchema(.string, .optionalComputed, unsupported: reason("aws_s3_bucket_acl")),
        "policy": AttributeSchema(.string, .optionalComputed, unsupported: reason("aws_s3_bucket_policy")),
        "request_payer": AttributeSchema(.string, .optionalComputed, unsupported: reason("aws_s3_bucket_request_payment_configuration")),
    ]

    static let blocks: [String: NestedBlockSchema] = [
        "cors_rule": NestedBlockSchema(.list, corsRule, unsupported: reason("aws_s3_bucket_cors_configuration")),
        "grant": NestedBlockSchema(.set, grant, unsupported: reason("aws_s3_bucket_acl")),
        "lifecycle_rule": NestedBlockSchema(.list, lifecycleRule, unsupported: reason("aws_s3_bucket_lifecycle_configuration")),
        "logging": NestedBlockSchema(.list, logging, maxItems: 1, unsupported: reason("aws_s3_bucket_logging")),
        "object_lock_configuration": NestedBlockSchema(.list, objectLockConfiguration, maxItems: 1, unsupported: "it is deprecated since provider v4: set object_lock_enabled = true and use the separate aws_s3_bucket_object_lock_configuration resource"),
        "replication_configuration": NestedBlockSchema(.list, replicationConfiguration, maxItems: 1, unsupported: reason("aws_s3_bucket_replication_configuration")),
        "server_side_encryption_configuration": NestedBlockSchema(.list, serverSideEncryptionConfiguration, maxItems: 1, unsupported: reason("aws_s3_bucket_server_side_encryption_configuration")),
        "versioning": NestedBlockSchema(.list, versioning, maxItems: 1, unsupported: reason("aws_s3_bucket_versioning")),
        "website": NestedBlockSchema(.list, website, maxItems: 1, unsupported: reason("aws_s3_bucket_website_configuration")),
    ]

    private static func reason(_ resource: String) -> String {
        "it is deprecated since provider v4: use the separate \(resource) resource"
    }

    /// The values a read reports for them: none, since prov does not manage them here.
    static var emptyValues: [String: Value] {
        var values = attributes.mapValues { Value.null($0.type) }
        for (name, block) in blocks { values[name] = block.nesting == .set ? .set([], of: block.block.valueType) : .list([], of: block.block.valueType) }
        return values
    }

    // MARK: Shapes, as in the provider's schema

    private static let corsRule = BlockSchema(attributes: [
        "allowed_headers": AttributeSchema(.list(.string), .optional),
        "allowed_methods": AttributeSchema(.list(.string), .required),
        "allowed_origins": AttributeSchema(.list(.string), .required),
        "expose_headers": AttributeSchema(.list(.string), .optional),
        "max_age_seconds": AttributeSchema(.number, .optional),
    ])

    private static let grant = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .optional),
        "permissions": AttributeSchema(.set(.string), .required),
        "type": AttributeSchema(.string, .required),
        "uri": AttributeSchema(.string, .optional),
    ])

    private static let lifecycleRule = BlockSchema(
        attributes: [
            "abort_incomplete_multipart_upload_days": AttributeSchema(.number, .optional),
            "enabled": AttributeSchema(.bool, .required),
            "id": AttributeSchema(.string, .optionalComputed),
            "prefix": AttributeSchema(.string, .optional),
            "tags": AttributeSchema(.map(.string), .optional),
        ],
        blocks: [
            "expiration": NestedBlockSchema(.list, BlockSchema(attributes: [
                "date": AttributeSchema(.string, .optional),
                "days": AttributeSchema(.number, .optional),
                "expired_object_delete_marker": AttributeSchema(.bool, .optional),
            ]), maxItems: 1),
            "noncurrent_version_expiration": NestedBlockSchema(.list, BlockSchema(attributes: [
                "days": AttributeSchema(.number, .optional),
            ]), maxItems: 1),
            "noncurrent_version_transition": NestedBlockSchema(.set, BlockSchema(attributes: [
                "days": AttributeSchema(.number, .optional),
                "storage_class": AttributeSchema(.string, .required),
            ])),
            "transition": NestedBlockSchema(.set, BlockSchema(attributes: [
                "date": AttributeSchema(.string, .optional),
                "days": AttributeSchema(.number, .optional),
                "storage_class": AttributeSchema(.string, .required),
            ])),
        ])

    private static let logging = BlockSchema(attributes: [
        "target_bucket": AttributeSchema(.string, .required),
        "target_prefix": AttributeSchema(.string, .optional),
    ])

    private static let objectLockConfiguration = BlockSchema(
        attributes: ["object_lock_enabled": AttributeSchema(.string, .optional)],
        blocks: [
            "rule": NestedBlockSchema(.list, BlockSchema(blocks: [
                "default_retention": NestedBlockSchema(.list, BlockSchema(attributes: [
                    "days": AttributeSchema(.number, .optional),
                    "mode": AttributeSchema(.string, .required),
                    "years": AttributeSchema(.number, .optional),
                ]), minItems: 1, maxItems: 1),
            ]), maxItems: 1),
        ])

    private static let replicationConfiguration = BlockSchema(
        attributes: ["role": AttributeSchema(.string, .required)],
        blocks: [
            "rules": NestedBlockSchema(.set, BlockSchema(
                attributes: [
                    "delete_marker_replication_status": AttributeSchema(.string, .optional),
                    "id": AttributeSchema(.string, .optional),
                    "prefix": AttributeSchema(.string, .optional),
                    "priority": AttributeSchema(.number, .optional),
                    "status": AttributeSchema(.string, .required),
                ],
                blocks: [
                    "destination": NestedBlockSchema(.list, BlockSchema(
                        attributes: [
                            "account_id": AttributeSchema(.string, .optional),
                            "bucket": AttributeSchema(.string, .required),
                            "replica_kms_key_id": AttributeSchema(.string, .optional),
                            "storage_class": AttributeSchema(.string, .optional),
                        ],
                        blocks: [
                            "access_control_translation": NestedBlockSchema(.list, BlockSchema(attributes: [
                                "owner": AttributeSchema(.string, .required),
                            ]), maxItems: 1),
                            "metrics": NestedBlockSchema(.list, minutesAndStatus, maxItems: 1),
                            "replication_time": NestedBlockSchema(.list, minutesAndStatus, maxItems: 1),
                        ]), minItems: 1, maxItems: 1),
                    "filter": NestedBlockSchema(.list, BlockSchema(attributes: [
                        "prefix": AttributeSchema(.string, .optional),
                        "tags": AttributeSchema(.map(.string), .optional),
                    ]), maxItems: 1),
                    "source_selection_criteria": NestedBlockSchema(.list, BlockSchema(blocks: [
                        "sse_kms_encrypted_objects": NestedBlockSchema(.list, BlockSchema(attributes: [
                            "enabled": AttributeSchema(.bool, .required),
                        ]), maxItems: 1),
                    ]), maxItems: 1),
                ]), minItems: 1),
        ])

    private static let minutesAndStatus = BlockSchema(attributes: [
        "minutes": AttributeSchema(.number, .optional),
        "status": AttributeSchema(.string, .optional),
    ])

    private static let serverSideEncryptionConfiguration = BlockSchema(blocks: [
        "rule": NestedBlockSchema(.list, BlockSchema(
            attributes: ["bucket_key_enabled": AttributeSchema(.bool, .optional)],
            blocks: [
                "apply_server_side_encryption_by_default": NestedBlockSchema(.list, BlockSchema(attributes: [
                    "kms_master_key_id": AttributeSchema(.string, .optional),
                    "sse_algorithm": AttributeSchema(.string, .required),
                ]), minItems: 1, maxItems: 1),
            ]), minItems: 1, maxItems: 1),
    ])

    private static let versioning = BlockSchema(attributes: [
        "enabled": AttributeSchema(.bool, .optional),
        "mfa_delete": AttributeSchema(.bool, .optional),
    ])

    private static let website = BlockSchema(attributes: [
        "error_document": AttributeSchema(.string, .optional),
        "index_document": AttributeSchema(.string, .optional),
        "redirect_all_requests_to": AttributeSchema(.string, .optional),
        "routing_rules": AttributeSchema(.string, .optional),
    ])
}
