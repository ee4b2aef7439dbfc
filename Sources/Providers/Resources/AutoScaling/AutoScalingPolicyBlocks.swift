import Foundation
import Provisioner
import ResourceGraph

/// The nested blocks of `aws_autoscaling_policy`: step adjustments and target tracking, as
/// PutScalingPolicy takes them and DescribePolicies reports them.
enum AutoScalingPolicyBlocks {
    static let stepAdjustmentSchema = BlockSchema(attributes: [
        "metric_interval_lower_bound": AttributeSchema(.string, .optional),
        "metric_interval_upper_bound": AttributeSchema(.string, .optional),
        "scaling_adjustment": AttributeSchema(.number, .required),
    ])
    static let predefinedMetricSchema = BlockSchema(attributes: [
        "predefined_metric_type": AttributeSchema(.string, .required),
        "resource_label": AttributeSchema(.string, .optional),
    ])
    static let metricDimensionSchema = BlockSchema(attributes: [
        "name": AttributeSchema(.string, .required),
        "value": AttributeSchema(.string, .required),
    ])
    /// Metric math queries (`metrics`) are declared with their shape but not implemented.
    static let metricsSchema = UnsupportedBlocks.marking(BlockSchema(
        attributes: [
            "expression": AttributeSchema(.string, .optional),
            "id": AttributeSchema(.string, .required),
            "label": AttributeSchema(.string, .optional),
            "return_data": AttributeSchema(.bool, .optional),
        ],
        blocks: ["metric_stat": NestedBlockSchema(.list, BlockSchema(
            attributes: [
                "period": AttributeSchema(.number, .optional),
                "stat": AttributeSchema(.string, .required),
                "unit": AttributeSchema(.string, .optional),
            ],
            blocks: ["metric": NestedBlockSchema(.list, BlockSchema(
                attributes: [
                    "metric_name": AttributeSchema(.string, .required),
                    "namespace": AttributeSchema(.string, .required),
                ],
                blocks: ["dimensions": NestedBlockSchema(.set, metricDimensionSchema)]), minItems: 1, maxItems: 1)]),
            maxItems: 1)]),
        reason: "metric math in customized metric specifications is not implemented yet")
    static let customizedMetricSchema = BlockSchema(
        attributes: [
            "metric_name": AttributeSchema(.string, .optional),
            "namespace": AttributeSchema(.string, .optional),
            "period": AttributeSchema(.number, .optional, unsupported: "metric periods are not implemented yet"),
            "statistic": AttributeSchema(.string, .optional),
            "unit": AttributeSchema(.string, .optional),
        ],
        blocks: [
            "metric_dimension": NestedBlockSchema(.list, metricDimensionSchema),
            "metrics": NestedBlockSchema(.set, metricsSchema),
        ])
    static let targetTrackingSchema = BlockSchema(
        attributes: [
            "target_value": AttributeSchema(.number, .required),
            "disable_scale_in": AttributeSchema(.bool, .optional, default: .false),
        ],
        blocks: [
            "predefined_metric_specification": NestedBlockSchema(.list, predefinedMetricSchema, maxItems: 1),
            "customized_metric_specification": NestedBlockSchema(.list, customizedMetricSchema, maxItems: 1),
        ])

    /// Predictive scaling, with its shape, not implemented yet.
    static let predictiveScalingSchema: BlockSchema = {
        let predefined = BlockSchema(attributes: [
            "predefined_metric_type": AttributeSchema(.string, .required),
            "resource_label": AttributeSchema(.string, .optional),
        ])
        let customized = BlockSchema(blocks: ["metric_data_queries": NestedBlockSchema(.list, metricsSchema, minItems: 1, maxItems: 10)])
        return UnsupportedBlocks.marking(BlockSchema(
            attributes: [
                "max_capacity_breach_behavior": AttributeSchema(.string, .optional),
                "max_capacity_buffer": AttributeSchema(.string, .optional),
                "mode": AttributeSchema(.string, .optional),
                "scheduling_buffer_time": AttributeSchema(.string, .optional),
            ],
            blocks: ["metric_specification": NestedBlockSchema(.list, BlockSchema(
                attributes: ["target_value": AttributeSchema(.number, .required)],
                blocks: [
                    "customized_capacity_metric_specification": NestedBlockSchema(.list, customized, maxItems: 1),
                    "customized_load_metric_specification": NestedBlockSchema(.list, customized, maxItems: 1),
                    "customized_scaling_metric_specification": NestedBlockSchema(.list, customized, maxItems: 1),
                    "predefined_load_metric_specification": NestedBlockSchema(.list, predefined, maxItems: 1),
                    "predefined_metric_pair_specification": NestedBlockSchema(.list, predefined, maxItems: 1),
                    "predefined_scaling_metric_specification": NestedBlockSchema(.list, predefined, maxItems: 1),
                ]), minItems: 1, maxItems: 1)]),
            reason: "predictive scaling policies are not implemented yet")
    }()

