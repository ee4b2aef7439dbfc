extension StateStore {
    /// Tells `report` how long each write transaction takes, commit included: how the
    /// benchmark measures the cost of a state write.
    public func timeWrites(_ report: @escaping @Sendable (Duration) -> Void) {
        synchronized { database.transactionTimer = report }
    }
}
