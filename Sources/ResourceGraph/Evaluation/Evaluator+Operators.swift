extension Evaluator {
    mutating func evaluateUnary(_ op: UnaryOperator, _ operandExpression: Expression, range: SourceRange) -> Value {
        let operand = evaluate(operandExpression)
        let required: ValueType = op == .not ? .bool : .number
        guard let converted = operandValue(operand, as: required, side: "", range: operandExpression.range, context: range) else { return .unknown(required) }
        guard converted.isKnown else { return Value.unknown(required).markedSensitive(operand.containsSensitive) }
        let result: Value
        switch op {
        case .not: result = .bool(!converted.boolValue!)
        case .negate: result = .number(-converted.numberValue!)
        }
        return result.markedSensitive(operand.containsSensitive)
    }

    mutating func evaluateBinary(_ op: BinaryOperator, _ lhsExpression: Expression, _ rhsExpression: Expression, range: SourceRange) -> Value {
        let lhs = evaluate(lhsExpression)
        let rhs = evaluate(rhsExpression)
        let sensitive = lhs.containsSensitive || rhs.containsSensitive

        if op == .equal || op == .notEqual {
            guard let equal = lhs.equals(rhs) else { return Value.unknown(.bool).markedSensitive(sensitive) }
            return Value.bool(op == .equal ? equal : !equal).markedSensitive(sensitive)
        }

        let operandType: ValueType = (op == .and || op == .or) ? .bool : .number
        let resultType: ValueType = [.add, .subtract, .multiply, .divide, .modulo].contains(op) ? .number : .bool
        let left = operandValue(lhs, as: operandType, side: "left ", range: lhsExpression.range, context: range)
        let right = operandValue(rhs, as: operandType, side: "right ", range: rhsExpression.range, context: range)
        guard let left, let right else { return .unknown(resultType) }
        guard left.isKnown, right.isKnown else { return Value.unknown(resultType).markedSensitive(sensitive) }

        let result: Value
        switch op {
        case .and: result = .bool(left.boolValue! && right.boolValue!)
        case .or: result = .bool(left.boolValue! || right.boolValue!)
        case .less: result = .bool(left.numberValue! < right.numberValue!)
        case .lessOrEqual: result = .bool(left.numberValue! <= right.numberValue!)
        case .greater: result = .bool(left.numberValue! > right.numberValue!)
        case .greaterOrEqual: result = .bool(left.numberValue! >= right.numberValue!)
        case .add: result = .number(left.numberValue! + right.numberValue!)
        case .subtract: result = .number(left.numberValue! - right.numberValue!)
        case .multiply: result = .number(left.numberValue! * right.numberValue!)
        case .divide, .modulo:
            let quotient = op == .divide
                ? left.numberValue!.divided(by: right.numberValue!)
                : left.numberValue!.remainder(dividingBy: right.numberValue!)
            guard let quotient else {
                error("Division by zero", "The right operand of \"\(op.rawValue)\" is zero.", at: rhsExpression.range, context: range)
                return .unknown(.number)
            }
            result = .number(quotient)
        case .equal, .notEqual:
            preconditionFailure("handled above")
        }
        return result.markedSensitive(sensitive)
    }

    /// The operand converted to the type the operator needs, or nil with an error reported.
    private mutating func operandValue(_ value: Value, as type: ValueType, side: String, range: SourceRange, context: SourceRange) -> Value? {
        if value.isNull {
            error("Invalid operand", "Unsuitable value for \(side)operand: a \(type) is required, but the value is null.", at: range, context: context)
            return nil
        }
        do {
            return try value.converted(to: type)
        } catch {
            self.error("Invalid operand", "Unsuitable value for \(side)operand: \(error.description).", at: range, context: context)
            return nil
        }
    }

    mutating func evaluateConditional(_ conditionExpression: Expression, _ thenExpression: Expression, _ elseExpression: Expression, range: SourceRange) -> Value {
        let condition = evaluate(conditionExpression)
        if condition.isNull {
            error("Null condition", "The condition value is null. Conditions must either be true or false.", at: conditionExpression.range, context: range)
            return .unknown()
        }
        guard let converted = try? condition.converted(to: .bool) else {
            error("Incorrect condition type", "The condition expression must be of type bool.", at: conditionExpression.range, context: range)
            return .unknown()
        }
        // Both branches are evaluated so the result has one type whichever is chosen, but only
        // the chosen branch's errors count: `length(l) > 0 ? l[0] : null` must work.
        let (thenValue, thenDiagnostics) = evaluateIsolated(thenExpression)
        let (elseValue, elseDiagnostics) = evaluateIsolated(elseExpression)
        guard let resultType = ValueType.unify([thenValue.type, elseValue.type]) else {
            error(
                "Inconsistent conditional result types",
                "The true and false result expressions must have consistent types. The 'true' value is \(thenValue.type), but the 'false' value is \(elseValue.type).",
                at: range)
            return .unknown()
        }
        guard let choice = converted.boolValue else {
            diagnostics.append(contentsOf: thenDiagnostics)
            diagnostics.append(contentsOf: elseDiagnostics)
            let sensitive = condition.isSensitive || thenValue.containsSensitive || elseValue.containsSensitive
            return Value.unknown(resultType).markedSensitive(sensitive)
        }
        diagnostics.append(contentsOf: choice ? thenDiagnostics : elseDiagnostics)
        let chosen = choice ? thenValue : elseValue
        let result = (try? chosen.converted(to: resultType)) ?? chosen
        return result.markedSensitive(condition.isSensitive)
    }
}
