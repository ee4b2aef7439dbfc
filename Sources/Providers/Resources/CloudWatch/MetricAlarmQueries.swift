import Foundation
import Provisioner
import ResourceGraph

/// The `metric_query` blocks of `aws_cloudwatch_metric_alarm` (metric math and cross-account
/// metrics): their schema, their `Metrics.member.N` request form, and their reading back.
enum MetricAlarmQueries {
    static let metricSchema = BlockSchema(attributes: [
        "dimensions": AttributeSchema(.map(.string), .optional),
        "metric_name": AttributeSchema(.string, .required),
        "namespace": AttributeSchema(.string, .optional),
        "period": AttributeSchema(.number, .required),
        "stat": AttributeSchema(.string, .required),
        "unit": AttributeSchema(.string, .optional),
    ])

    static let querySchema = BlockSchema(
        attributes: [
            "account_id": AttributeSchema(.string, .optional),
            "expression": AttributeSchema(.string, .optional),
            "id": AttributeSchema(.string, .required),
            "label": AttributeSchema(.string, .optional),
            "period": AttributeSchema(.number, .optional),
            "return_data": AttributeSchema(.bool, .optional, default: .false),
        ],
        blocks: ["metric": NestedBlockSchema(.list, metricSchema, maxItems: 1)])

    /// The queries as PutMetricAlarm takes them; queries without an id are left out, as the
    /// provider leaves them out.
    static func parameters(_ queries: [Value]) -> [QueryParameters] {
        queries.compactMap { query in
            guard let id = query.string("id"), !id.isEmpty else { return nil }
            return QueryParameters { p in
                p.set("Id", id)
                p.set("AccountId", nonEmpty(query.string("account_id")))
                p.set("Expression", nonEmpty(query.string("expression")))
                p.set("Label", nonEmpty(query.string("label")))
                p.set("ReturnData", query.bool("return_data") ?? false)
                if let metric = query.objects("metric").first { p.set("MetricStat", metricStat(metric)) }
                if let period = query.int("period"), period != 0 { p.set("Period", period) }
            }
        }
    }

    private static func metricStat(_ metric: Value) -> QueryParameters {
        QueryParameters { stat in
            stat.set("Metric", QueryParameters { m in
                m.set("MetricName", metric.string("metric_name") ?? "")
                m.set("Namespace", nonEmpty(metric.string("namespace")))
                let dimensions = metric.stringMap("dimensions") ?? [:]
                if !dimensions.isEmpty { m.setList("Dimensions", CloudWatch.dimensionParameters(dimensions)) }
            })
            stat.set("Period", metric.int("period") ?? 0)
            stat.set("Stat", metric.string("stat") ?? "")
            stat.set("Unit", nonEmpty(metric.string("unit")))
        }
    }

    /// The queries an alarm reports, shaped as the configuration writes them (absent values
    /// null), so that the set compares element by element.
    static func read(_ alarm: XMLNode) -> Value {
        let queries = alarm.all("Metrics", "member").map { member -> Value in
            var metric: [Value] = []
            if let stat = member.child("MetricStat") {
                let dimensions = CloudWatch.dimensions(stat.path("Metric", "Dimensions"))
                metric = [.object([
                    "dimensions": dimensions.isEmpty ? .null(.map(.string)) : .stringMap(dimensions),
                    "metric_name": .string(stat.string("Metric", "MetricName") ?? ""),
                    "namespace": .string(nonEmpty(stat.string("Metric", "Namespace"))),
                    "period": .number(stat.child("Period")?.intValue ?? 0),
                    "stat": .string(stat.string("Stat") ?? ""),
                    "unit": .string(nonEmpty(stat.string("Unit"))),
                ])]
            }
            return .object([
                "account_id": .string(nonEmpty(member.string("AccountId"))),
                "expression": .string(nonEmpty(member.string("Expression"))),
                "id": .string(member.string("Id") ?? ""),
                "label": .string(nonEmpty(member.string("Label"))),
                "period": .number(member.child("Period")?.intValue),
                "return_data": .bool(member.child("ReturnData")?.boolValue ?? false),
                "metric": .list(metric, of: metricSchema.valueType),
            ])
        }
        return .set(queries, of: querySchema.valueType)
    }

    /// Terraform's check that no query has both an expression and a metric.
    static func validate(_ queries: [Value]) throws {
        for query in queries {
            if let expression = query.string("expression"), !expression.isEmpty, !query.objects("metric").isEmpty {
                throw ProviderError("Invalid metric_query", detail: "No metric_query may have both `expression` and a `metric` specified")
            }
        }
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
