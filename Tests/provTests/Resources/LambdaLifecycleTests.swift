import Foundation
import Testing
import TestSupport

/// aws_lambda_function, aws_lambda_permission and aws_lambda_event_source_mapping through their
/// whole life, checked against boto3's view.
///
/// The emulator wrongly refuses signed GET and DELETE requests to Lambda, so these tests use
/// the emulator that does not check signatures (prov still signs every request).
@Suite struct LambdaLifecycleTests {
    /// The unsigned emulator, told to run functions without Docker (test machines need not
    /// have it); the role Lambda assumes, made through boto3 (IAM types belong elsewhere).
    static func setUp(_ lifecycle: ResourceLifecycle, role name: String) throws -> String {
        try SecretRotationLifecycleTests.runLambdaWithoutDocker(lifecycle.server)
        let role = try lifecycle.oracle("iam", "create_role", [
            "RoleName": name,
            "AssumeRolePolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        ])
        if let arn = (role.response?["Role"] as? [String: Any])?["Arn"] as? String { return arn }
        // Another run of the same test in this emulator made it already.
        let existing = try lifecycle.oracle("iam", "get_role", ["RoleName": name])
        return try #require((existing.response?["Role"] as? [String: Any])?["Arn"] as? String)
    }

    /// Writes a deployment package (a zip holding `index.py` with `body`) into the workspace.
    static func writeZip(_ lifecycle: ResourceLifecycle, _ name: String, body: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestSupportFiles.python, "-c", """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as archive:
                archive.writestr("index.py", sys.argv[2])
            """, lifecycle.prov.directory + "/" + name, body]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestSupportError("could not write \(name)") }
    }

