import Testing
@testable import ResourceGraph

@Suite struct NumericFunctionTests {
    static let cases: [FunctionCase] = [
        .init("abs positive", "abs(23)", "23"),
        .init("abs zero", "abs(0)", "0"),
        .init("abs negative fraction", "abs(-12.4)", "12.4"),
        .init("ceil whole", "ceil(5)", "5"),
        .init("ceil fraction", "ceil(5.1)", "6"),
        .init("ceil negative", "ceil(-5.1)", "-5"),
        .init("floor whole", "floor(5)", "5"),
        .init("floor fraction", "floor(4.9)", "4"),
        .init("floor negative", "floor(-4.1)", "-5"),
        .init("log base 10", "log(50, 10)", "1.6989700043360185"),
        .init("log base 2", "log(16, 2)", "4"),
        .init("ceil log 15", "ceil(log(15, 2))", "4"),
        .init("ceil log 16", "ceil(log(16, 2))", "4"),
        .init("ceil log 17", "ceil(log(17, 2))", "5"),
        .init("max", "max(12, 54, 3)", "54"),
        .init("max expanded", "max([12, 54, 3]...)", "54"),
        .init("max converts strings", "max(\"7\", 3)", "7"),
        .init("min", "min(12, 54, 3)", "3"),
        .init("min expanded", "min([12, 54, 3]...)", "3"),
        .init("parseint decimal", "parseint(\"100\", 10)", "100"),
        .init("parseint hex", "parseint(\"FF\", 16)", "255"),
        .init("parseint negative hex", "parseint(\"-10\", 16)", "-16"),
        .init("parseint binary", "parseint(\"1011111011101111\", 2)", "48879"),
        .init("parseint base 62", "parseint(\"aA\", 62)", "656"),
        .init("pow", "pow(3, 2)", "9"),
        .init("pow zero", "pow(4, 0)", "1"),
        .init("pow fraction", "pow(2, 0.5)", "1.4142135623730951"),
        .init("signum negative", "signum(-13)", "-1"),
        .init("signum zero", "signum(0)", "0"),
        .init("signum positive", "signum(344)", "1"),
        .init("unknown argument", "abs(pendingAny)", "unknown(number)"),
    ]

    @Test(arguments: cases) func evaluates(_ c: FunctionCase) { c.check() }

    static let errors: [FunctionErrorCase] = [
        .init("parseint digit too large", "parseint(\"12\", 2)", "cannot parse \"12\" as a base 2 integer", argument: 0),
        .init("parseint base out of range", "parseint(\"12\", 63)", "base must be a whole number between 2 and 62", argument: 1),
        .init("parseint needs a string", "parseint(12, 10)", "first argument must be a string, not number", argument: 0),
        .init("max without arguments", "max()", "must pass at least one number", argument: nil),
        .init("log of zero", "log(0, 10)", "not a finite number", argument: nil),
        .init("abs of null", "abs(null)", "must not be null", argument: 0),
        .init("abs of a string", "abs(\"x\")", "a number is required", argument: 0),
    ]

    @Test(arguments: errors) func fails(_ c: FunctionErrorCase) throws { try c.check() }

    @Test func sensitiveArgumentGivesSensitiveResult() {
        let (value, _) = FunctionTesting.evaluate("abs(secretNumber)")
        #expect(value.isSensitive)
        #expect(value.numberValue == 4)
    }
}
