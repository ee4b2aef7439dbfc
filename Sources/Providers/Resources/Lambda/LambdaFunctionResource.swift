import Foundation
import Provisioner
import ResourceGraph

/// `aws_lambda_function`: a Lambda function, its code and configuration, and (with `publish`)
/// its published versions. Import id: the function name (which is also the id).
struct LambdaFunctionResource: AWSResourceType {
    static let displayName = "Lambda Function"
    static let typeName = "aws_lambda_function"
    static let defaultTimeout = Duration.seconds(600)

    let schema = ResourceTypeSchema(block: LambdaFunctionSchema.block)

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        try Self.validate(configuration)
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        // AWS always reports these settings: leaving the blocks out keeps what it has.
        for block in ["ephemeral_storage", "logging_config", "tracing_config"] {
            planned = PlanSuppression.keepPriorBlockWhenUnconfigured(block, in: planned, prior: prior, configuration: configuration)
        }
        guard let prior else { return PlannedChange(planned: planned) }
        // Unset arguments keep the empty values AWS reports (no layers, no signing config).
        planned = PlannedValues.keepingEquivalentPrior(planned, prior: prior, Array(schema.block.attributes.keys) + Array(schema.block.blocks.keys))
        planned = Self.suppressEmptyBlocks(planned, prior: prior)
        planned = Self.keepUnspecifiedLogLevels(planned, prior: prior)
        let codeChanged = LambdaFunctionSchema.codeAttributes.contains { PlanSuppression.changed($0, prior, planned) }
        let configurationChanged = LambdaFunctionSchema.configurationAttributes.contains { $0 != "vpc_config" && PlanSuppression.changed($0, prior, planned) }
            || LambdaFunctionRequests.vpcChanged(prior: prior, planned: planned)
        var unknown: [String] = []
        if codeChanged {
            unknown += ["last_modified", "source_code_size"]
            if configuration[attribute: "code_sha256"]?.isNull ?? true { unknown.append("code_sha256") }
        }
        if configurationChanged { unknown.append("last_modified") }
        if planned.bool("publish") == true, codeChanged || configurationChanged || PlanSuppression.changed("publish", prior, planned) {
            unknown += ["version", "qualified_arn", "qualified_invoke_arn"]
        }
        for name in unknown { planned = planned.setting([name: .unknown(schema.block.attributes[name]!.type)]) }
        return PlannedChange(planned: planned)
    }

    /// Terraform's ExactlyOneOf, RequiredWith and CustomizeDiff checks, on known values.
    static func validate(_ configuration: Value) throws {
        func state(_ name: String) -> Bool? {
            guard let value = configuration[attribute: name] else { return false }
            return value.isKnown ? !value.isNull : nil
        }
        let sources = ["filename", "image_uri", "s3_bucket"]
        let known = sources.map(state)
        if !known.contains(where: { $0 == nil }) {
            let set = zip(sources, known).filter { $0.1 == true }.map(\.0)
            if set.count != 1 {
                throw ProviderError("Invalid combination of arguments", detail: "\"filename\": \(set.isEmpty ? "one" : "only one") of `filename,image_uri,s3_bucket` must be specified")
            }
        }
        if state("s3_bucket") == true, state("s3_key") == false {
            throw ProviderError("Missing required argument", detail: "\"s3_bucket\": all of `s3_bucket,s3_key` must be specified")
        }
        if state("s3_key") == true, state("s3_bucket") == false {
            throw ProviderError("Missing required argument", detail: "\"s3_key\": all of `s3_bucket,s3_key` must be specified")
        }
        if state("s3_object_version") == true, state("filename") == true || state("image_uri") == true {
            throw ProviderError("Conflicting configuration arguments", detail: "\"s3_object_version\": conflicts with filename and image_uri")
        }
        let packageType = configuration[attribute: "package_type"]
        let isZip = packageType.map { $0.isKnown && ($0.isNull || $0.stringValue == "Zip") } ?? true
        if isZip, state("handler") == false || state("runtime") == false {
            throw ProviderError("Invalid function configuration", detail: "handler and runtime must be set when PackageType is Zip")
        }
    }

    /// An `environment` block without variables, or a `vpc_config` without subnets and
    /// security groups, means what AWS reports as none: no change, as the provider suppresses.
    private static func suppressEmptyBlocks(_ planned: Value, prior: Value) -> Value {
        var changes: [String: Value] = [:]
        if prior.objects("environment").isEmpty, let environment = planned.objects("environment").first, planned.objects("environment").count == 1,
           (environment.stringMap("variables") ?? [:]).isEmpty {
            changes["environment"] = prior[attribute: "environment"]
        }
        if prior.objects("vpc_config").isEmpty, let vpc = planned.objects("vpc_config").first,
           (vpc.stringList("subnet_ids") ?? []).isEmpty, (vpc.stringList("security_group_ids") ?? []).isEmpty, vpc.bool("ipv6_allowed_for_dual_stack") != true {
            changes["vpc_config"] = prior[attribute: "vpc_config"]
        }
        return changes.isEmpty ? planned : planned.setting(changes)
    }

    /// Log levels left unset keep what AWS applied, unless the log format changes.
    private static func keepUnspecifiedLogLevels(_ planned: Value, prior: Value) -> Value {
        guard var logging = planned.objects("logging_config").first, let before = prior.objects("logging_config").first,
              !PlanSuppression.changed("log_format", before, logging) else { return planned }
        for level in ["application_log_level", "system_log_level"] where (logging.string(level) ?? "").isEmpty && !(before.string(level) ?? "").isEmpty {
            logging = logging.setting([level: before[attribute: level] ?? .string("")])
        }
        return planned.setting(["logging_config": .list([logging], of: LambdaFunctionSchema.loggingConfig.valueType)])
    }

    // MARK: Create

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = planned.string("function_name") else { throw ProviderError("Creating Lambda Function", detail: "function_name is not known.") }
        let body: [String: Value]
        do {
            body = try LambdaFunctionRequests.create(planned, name: name)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Lambda Function (\(name))")
        }
        do {
            // The role may be days old to IAM and seconds old to Lambda: the create is retried
            // while Lambda cannot assume it yet.
            try await Lambda.retrying("Lambda to be able to assume the function's role", in: context, while: Lambda.isPropagationFailure) {
                try await Lambda.call("CreateFunction", "POST", "/2015-03-31/functions", body: .object(body), idempotent: false, in: context)
            }
        } catch let error as AWSError where error.code == "ResourceConflictException" && error.message.contains("already exist") {
            throw ProviderError("Creating Lambda Function (\(name))", detail: "\(error)", isAlreadyExists: true)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Lambda Function (\(name))")
        }
        let partial = planned.setting(["id": .string(name)])
        do {
            try await Self.waitUntilActive(name, timeout: Timeouts.duration(planned, "create", default: Self.defaultTimeout), in: context)
            if let reserved = planned.int("reserved_concurrent_executions"), reserved >= 0 {
                try await Self.putConcurrency(name, reserved, in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for Lambda Function (\(name)) create", partialObject: partial)
        }
    }

    // MARK: Read

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let name = current.string("id") ?? current.string("function_name") else { return nil }
        do {
            guard let function = try await Self.getFunction(name, in: context) else { return nil }
            let latest = try await Self.latestVersion(name, in: context)
            var signingConfig: String?
            let packageType = function[attribute: "Configuration"]?.string("PackageType") ?? "Zip"
            if context.partition == "aws", Self.signerRegions.contains(context.region), packageType == "Zip" {
                let response = try await Lambda.call("GetFunctionCodeSigningConfig", "GET", Lambda.functionPath(name, "/code-signing-config", version: "2020-06-30"), in: context)
                signingConfig = response.string("CodeSigningConfigArn") ?? ""
            }
            return .object(LambdaFunctionAttributes.attributes(function: function, latest: latest, codeSigningConfigARN: signingConfig, current: current, in: context))
        } catch where Lambda.isNotFound(error) {
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Lambda Function (\(name))")
        }
    }

    /// The regions AWS Signer (and so code signing of functions) is available in, where the
    /// provider reads a function's code signing configuration.
    static let signerRegions: Set<String> = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-south-1", "ap-northeast-2",
        "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
        "eu-south-1", "eu-west-3", "eu-north-1", "me-south-1", "sa-east-1",
    ]

    /// GetFunction's answer, or nil when there is no such function.
    static func getFunction(_ name: String, in context: AWSContext) async throws -> Value? {
        do {
            return try await Lambda.call("GetFunction", "GET", Lambda.functionPath(name), in: context)
        } catch where Lambda.isNotFound(error) {
            return nil
        }
    }

    /// The newest entry of ListVersionsByFunction (versions come oldest first, `$LATEST`
    /// before any published one).
    static func latestVersion(_ name: String, in context: AWSContext) async throws -> Value? {
        var latest: Value?
        try await AWSClient.forEachPage(fetch: { marker in
            var query: [(name: String, value: String)] = [("MaxItems", "10000")]
            if let marker { query.append(("Marker", marker)) }
            let page = try await Lambda.call("ListVersionsByFunction", "GET", Lambda.functionPath(name, "/versions"), query: query, in: context)
            return (page, page.string("NextMarker"))
        }) { page in
            if let last = page.objects("Versions").last { latest = last }
        }
        return latest
    }

    // MARK: Update

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = prior.string("id") else { throw ProviderError("Updating Lambda Function", detail: "the function has no name in state.") }
        let timeout = Timeouts.duration(planned, "update", default: Self.defaultTimeout)
        let configurationChanged = LambdaFunctionSchema.configurationAttributes.contains { $0 != "vpc_config" && PlanSuppression.changed($0, prior, planned) }
            || LambdaFunctionRequests.vpcChanged(prior: prior, planned: planned)
        let codeChanged = LambdaFunctionSchema.codeAttributes.contains { PlanSuppression.changed($0, prior, planned) }
        do {
            if PlanSuppression.changed("code_signing_config_arn", prior, planned) {
                let path = Lambda.functionPath(name, "/code-signing-config", version: "2020-06-30")
                if let config = planned.string("code_signing_config_arn"), !config.isEmpty {
                    try await Lambda.call("PutFunctionCodeSigningConfig", "PUT", path, body: .object(["CodeSigningConfigArn": .string(config)]), in: context)
                } else {
                    try await Lambda.call("DeleteFunctionCodeSigningConfig", "DELETE", path, in: context)
                }
            }
            if configurationChanged {
                let body = LambdaFunctionRequests.configurationUpdate(prior: prior, planned: planned)
                try await Self.updateConfiguration(name, body, timeout: timeout, in: context)
            }
            if codeChanged {
                let body = try LambdaFunctionRequests.codeUpdate(prior: prior, planned: planned)
                try await Lambda.call("UpdateFunctionCode", "PUT", Lambda.functionPath(name, "/code"), body: .object(body), in: context)
                try await Self.waitUntilUpdated(name, timeout: timeout, in: context)
            }
            if PlanSuppression.changed("reserved_concurrent_executions", prior, planned) {
                if let reserved = planned.int("reserved_concurrent_executions"), reserved >= 0 {
                    try await Self.putConcurrency(name, reserved, in: context)
                } else {
                    try await Lambda.call("DeleteFunctionConcurrency", "DELETE", Lambda.functionPath(name, "/concurrency", version: "2017-10-31"), in: context)
                }
            }
            if planned.bool("publish") == true, codeChanged || configurationChanged || PlanSuppression.changed("publish", prior, planned) {
                try await Self.publishVersion(name, timeout: timeout, in: context)
            }
            if let arn = prior.string("arn"), !arn.isEmpty {
                try await Lambda.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating Lambda Function (\(name))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// UpdateFunctionConfiguration (retried like the create), then waiting for it to apply.
    static func updateConfiguration(_ name: String, _ body: [String: Value], timeout: Duration, in context: AWSContext) async throws {
        try await Lambda.retrying("Lambda to accept the configuration", in: context, while: { Lambda.isPropagationFailure($0) || $0.code == "ResourceConflictException" }) {
            try await Lambda.call("UpdateFunctionConfiguration", "PUT", Lambda.functionPath(name, "/configuration"), body: .object(body), in: context)
        }
        try await waitUntilUpdated(name, timeout: timeout, in: context)
    }

    static func putConcurrency(_ name: String, _ reserved: Int, in context: AWSContext) async throws {
        try await Lambda.call("PutFunctionConcurrency", "PUT", Lambda.functionPath(name, "/concurrency", version: "2017-10-31"),
                              body: .object(["ReservedConcurrentExecutions": .number(reserved)]), in: context)
    }

    /// PublishVersion, retried while an update is still in progress, then waiting for the new
    /// version to be ready.
    static func publishVersion(_ name: String, timeout: Duration, in context: AWSContext) async throws {
        let published = try await Lambda.retrying("the function to be ready to publish", in: context, while: { $0.code == "ResourceConflictException" && $0.message.contains("in progress") }) {
            // Publishing again without a change returns the same version, so a repeat is safe.
            try await Lambda.call("PublishVersion", "POST", Lambda.functionPath(name, "/versions"), body: .emptyObject, idempotent: true, in: context)
        }
        guard let version = published.string("Version") else { return }
        try await wait(for: "Lambda Function \(name) version \(version) to be ready", timeout: timeout, in: context) {
            let configuration = try await Lambda.call("GetFunctionConfiguration", "GET", Lambda.functionPath(name, "/configuration"), query: [("Qualifier", version)], in: context)
            return updateStatus(configuration)
        }
    }

    // MARK: Delete

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let name = current.string("id") else { return }
        if current.bool("skip_destroy") == true {
            context.progress("retaining the function (skip_destroy)")
            return
        }
        let timeout = Timeouts.duration(current, "delete", default: Self.defaultTimeout)
        do {
            if current.bool("replace_security_groups_on_destroy") == true {
                try await replaceSecurityGroups(current, name: name, timeout: timeout, in: context)
            }
            try await Lambda.retrying("the replicas of the function to be deleted", timeout: timeout, in: context, while: {
                $0.code == "InvalidParameterValueException" && $0.message.contains("because it is a replicated function")
            }) {
                try await Lambda.call("DeleteFunction", "DELETE", Lambda.functionPath(name), in: context)
            }
        } catch where Lambda.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting Lambda Function (\(name))")
        }
        do {
            try await Self.wait(for: "Lambda Function \(name) to be deleted", timeout: timeout, in: context) {
                try await Self.getFunction(name, in: context) == nil ? .done(()) : .pending("it still exists")
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for Lambda Function (\(name)) delete")
        }
    }

    /// Moves the function onto other security groups (the configured replacements, or the
    /// VPC's default group) before it goes, so that the network interfaces Lambda leaves
    /// behind for a while do not hold the function's own groups.
    private func replaceSecurityGroups(_ current: Value, name: String, timeout: Duration, in context: AWSContext) async throws {
        guard let vpc = current.objects("vpc_config").first, !(vpc.stringList("security_group_ids") ?? []).isEmpty else { return }
        var replacements = current.stringList("replacement_security_group_ids") ?? []
        if replacements.isEmpty {
            var parameters = QueryParameters()
            parameters.setList("Filter", [EC2.filter("group-name", ["default"]), EC2.filter("vpc-id", [vpc.string("vpc_id") ?? ""])])
            let response = try await context.client.query(.ec2, action: "DescribeSecurityGroups", parameters: parameters)
            guard let group = response.all("securityGroupInfo", "item").first?.string("groupId") else {
                throw ProviderError("Deleting Lambda Function (\(name))", detail: "finding VPC (\(vpc.string("vpc_id") ?? "")) default security group: none found.")
            }
            replacements = [group]
        }
        try await Self.updateConfiguration(name, ["VpcConfig": .object(["SecurityGroupIds": .tuple(replacements.sorted().map(Value.string))])], timeout: timeout, in: context)
    }

    // MARK: Waiting

    /// Waits for a new function to leave Pending: Active (or ActiveNonInvocable) is ready,
    /// Failed or Inactive is a failure that gives AWS's reason.
    static func waitUntilActive(_ name: String, timeout: Duration, in context: AWSContext) async throws {
        try await wait(for: "Lambda Function \(name) to become active", timeout: timeout, in: context) {
            guard let configuration = try await getFunction(name, in: context)?[attribute: "Configuration"] else { return .pending("not visible yet") }
            switch configuration.string("State") ?? "" {
            case "Active", "ActiveNonInvocable": return .done(())
            case "Pending", "": return .pending("state is \(configuration.string("State") ?? "unknown")")
            case let state: return .failed("state is \(state): \(configuration.string("StateReasonCode") ?? ""): \(configuration.string("StateReason") ?? "")")
            }
        }
    }

    /// Waits for the last update of `$LATEST` to finish.
    static func waitUntilUpdated(_ name: String, timeout: Duration, in context: AWSContext) async throws {
        try await wait(for: "Lambda Function \(name) update to finish", timeout: timeout, in: context) {
            guard let configuration = try await getFunction(name, in: context)?[attribute: "Configuration"] else {
                return .failed("the function no longer exists")
            }
            return updateStatus(configuration)
        }
    }

    /// A configuration's LastUpdateStatus as a wait status; none reported counts as in
    /// progress, as the SDK's waiter counts it.
    static func updateStatus(_ configuration: Value) -> WaitStatus<Void> {
        switch configuration.string("LastUpdateStatus") ?? "InProgress" {
        case "Successful": return .done(())
        case "InProgress": return .pending("last update is in progress")
        case let status: return .failed("last update is \(status): \(configuration.string("LastUpdateStatusReasonCode") ?? ""): \(configuration.string("LastUpdateStatusReason") ?? "")")
        }
    }

    static func wait(for what: String, timeout: Duration, in context: AWSContext, poll: () async throws -> WaitStatus<Void>) async throws {
        let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(5), clock: context.client.configuration.clock)
        try await waiter.wait(for: what, progress: { context.progress("waiting: \($0.status)") }, poll: poll)
    }
}

// MARK: Reconciliation

extension LambdaFunctionResource {
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "function_name") }
}
