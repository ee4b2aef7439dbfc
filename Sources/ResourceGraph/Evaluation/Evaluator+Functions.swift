extension Evaluator {
    mutating func evaluateCall(_ call: FunctionCall, range: SourceRange) -> Value {
        // `try` and `can` see their arguments' errors, so they take expressions, not values.
        let bareName = call.name.hasPrefix("core::") ? String(call.name.dropFirst(6)) : call.name
        if bareName == "try" { return evaluateTry(call, range: range) }
        if bareName == "can" { return evaluateCan(call, range: range) }

        guard let function = context.functions[bareName] else {
            let suggestion = NameSuggestion.didYouMean(bareName, in: context.functions.keys)
            let detail = call.name.contains("::")
                ? "There is no function named \"\(call.name)\": provider-defined functions are not supported."
                : "There is no function named \"\(call.name)\".\(suggestion)"
            error("Call to unknown function", detail, at: call.nameRange, context: range)
            for argument in call.arguments { _ = evaluate(argument) }
            return .unknown()
        }

        var arguments: [(value: Value, range: SourceRange)] = call.arguments.map { (evaluate($0), $0.range) }
        if call.expandFinalArgument, let last = arguments.popLast() {
            guard last.value.isKnown else { return .unknown(function.returnType(arguments.map(\.value.type))) }
            guard let elements = last.value.elements else {
                error("Invalid expanding argument value", "The expanding argument (indicated by ...) must be of a tuple, list, or set type.", at: last.range, context: range)
                return .unknown()
            }
            arguments += elements.map { ($0.markedSensitive(last.value.isSensitive), last.range) }
        }
        return invoke(function, named: bareName, with: arguments, range: range)
    }

    private mutating func invoke(_ function: Function, named name: String, with arguments: [(value: Value, range: SourceRange)], range: SourceRange) -> Value {
        let required = function.parameters.count
        if arguments.count < required {
            let missing = function.parameters[arguments.count].name
            error("Not enough function arguments", "Function \"\(name)\" expects \(required) argument\(required == 1 ? "" : "s"). Missing value for \"\(missing)\".", at: range)
            return .unknown()
        }
        if arguments.count > required, function.variadic == nil {
            error("Too many function arguments", "Function \"\(name)\" expects only \(required) argument\(required == 1 ? "" : "s").", at: arguments[required].range, context: range)
            return .unknown()
        }

        var values: [Value] = []
        var sensitive = false
        var unknownResult = false
        for (position, argument) in arguments.enumerated() {
            let parameter = position < required ? function.parameters[position] : function.variadic!
            var value = argument.value
            if value.isNull, !parameter.allowNull {
                error("Invalid function argument", "Invalid value for \"\(parameter.name)\" parameter: argument must not be null.", at: argument.range, context: range)
                return .unknown()
            }
            do {
                value = try value.converted(to: parameter.type)
            } catch {
                self.error("Invalid function argument", "Invalid value for \"\(parameter.name)\" parameter: \(error.description).", at: argument.range, context: range)
                return .unknown()
            }
            if !parameter.allowUnknown, !(function.passesNestedUnknowns ? value.isKnown : value.isWhollyKnown) { unknownResult = true }
            if !function.handlesSensitiveMarks, value.containsSensitive {
                sensitive = true
                value = value.unmarkedDeep()
            }
            values.append(value)
        }
        if unknownResult || (function.isImpure && context.isPlanning) {
            return Value.unknown(function.returnType(values.map(\.type))).markedSensitive(sensitive)
        }
        do {
            return try function.implementation(values).markedSensitive(sensitive)
        } catch let failure as FunctionError {
            let subject = failure.argument.flatMap { $0 < arguments.count ? arguments[$0].range : nil } ?? range
            error("Error in function call", "Call to function \"\(name)\" failed: \(failure.message)", at: subject, context: range)
        } catch {
            self.error("Error in function call", "Call to function \"\(name)\" failed: \(error).", at: range)
        }
        return .unknown()
    }

    /// `try(a, b, …)`: the first argument that evaluates without errors. An unknown result
    /// stops the search: whether it would fail is not known yet.
    private mutating func evaluateTry(_ call: FunctionCall, range: SourceRange) -> Value {
        guard !call.arguments.isEmpty else {
            error("Not enough function arguments", "Function \"try\" expects at least one argument.", at: range)
            return .unknown()
        }
        var lastDiagnostics = Diagnostics()
        for argument in call.arguments {
            let (value, argumentDiagnostics) = evaluateIsolated(argument)
            if !argumentDiagnostics.hasErrors {
                return value.isWhollyKnown ? value : Value.unknown(.dynamic).markedSensitive(value.containsSensitive)
            }
            lastDiagnostics = argumentDiagnostics
        }
        let reasons = lastDiagnostics.errors.map { "\($0.summary): \($0.detail)" }.joined(separator: "; ")
        error("Error in function call", "Call to function \"try\" failed: no expression succeeded; the last failed with \(reasons)", at: range)
        return .unknown()
    }

    /// `can(expr)`: whether the expression evaluates without errors.
    private mutating func evaluateCan(_ call: FunctionCall, range: SourceRange) -> Value {
        guard call.arguments.count == 1 else {
            error("Wrong number of function arguments", "Function \"can\" expects exactly one argument.", at: range)
            return .unknown()
        }
        let (value, argumentDiagnostics) = evaluateIsolated(call.arguments[0])
        if argumentDiagnostics.hasErrors { return .false }
        return value.isWhollyKnown ? .true : .unknown(.bool)
    }
}