    // MARK: Request members

    static func stepAdjustments(_ blocks: [Value]) throws -> [QueryParameters] {
        try blocks.map { block in
            var parameters = QueryParameters()
            for (attribute, member) in [("metric_interval_lower_bound", "MetricIntervalLowerBound"), ("metric_interval_upper_bound", "MetricIntervalUpperBound")] {
                guard let text = block.string(attribute), !text.isEmpty else { continue }
                guard let bound = Number(parsing: text) else {
                    throw ProviderError("Invalid step adjustment", detail: "\(attribute) must be a number, not \"\(text)\".")
                }
                parameters.set(member, bound)
            }
            parameters.set("ScalingAdjustment", block.int("scaling_adjustment"))
            return parameters
        }
    }

    static func targetTracking(_ block: Value) -> QueryParameters {
        QueryParameters { parameters in
            if let target = block[attribute: "target_value"]?.numberValue { parameters.set("TargetValue", target) }
            parameters.set("DisableScaleIn", block.bool("disable_scale_in") ?? false)
            if let predefined = block.objects("predefined_metric_specification").first {
                parameters.set("PredefinedMetricSpecification", QueryParameters { spec in
                    spec.set("PredefinedMetricType", predefined.string("predefined_metric_type"))
                    if let label = predefined.string("resource_label"), !label.isEmpty { spec.set("ResourceLabel", label) }
                })
            }
            if let customized = block.objects("customized_metric_specification").first {
                parameters.set("CustomizedMetricSpecification", QueryParameters { spec in
                    spec.set("MetricName", customized.string("metric_name"))
                    spec.set("Namespace", customized.string("namespace"))
                    spec.set("Statistic", customized.string("statistic"))
                    if let unit = customized.string("unit"), !unit.isEmpty { spec.set("Unit", unit) }
                    let dimensions = customized.objects("metric_dimension")
                    if !dimensions.isEmpty {
                        spec.setList("Dimensions", dimensions.map { dimension in QueryParameters {
                            $0.set("Name", dimension.string("name"))
                            $0.set("Value", dimension.string("value"))
                        } })
                    }
                })
            }
        }
    }

    // MARK: Blocks from AWS

    /// Bounds as the provider writes them: the shortest decimal text, "" when unbounded.
    static func stepAdjustmentBlocks(_ policy: XMLNode) -> Value {
        .set(policy.all("StepAdjustments", "member").map { step in
            .object([
                "metric_interval_lower_bound": .string(step.string("MetricIntervalLowerBound").map(decimalText) ?? ""),
                "metric_interval_upper_bound": .string(step.string("MetricIntervalUpperBound").map(decimalText) ?? ""),
                "scaling_adjustment": .number(step.child("ScalingAdjustment")?.intValue ?? 0),
            ])
        }, of: stepAdjustmentSchema.valueType)
    }

    static func targetTrackingBlocks(_ policy: XMLNode) -> Value {
        guard let configuration = policy.child("TargetTrackingConfiguration") else {
            return .list([], of: targetTrackingSchema.valueType)
        }
        let predefined = configuration.child("PredefinedMetricSpecification").map { spec in
            [Value.object([
                "predefined_metric_type": .string(spec.string("PredefinedMetricType") ?? ""),
                "resource_label": .string(spec.string("ResourceLabel") ?? ""),
            ])]
        } ?? []
        let customized = configuration.child("CustomizedMetricSpecification").map { spec in
            [Value.object([
                "metric_name": .string(spec.string("MetricName") ?? ""),
                "namespace": .string(spec.string("Namespace") ?? ""),
                "period": .null(.number),
                "statistic": .string(spec.string("Statistic") ?? ""),
                "unit": .string(spec.string("Unit") ?? ""),
                "metric_dimension": .list(spec.all("Dimensions", "member").map { dimension in
                    .object(["name": .string(dimension.string("Name") ?? ""), "value": .string(dimension.string("Value") ?? "")])
                }, of: metricDimensionSchema.valueType),
                "metrics": .set([], of: metricsSchema.valueType),
            ])]
        } ?? []
        return .list([.object([
            "target_value": configuration.string("TargetValue").flatMap { Number(parsing: $0) }.map(Value.number) ?? .null(.number),
            "disable_scale_in": .bool(configuration.child("DisableScaleIn")?.boolValue ?? false),
            "predefined_metric_specification": .list(predefined, of: predefinedMetricSchema.valueType),
            "customized_metric_specification": .list(customized, of: customizedMetricSchema.valueType),
        ])], of: targetTrackingSchema.valueType)
    }

    /// `10.0` as `10`, `-5.5` as `-5.5`: Go's shortest formatting of the double.
    static func decimalText(_ text: String) -> String {
        guard let number = Number(parsing: text) else { return text }
        return number.description
    }
}
