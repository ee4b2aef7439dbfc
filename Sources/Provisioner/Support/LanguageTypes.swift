import ResourceGraph

/// Foundation also declares an `Expression` type; inside the engine, it is always HCL's.
typealias Expression = ResourceGraph.Expression