    /// The base64 SHA-256 of a workspace file, as Lambda reports CodeSha256.
    static func sha256(_ lifecycle: ResourceLifecycle, _ name: String) throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestSupportFiles.python, "-c", "import base64, hashlib, sys; print(base64.b64encode(hashlib.sha256(open(sys.argv[1], 'rb').read()).digest()).decode())", lifecycle.prov.directory + "/" + name]
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func functionConfiguration(name: String = "prov-fnlc-app", role: String, zip: String = "v1.zip", description: String = "first", memory: Int = 256, stage: String = "one", concurrency: Int = -1, team: String = "a") -> String {
        """
        resource "aws_lambda_function" "app" {
          function_name    = "\(name)"
          role             = "\(role)"
          handler          = "index.handler"
          runtime          = "python3.12"
          filename         = "\(zip)"
          source_code_hash = filebase64sha256("\(zip)")
          description      = "\(description)"
          memory_size      = \(memory)
          timeout          = 10
          publish          = true
          reserved_concurrent_executions = \(concurrency)
          environment {
            variables = {
              STAGE = "\(stage)"
            }
          }
          tags = { Team = "\(team)" }
        }
        """
    }

    static func function(_ lifecycle: ResourceLifecycle, _ name: String) throws -> [String: Any]? {
        try lifecycle.oracle("lambda", "get_function", ["FunctionName": name]).response
    }

    @Test func functionThroughItsLife() throws {
        let lifecycle = try ResourceLifecycle(enforceSignatures: false)
        let role = try Self.setUp(lifecycle, role: "prov-fnlc-function")
        try Self.writeZip(lifecycle, "v1.zip", body: "def handler(event, context):\n    return 1\n")
        try Self.writeZip(lifecycle, "v2.zip", body: "def handler(event, context):\n    return 2\n")
        try lifecycle.apply(Self.functionConfiguration(role: role))
        try lifecycle.expectNoChanges()
        let arn = try #require(try lifecycle.attribute("aws_lambda_function.app", "arn") as? String)
        #expect(arn == "arn:aws:lambda:eu-west-1:123456789012:function:prov-fnlc-app")
        #expect(try lifecycle.attribute("aws_lambda_function.app", "id") as? String == "prov-fnlc-app")
        #expect(try lifecycle.attribute("aws_lambda_function.app", "invoke_arn") as? String == "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/\(arn)/invocations")
        #expect(try lifecycle.attribute("aws_lambda_function.app", "version") as? String == "1")
        #expect(try lifecycle.attribute("aws_lambda_function.app", "qualified_arn") as? String == "\(arn):1")
        #expect(try lifecycle.attribute("aws_lambda_function.app", "qualified_invoke_arn") as? String == "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/\(arn):1/invocations")
        #expect(try lifecycle.attribute("aws_lambda_function.app", "code_sha256") as? String == (try Self.sha256(lifecycle, "v1.zip")))
        #expect(try lifecycle.attribute("aws_lambda_function.app", "reserved_concurrent_executions") as? Int == -1)
        #expect((try lifecycle.attribute("aws_lambda_function.app", "source_code_size") as? Int ?? 0) > 0)
        let created = try #require(try Self.function(lifecycle, "prov-fnlc-app"))
        let configuration = try #require(created["Configuration"] as? [String: Any])
        #expect(configuration["Handler"] as? String == "index.handler")
        #expect(configuration["Runtime"] as? String == "python3.12")
        #expect(configuration["MemorySize"] as? Int == 256)
        #expect(configuration["Timeout"] as? Int == 10)
        #expect(configuration["Role"] as? String == role)
        #expect((configuration["Environment"] as? [String: Any])?["Variables"] as? [String: String] == ["STAGE": "one"])
        #expect(configuration["CodeSha256"] as? String == (try Self.sha256(lifecycle, "v1.zip")))
        #expect(UserTags.of(created["Tags"] as? [String: String]) == ["Team": "a"])

        // In place: configuration, code (a new hash), concurrency and tags; publishing makes
        // version 2.
        try lifecycle.apply(Self.functionConfiguration(role: role, zip: "v2.zip", description: "second", memory: 512, stage: "two", concurrency: 5, team: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_lambda_function.app", "arn") as? String == arn)
        #expect(try lifecycle.attribute("aws_lambda_function.app", "version") as? String == "2")
        let updated = try #require(try Self.function(lifecycle, "prov-fnlc-app"))
        let updatedConfiguration = try #require(updated["Configuration"] as? [String: Any])
        #expect(updatedConfiguration["Description"] as? String == "second")
        #expect(updatedConfiguration["MemorySize"] as? Int == 512)
        #expect((updatedConfiguration["Environment"] as? [String: Any])?["Variables"] as? [String: String] == ["STAGE": "two"])
        #expect(updatedConfiguration["CodeSha256"] as? String == (try Self.sha256(lifecycle, "v2.zip")))
        #expect((updated["Concurrency"] as? [String: Int])?["ReservedConcurrentExecutions"] == 5)
        #expect(UserTags.of(updated["Tags"] as? [String: String]) == ["Team": "b"])

        // Unreserving concurrency deletes the setting.
        try lifecycle.apply(Self.functionConfiguration(role: role, zip: "v2.zip", description: "second", memory: 512, stage: "two", team: "b"))
        try lifecycle.expectNoChanges()
        #expect(try Self.function(lifecycle, "prov-fnlc-app")?["Concurrency"] == nil)

        // filename, source_code_hash and publish are the configuration's alone: importing
        // cannot know them, and applying them again updates the code.
        try lifecycle.reimport("aws_lambda_function.app", id: "prov-fnlc-app", configurationOnly: ["filename", "source_code_hash", "publish", "version", "qualified_arn", "qualified_invoke_arn", "last_modified", "code_sha256", "source_code_size"])

        // Replace: a new name is a new function; the old one goes.
        try lifecycle.apply(Self.functionConfiguration(name: "prov-fnlc-app-2", role: role, zip: "v2.zip", description: "second", memory: 512, stage: "two", team: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_lambda_function.app", "id") as? String == "prov-fnlc-app-2")
        #expect(try Self.function(lifecycle, "prov-fnlc-app") == nil)

        try lifecycle.destroy()
        #expect(try Self.function(lifecycle, "prov-fnlc-app-2") == nil)
    }

    static func permissionConfiguration(role: String, topic: String, statement: String = "AllowSNS", ruleARN: String) -> String {
        """
        resource "aws_lambda_function" "target" {
          function_name = "prov-fnlc-perm-fn"
          role          = "\(role)"
          handler       = "index.handler"
          runtime       = "python3.12"
          filename      = "v1.zip"
        }
        resource "aws_lambda_permission" "sns" {
          statement_id  = "\(statement)"
          action        = "lambda:InvokeFunction"
          function_name = aws_lambda_function.target.function_name
          principal     = "sns.amazonaws.com"
          source_arn    = "\(topic)"
        }
        resource "aws_lambda_permission" "events" {
          statement_id_prefix = "prov-fnlc-"
          action              = "lambda:InvokeFunction"
          function_name       = aws_lambda_function.target.arn
          principal           = "events.amazonaws.com"
          source_arn          = "\(ruleARN)"
        }
        """
    }

    static func statements(_ lifecycle: ResourceLifecycle, _ function: String) throws -> [[String: Any]] {
        guard let text = try lifecycle.oracle("lambda", "get_policy", ["FunctionName": function]).response?["Policy"] as? String,
              let policy = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [] }
        return policy["Statement"] as? [[String: Any]] ?? []
    }

    @Test func permissionsThroughTheirLife() throws {
        let lifecycle = try ResourceLifecycle(enforceSignatures: false)
        let role = try Self.setUp(lifecycle, role: "prov-fnlc-permission")
        try Self.writeZip(lifecycle, "v1.zip", body: "def handler(event, context):\n    return 1\n")
        let topic = "arn:aws:sns:eu-west-1:123456789012:prov-fnlc-topic"
        let rule = "arn:aws:events:eu-west-1:123456789012:rule/prov-fnlc-rule"
        try lifecycle.apply(Self.permissionConfiguration(role: role, topic: topic, ruleARN: rule))
        try lifecycle.expectNoChanges()
        let functionARN = try #require(try lifecycle.attribute("aws_lambda_function.target", "arn") as? String)
        #expect(try lifecycle.attribute("aws_lambda_permission.sns", "id") as? String == "AllowSNS")
        #expect(try lifecycle.attribute("aws_lambda_permission.sns", "function_name") as? String == "prov-fnlc-perm-fn")
        let generated = try #require(try lifecycle.attribute("aws_lambda_permission.events", "statement_id") as? String)
        #expect(generated.hasPrefix("prov-fnlc-"))
        #expect(try lifecycle.attribute("aws_lambda_permission.events", "function_name") as? String == functionARN)
        var statements = try Self.statements(lifecycle, "prov-fnlc-perm-fn")
        let sns = try #require(statements.first { $0["Sid"] as? String == "AllowSNS" })
        #expect(sns["Action"] as? String == "lambda:InvokeFunction")
        #expect((sns["Principal"] as? [String: String])?["Service"] == "sns.amazonaws.com")
        #expect(((sns["Condition"] as? [String: Any])?["ArnLike"] as? [String: String])?["AWS:SourceArn"] == topic)
        #expect(statements.contains { $0["Sid"] as? String == generated })

        try lifecycle.reimport("aws_lambda_permission.sns", id: "prov-fnlc-perm-fn/AllowSNS")
        try lifecycle.reimport("aws_lambda_permission.events", id: "\(functionARN)/\(generated)")

        // Every argument forces a new permission: a new statement id replaces the statement.
        try lifecycle.apply(Self.permissionConfiguration(role: role, topic: topic, statement: "AllowTopic", ruleARN: rule))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_lambda_permission.sns", "id") as? String == "AllowTopic")
        statements = try Self.statements(lifecycle, "prov-fnlc-perm-fn")
        #expect(statements.contains { $0["Sid"] as? String == "AllowTopic" })
        #expect(!statements.contains { $0["Sid"] as? String == "AllowSNS" })

        // Removing a permission takes its statement out of the policy.
        try lifecycle.apply(Self.permissionConfiguration(role: role, topic: topic, statement: "AllowTopic", ruleARN: rule).components(separatedBy: "resource \"aws_lambda_permission\" \"events\"")[0])
        #expect(!(try Self.statements(lifecycle, "prov-fnlc-perm-fn")).contains { $0["Sid"] as? String == generated })

        try lifecycle.destroy()
        #expect(try Self.function(lifecycle, "prov-fnlc-perm-fn") == nil)
    }

    static func mappingConfiguration(role: String, queue: String, batch: Int = 5, enabled: Bool = true, kind: String = "a", team: String = "a") -> String {
        """
        resource "aws_lambda_function" "consumer" {
          function_name = "prov-fnlc-consumer"
          role          = "\(role)"
          handler       = "index.handler"
          runtime       = "python3.12"
          filename      = "v1.zip"
        }
        resource "aws_lambda_event_source_mapping" "queue" {
          event_source_arn                   = "\(queue)"
          function_name                      = aws_lambda_function.consumer.function_name
          batch_size                         = \(batch)
          enabled                            = \(enabled)
          maximum_batching_window_in_seconds = 10
          filter_criteria {
            filter {
              pattern = jsonencode({ body = { kind = ["\(kind)"] } })
            }
          }
          scaling_config {
            maximum_concurrency = 5
          }
          tags = { Team = "\(team)" }
        }
        """
    }

    static func mapping(_ lifecycle: ResourceLifecycle, _ uuid: String) throws -> [String: Any]? {
        try lifecycle.oracle("lambda", "get_event_source_mapping", ["UUID": uuid]).response
    }

    @Test func eventSourceMappingThroughItsLife() throws {
        let lifecycle = try ResourceLifecycle(enforceSignatures: false)
        let role = try Self.setUp(lifecycle, role: "prov-fnlc-mapping")
        try Self.writeZip(lifecycle, "v1.zip", body: "def handler(event, context):\n    return 1\n")
        var queues: [String] = []
        for name in ["prov-fnlc-esm-one", "prov-fnlc-esm-two"] {
            let url = try #require(try lifecycle.oracle("sqs", "create_queue", ["QueueName": name]).response?["QueueUrl"] as? String)
            let attributes = try lifecycle.oracle("sqs", "get_queue_attributes", ["QueueUrl": url, "AttributeNames": ["QueueArn"]])
            queues.append(try #require((attributes.response?["Attributes"] as? [String: String])?["QueueArn"]))
        }
        try lifecycle.apply(Self.mappingConfiguration(role: role, queue: queues[0]))
        try lifecycle.expectNoChanges()
        let uuid = try #require(try lifecycle.attribute("aws_lambda_event_source_mapping.queue", "uuid") as? String)
        let functionARN = try #require(try lifecycle.attribute("aws_lambda_function.consumer", "arn") as? String)
        #expect(try lifecycle.attribute("aws_lambda_event_source_mapping.queue", "id") as? String == uuid)
        #expect(try lifecycle.attribute("aws_lambda_event_source_mapping.queue", "function_arn") as? String == functionARN)
        #expect(try lifecycle.attribute("aws_lambda_event_source_mapping.queue", "state") as? String == "Enabled")
        let modified = try #require(try lifecycle.attribute("aws_lambda_event_source_mapping.queue", "last_modified") as? String)
        #expect(modified.hasSuffix("Z") && modified.count == 20)
        let created = try #require(try Self.mapping(lifecycle, uuid))
        #expect(created["BatchSize"] as? Int == 5)
        #expect(created["EventSourceArn"] as? String == queues[0])
        #expect(created["FunctionArn"] as? String == functionARN)
        #expect(created["MaximumBatchingWindowInSeconds"] as? Int == 10)
        #expect((created["ScalingConfig"] as? [String: Int])?["MaximumConcurrency"] == 5)
        let filters = (created["FilterCriteria"] as? [String: Any])?["Filters"] as? [[String: String]]
        #expect(filters?.first?["Pattern"] == #"{"body":{"kind":["a"]}}"#)
        let arn = try #require(created["EventSourceMappingArn"] as? String)
        #expect(try UserTags.of(lifecycle.oracle("lambda", "list_tags", ["Resource": arn]).response?["Tags"] as? [String: String]) == ["Team": "a"])

        // In place: batch size, enabled, filter and tags.
        try lifecycle.apply(Self.mappingConfiguration(role: role, queue: queues[0], batch: 8, enabled: false, kind: "b", team: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_lambda_event_source_mapping.queue", "uuid") as? String == uuid)
        let updated = try #require(try Self.mapping(lifecycle, uuid))
        #expect(updated["BatchSize"] as? Int == 8)
        #expect(updated["State"] as? String == "Disabled")
        #expect(((updated["FilterCriteria"] as? [String: Any])?["Filters"] as? [[String: String]])?.first?["Pattern"] == #"{"body":{"kind":["b"]}}"#)
        #expect(try UserTags.of(lifecycle.oracle("lambda", "list_tags", ["Resource": arn]).response?["Tags"] as? [String: String]) == ["Team": "b"])

        try lifecycle.reimport("aws_lambda_event_source_mapping.queue", id: uuid)

        // Replace: another queue is another mapping.
        try lifecycle.apply(Self.mappingConfiguration(role: role, queue: queues[1], batch: 8, enabled: false, kind: "b", team: "b"))
        try lifecycle.expectNoChanges()
        let replaced = try #require(try lifecycle.attribute("aws_lambda_event_source_mapping.queue", "uuid") as? String)
        #expect(replaced != uuid)
        #expect(try Self.mapping(lifecycle, uuid) == nil)
        #expect(try Self.mapping(lifecycle, replaced)?["EventSourceArn"] as? String == queues[1])

        try lifecycle.destroy()
        #expect(try Self.mapping(lifecycle, replaced) == nil)
    }
}
