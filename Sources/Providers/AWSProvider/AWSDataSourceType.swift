import ResourceGraph

/// What each AWS data source implements: its schema and how to read it from its arguments.
protocol AWSDataSourceType: Sendable {
    static var typeName: String { get }
    var schema: BlockSchema { get }
    func read(_ configuration: Value, in context: AWSContext) async throws -> Value
}
