import Foundation
import Provisioner
import ResourceGraph

/// `aws_cloudwatch_metric_alarm`: an alarm on one metric or on metric math. Import id: the
/// alarm name (which is also the id).
struct MetricAlarmResource: AWSResourceType {
    static let displayName = "CloudWatch Metric Alarm"
    static let typeName = "aws_cloudwatch_metric_alarm"

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "alarm_name": AttributeSchema(.string, .required, forceNew: true),
            "alarm_description": AttributeSchema(.string, .optional),
            "comparison_operator": AttributeSchema(.string, .required),
            "evaluation_periods": AttributeSchema(.number, .required),
            "datapoints_to_alarm": AttributeSchema(.number, .optional),
            "metric_name": AttributeSchema(.string, .optional),
            "namespace": AttributeSchema(.string, .optional),
            "period": AttributeSchema(.number, .optional),
            "statistic": AttributeSchema(.string, .optional),
            "extended_statistic": AttributeSchema(.string, .optional),
            "dimensions": AttributeSchema(.map(.string), .optional),
            "unit": AttributeSchema(.string, .optional),
            "threshold": AttributeSchema(.number, .optional),
            "threshold_metric_id": AttributeSchema(.string, .optional),
            "actions_enabled": AttributeSchema(.bool, .optional, default: .true),
            "alarm_actions": AttributeSchema(.set(.string), .optional),
            "ok_actions": AttributeSchema(.set(.string), .optional),
            "insufficient_data_actions": AttributeSchema(.set(.string), .optional),
            "treat_missing_data": AttributeSchema(.string, .optional, default: .string("missing")),
            "evaluate_low_sample_count_percentiles": AttributeSchema(.string, .optionalComputed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: ["metric_query": NestedBlockSchema(.set, MetricAlarmQueries.querySchema)]),
        version: 1)

    /// Terraform's CustomizeDiff and ConflictsWith checks, on what is known at plan time.
    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        let queries = configuration.objects("metric_query")
        for single in ["metric_name", "namespace", "period", "statistic", "extended_statistic", "dimensions"]
        where !queries.isEmpty && Self.isSet(configuration, single) {
            throw ProviderError("Conflicting configuration arguments", detail: "\"\(single)\": conflicts with metric_query")
        }
        if Self.isSet(configuration, "threshold"), Self.isSet(configuration, "threshold_metric_id") {
            throw ProviderError("Conflicting configuration arguments", detail: "\"threshold\": conflicts with threshold_metric_id")
        }
        let metricName = configuration[attribute: "metric_name"]
        if let metricName, metricName.isKnown, !metricName.isNull,
           configuration[attribute: "statistic"]?.isKnown ?? true, configuration[attribute: "extended_statistic"]?.isKnown ?? true,
           Self.isSet(configuration, "statistic") == Self.isSet(configuration, "extended_statistic") {
            throw ProviderError("Invalid metric alarm", detail: "One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm")
        }
        try MetricAlarmQueries.validate(queries)
        return PlannedChange(planned: AWSTags.planTagsAll(proposed, settings: settings))
    }

    private static func isSet(_ configuration: Value, _ name: String) -> Bool {
        guard let value = configuration[attribute: name] else { return false }
        return !value.isNull
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = planned.string("alarm_name") else {
            throw ProviderError("Creating CloudWatch Metric Alarm", detail: "alarm_name is not known.")
        }
        do {
            // PutMetricAlarm overwrites an alarm of the same name; the provider refuses instead.
            if try await Self.describe(name, in: context) != nil {
                throw ProviderError("Creating CloudWatch Metric Alarm (\(name))", detail: "CloudWatch metric alarm \"\(name)\" already exists", isAlreadyExists: true)
            }
            _ = try await CloudWatch.call("PutMetricAlarm", Self.putParameters(planned, tags: planned.stringMap("tags_all") ?? [:]), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating CloudWatch Metric Alarm (\(name))")
        }
        return try await readBack(planned.setting(["id": .string(name)]), in: context, after: "creating")
    }

    /// The whole alarm as PutMetricAlarm takes it (the call replaces every setting).
    static func putParameters(_ planned: Value, tags: [String: String]?) -> QueryParameters {
        var p = QueryParameters()
        p.set("AlarmName", planned.string("alarm_name"))
        p.set("ComparisonOperator", planned.string("comparison_operator"))
        p.set("EvaluationPeriods", planned.int("evaluation_periods"))
        p.set("TreatMissingData", planned.string("treat_missing_data") ?? "missing")
        p.set("ActionsEnabled", planned.bool("actions_enabled") ?? true)
        for (name, wire) in [("alarm_actions", "AlarmActions"), ("ok_actions", "OKActions"), ("insufficient_data_actions", "InsufficientDataActions")] {
            let actions = planned.stringList(name) ?? []
            if !actions.isEmpty { p.setList(wire, actions.sorted()) }
        }
        p.set("AlarmDescription", MetricAlarmQueries.nonEmpty(planned.string("alarm_description")))
        if let points = planned.int("datapoints_to_alarm"), points != 0 { p.set("DatapointsToAlarm", points) }
        let dimensions = planned.stringMap("dimensions") ?? [:]
        if !dimensions.isEmpty { p.setList("Dimensions", CloudWatch.dimensionParameters(dimensions)) }
        p.set("EvaluateLowSampleCountPercentile", MetricAlarmQueries.nonEmpty(planned.string("evaluate_low_sample_count_percentiles")))
        p.set("ExtendedStatistic", MetricAlarmQueries.nonEmpty(planned.string("extended_statistic")))
        p.set("MetricName", MetricAlarmQueries.nonEmpty(planned.string("metric_name")))
        let queries = MetricAlarmQueries.parameters(planned.objects("metric_query"))
        if !queries.isEmpty { p.setList("Metrics", queries) }
        p.set("Namespace", MetricAlarmQueries.nonEmpty(planned.string("namespace")))
        if let period = planned.int("period"), period != 0 { p.set("Period", period) }
        p.set("Statistic", MetricAlarmQueries.nonEmpty(planned.string("statistic")))
        if let metricID = MetricAlarmQueries.nonEmpty(planned.string("threshold_metric_id")) {
            p.set("ThresholdMetricId", metricID)
        } else {
            p.set("Threshold", planned[attribute: "threshold"]?.numberValue ?? .zero)
        }
        p.set("Unit", MetricAlarmQueries.nonEmpty(planned.string("unit")))
        if let tags, !tags.isEmpty { p.setTags("Tags", tags) }
        return p
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let name = current.string("id") ?? current.string("alarm_name") else { return nil }
        do {
            guard let alarm = try await Self.describe(name, in: context) else { return nil }
            let arn = alarm.string("AlarmArn") ?? ""
            let dimensions = CloudWatch.dimensions(alarm.child("Dimensions"))
            var attributes: [String: Value] = [
                "id": .string(name),
                "arn": .string(arn),
                "alarm_name": .string(alarm.string("AlarmName") ?? name),
                "alarm_description": .string(alarm.string("AlarmDescription")),
                "comparison_operator": .string(alarm.string("ComparisonOperator")),
                "evaluation_periods": .number(alarm.child("EvaluationPeriods")?.intValue),
                "datapoints_to_alarm": .number(alarm.child("DatapointsToAlarm")?.intValue),
                "metric_name": .string(alarm.string("MetricName")),
                "namespace": .string(alarm.string("Namespace")),
                "period": .number(alarm.child("Period")?.intValue),
                "statistic": .string(alarm.string("Statistic")),
                "extended_statistic": .string(alarm.string("ExtendedStatistic")),
                "dimensions": .stringMap(dimensions),
                "unit": .string(alarm.string("Unit")),
                "threshold": alarm.string("Threshold").flatMap { Number(parsing: $0) }.map(Value.number) ?? .null(.number),
                "threshold_metric_id": .string(alarm.string("ThresholdMetricId")),
                "actions_enabled": .bool(alarm.child("ActionsEnabled")?.boolValue ?? true),
                "alarm_actions": .stringSet(alarm.all("AlarmActions", "member").map(\.text)),
                "ok_actions": .stringSet(alarm.all("OKActions", "member").map(\.text)),
                "insufficient_data_actions": .stringSet(alarm.all("InsufficientDataActions", "member").map(\.text)),
                "treat_missing_data": .string(alarm.string("TreatMissingData") ?? "missing"),
                "evaluate_low_sample_count_percentiles": .string(alarm.string("EvaluateLowSampleCountPercentile") ?? ""),
                "metric_query": MetricAlarmQueries.read(alarm),
            ]
            let tags = arn.isEmpty ? [:] : try await CloudWatch.tags(arn: arn, in: context)
            attributes.merge(AWSTags.attributes(remote: tags, prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading CloudWatch Metric Alarm (\(name))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = prior.string("id") else { throw ProviderError("Updating CloudWatch Metric Alarm", detail: "the alarm has no name in state.") }
        let settingsChanged = schema.block.attributes.keys.contains { !["tags", "tags_all", "id", "arn"].contains($0) && PlanSuppression.changed($0, prior, planned) }
            || PlanSuppression.changed("metric_query", prior, planned)
        do {
            if settingsChanged {
                // Tags are managed by the tagging calls below; PutMetricAlarm ignores them on an
                // existing alarm.
                _ = try await CloudWatch.call("PutMetricAlarm", Self.putParameters(planned, tags: nil), in: context)
            }
            if let arn = prior.string("arn"), !arn.isEmpty {
                try await CloudWatch.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating CloudWatch Metric Alarm (\(name))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let name = current.string("id") else { return }
        var parameters = QueryParameters()
        parameters.setList("AlarmNames", [name])
        do {
            _ = try await CloudWatch.call("DeleteAlarms", parameters, in: context)
        } catch where CloudWatch.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting CloudWatch Metric Alarm (\(name))")
        }
    }

    /// The metric alarm of that name, or nil.
    static func describe(_ name: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("AlarmNames", [name])
        parameters.setList("AlarmTypes", ["MetricAlarm"])
        let response = try await CloudWatch.call("DescribeAlarms", parameters, in: context)
        return response.all("MetricAlarms", "member").first { $0.string("AlarmName") == name }
    }
}

// MARK: Reconciliation

extension MetricAlarmResource {
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "alarm_name") }
}
