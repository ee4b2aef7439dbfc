import Foundation
import Provisioner
import ResourceGraph

/// `backend "s3"`: state in an S3 bucket, with Terraform's S3 backend arguments. Credentials,
/// region and endpoints resolve as for the AWS provider (arguments, then the environment and
/// the shared config files); `endpoints { s3 = … }` or `AWS_ENDPOINT_URL_S3` points it at
/// another S3 (an emulator, a compatible store).
public struct S3BackendType: RemoteBackendType {
    public let name = "s3"
    let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public var argumentTypes: [String: ValueType] {
        [
            "bucket": .string,
            "key": .string,
            "region": .string,
            "use_lockfile": .bool,
            "encrypt": .bool,
            "kms_key_id": .string,
            "workspace_key_prefix": .string,
            "profile": .string,
            "role_arn": .string,
            "session_name": .string,
            "external_id": .string,
            "assume_role": .object(["role_arn": .string, "session_name": .string, "external_id": .string, "duration": .string]),
            "endpoints": .object(["s3": .string, "sts": .string]),
            "use_path_style": .bool,
            "force_path_style": .bool,
            "access_key": .string,
            "secret_key": .string,
            "token": .string,
            "shared_config_files": .list(.string),
            "shared_credentials_files": .list(.string),
            "max_retries": .number,
            "sts_region": .string,
            "skip_credentials_validation": .bool,
            "skip_region_validation": .bool,
            "skip_requesting_account_id": .bool,
            "skip_metadata_api_check": .bool,
        ]
    }

    public var unsupportedArguments: [String: String] {
        let lockfile = "prov locks the state with a lock object beside it; set use_lockfile = true"
        return [
            "dynamodb_table": lockfile,
            "dynamodb_endpoint": lockfile,
            "sse_customer_key": "state objects are encrypted with S3-managed or KMS keys (encrypt, kms_key_id)",
            "acl": "state objects are written with the bucket's default ACL",
            "endpoint": "use endpoints { s3 = \"…\" }",
        ]
    }

    public func makeBackend(_ arguments: [String: Value], workingDirectory: String) -> (backend: (any StateBackend)?, diagnostics: Diagnostics) {
        let (checked, checkDiagnostics) = checkedArguments(arguments)
        var diagnostics = checkDiagnostics
        func string(_ name: String) -> String? { checked[name]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        func bool(_ name: String) -> Bool { checked[name]?.boolValue ?? false }
        func nested(_ object: String, _ name: String) -> String? {
            checked[object]?[attribute: name]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }

        let bucket = string("bucket")
        let key = string("key")
        if bucket == nil { diagnostics.error("Missing backend argument", "The s3 backend needs \"bucket\": the bucket that holds the state. Set it in the backend block or with -backend-config=bucket=NAME.") }
        if let key {
            if key.hasPrefix("/") || key.hasSuffix("/") {
                diagnostics.error("Invalid backend argument", "The s3 backend's \"key\" must not start or end with \"/\": \(Value.quoted(key)).")
            }
        } else {
            diagnostics.error("Missing backend argument", "The s3 backend needs \"key\": the path of the state object in the bucket. Set it in the backend block or with -backend-config=key=PATH.")
        }
        let prefix = checked["workspace_key_prefix"]?.stringValue ?? RemoteStateLayout.defaultWorkspaceKeyPrefix
        if prefix.hasPrefix("/") || prefix.hasSuffix("/") {
            diagnostics.error("Invalid backend argument", "The s3 backend's \"workspace_key_prefix\" must not start or end with \"/\": \(Value.quoted(prefix)).")
        }
        if string("kms_key_id") != nil, !bool("encrypt") {
            diagnostics.error("Invalid backend argument", "The s3 backend's \"kms_key_id\" takes effect only with encrypt = true.")
        }
        let region = string("region") ?? environment["AWS_REGION"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["AWS_DEFAULT_REGION"].flatMap { $0.isEmpty ? nil : $0 }
        if region == nil {
            diagnostics.error("Missing backend argument", "The s3 backend needs \"region\": the bucket's region. Set it in the backend block, with -backend-config=region=REGION, or in AWS_REGION.")
        }
        guard !diagnostics.hasErrors, let bucket, let key, let region else { return (nil, diagnostics) }

        var roles: [AssumeRoleCredentialsProvider.Role] = []
        if let arn = nested("assume_role", "role_arn") ?? string("role_arn") {
            var duration: Duration? = nil
            if let text = nested("assume_role", "duration") {
                guard let parsed = DurationSyntax.parse(text) else {
                    diagnostics.error("Invalid backend argument", "The s3 backend's assume_role \"duration\" \(Value.quoted(text)) is not a duration such as 1h or 15m.")
                    return (nil, diagnostics)
                }
                duration = parsed
            }
            roles.append(AssumeRoleCredentialsProvider.Role(
                roleArn: arn, sessionName: nested("assume_role", "session_name") ?? string("session_name"),
                externalId: nested("assume_role", "external_id") ?? string("external_id"), duration: duration))
        }
        var endpoints: [String: String] = [:]
        for service in ["s3", "sts"] { if let url = nested("endpoints", service) { endpoints[service] = url } }
        let settings = AWSProviderSettings(
            region: region, accessKey: string("access_key"), secretKey: string("secret_key"), token: string("token"),
            profile: string("profile"), sharedConfigFiles: checked["shared_config_files"]?.elements?.compactMap(\.stringValue),
            sharedCredentialsFiles: checked["shared_credentials_files"]?.elements?.compactMap(\.stringValue),
            assumeRole: roles, endpoints: endpoints, maxRetries: checked["max_retries"]?.numberValue.flatMap { Int($0.description) },
            skipMetadataAPICheck: bool("skip_metadata_api_check"), stsRegion: string("sts_region"))
        let configuration: AWSClientConfiguration
        do {
            configuration = try AWSClientConfiguration(settings: settings, environment: environment)
        } catch {
            diagnostics.error("Invalid s3 backend configuration", error.description)
            return (nil, diagnostics)
        }
        let encryption: S3StateStorage.Encryption? = bool("encrypt") ? (string("kms_key_id").map { .kms(keyID: $0) } ?? .s3Managed) : nil
        let storage = S3StateStorage(
            client: AWSClient(configuration: configuration), bucket: bucket,
            forcePathStyle: bool("use_path_style") || bool("force_path_style"), encryption: encryption)
        let backend = RemoteStateBackend(
            storage: storage, layout: RemoteStateLayout(key: key, workspaceKeyPrefix: prefix),
            usesLockObject: bool("use_lockfile"), workingDirectory: workingDirectory)
        return (backend, diagnostics)
    }
}
