import ResourceGraph

/// What the engine will do to one resource instance.
public enum ChangeAction: String, Sendable, Codable {
    case noOp = "no-op"
    case create
    /// Data source read during apply, because its configuration is not known yet.
    case read
    case update
    case deleteThenCreate = "delete-then-create"
    case createThenDelete = "create-then-delete"
    case delete

    public var isReplace: Bool { self == .deleteThenCreate || self == .createThenDelete }
}

/// Why an action was chosen, when that is not obvious from the action itself.
public enum ChangeReason: String, Sendable, Codable {
    case none
    /// A changed argument cannot be updated in place.
    case cannotUpdate = "cannot-update"
    /// The object is tainted (a previous apply failed after creating it).
    case tainted
    /// `-replace=ADDRESS`.
    case requested
    /// Something named in `lifecycle.replace_triggered_by` changes.
    case replaceTriggered = "replace-triggered-by"
    /// The resource is no longer in the configuration.
    case removedFromConfig = "removed-from-config"
    /// The instance key is no longer produced by `count` / `for_each`.
    case noLongerExpanded = "no-longer-expanded"
    /// `prov destroy`.
    case destroying
    /// An object carrying this stack's system tags that state does not record (made by a run
    /// that was killed before recording it): `prov destroy` removes it too.
    case untracked
}

/// One planned change of a resource instance.
public struct ResourceChange: Sendable {
    public var address: InstanceAddress
    public var providerKey: String
    public var action: ChangeAction
    public var reason: ChangeReason
    /// The prior object, nil when creating.
    public var before: Value?
    /// The planned object, with unknown parts; nil when deleting.
    public var after: Value?
    /// Paths whose change forces replacement.
    public var replacePaths: [ValuePath]
    /// For the deposed object of a create_before_destroy replacement left from an earlier run.
    public var deposedKey: String?
    public var dependencies: [ResourceAddress]
    public var createBeforeDestroy: Bool
    /// The address the object had before a `moved` block moved it here.
    public var movedFrom: InstanceAddress?
    /// The id an `import` block adopts the object by, when this plan imports it.
    public var importID: String?
    /// The id of the object an interrupted create made, found again by reconciliation and
    /// adopted into state by this plan instead of being created a second time.
    public var reconciledID: String?

    public init(
        address: InstanceAddress, providerKey: String, action: ChangeAction, reason: ChangeReason = .none,
        before: Value?, after: Value?, replacePaths: [ValuePath] = [], deposedKey: String? = nil,
        dependencies: [ResourceAddress] = [], createBeforeDestroy: Bool = false
    ) {
        self.address = address
        self.providerKey = providerKey
        self.action = action
        self.reason = reason
        self.before = before
        self.after = after
        self.replacePaths = replacePaths
        self.deposedKey = deposedKey
        self.dependencies = dependencies
        self.createBeforeDestroy = createBeforeDestroy
    }
}

/// A planned change of a root module output.
public struct OutputChange: Sendable {
    public var name: String
    public var before: Value?
    public var after: Value?
    public var isSensitive: Bool

    /// Whether the output is added, removed, or its value differs (or may differ, if unknown).
    public var isChange: Bool {
        guard let before, let after else { return before != nil || after != nil }
        return before.equals(after) != true || before.type != after.type
    }
}

/// The result of planning: every change, and what the plan was made from, so a saved plan can
/// refuse to apply to a state that has moved on.
public struct Plan: Sendable {
    public enum Mode: String, Sendable, Codable {
        case normal
        case destroy
        case refreshOnly = "refresh-only"
    }

    public var mode: Mode
    public var changes: [ResourceChange]
    public var outputChanges: [OutputChange]
    /// Objects whose remote state differs from state, found while refreshing.
    public var drift: [ResourceChange]
    public var variables: [String: Value]
    public var priorLineage: String
    public var priorSerial: Int
    /// The objects as refreshed when the plan was made; apply records them for instances that
    /// do not change, so state follows what was read.
    public var currentObjects: [InstanceAddress: ResourceInstanceObject]
    /// Objects the refresh found deleted outside prov: apply removes them from state.
    public var vanished: [InstanceAddress]
    /// The `-target` / `-exclude` / `-replace` the plan was made with.
    public var targeting = Targeting()
    /// The configuration nodes the plan covers (nil: all); apply visits only these.
    public var selectedNodes: Set<ConfigNode>?
    /// Operation journal entries left by interrupted runs that this plan reconciled: apply
    /// clears them once it has recorded what reconciliation found.
    public var resolvedJournalEntries: [Int64] = []
    /// The attributes that may have contributed to the changes, which decide the drift shown.
    public var relevantAttributes = RelevantAttributes()

    public var hasChanges: Bool {
        changes.contains { $0.action != .noOp || $0.movedFrom != nil || $0.importID != nil || $0.reconciledID != nil }
            || outputChanges.contains(where: \.isChange)
            || (mode == .refreshOnly && !drift.isEmpty)
    }

    /// The drift worth showing beside the plan. As Terraform does since 1.2, only changes made
    /// outside that may have contributed to the plan: the attributes that changing objects and
    /// outputs refer to, directly or through what those were configured from
    /// (`relevantAttributes`). Attributes AWS moves on its own (a database's latest restorable
    /// time, a target group's load balancers once a listener uses it) are then not shown as
    /// noise beside an unrelated change. A refresh-only plan is about drift: all of it shows.
    public var relevantDrift: [ResourceChange] {
        guard mode != .refreshOnly, !drift.isEmpty else { return drift }
        return drift.compactMap { relevantAttributes.relevantPart(of: $0) }
    }

    /// How many objects this plan imports.
    public var importCount: Int { changes.filter { $0.importID != nil }.count }

    public var resourceChangeCount: (add: Int, change: Int, destroy: Int) {
        var add = 0, change = 0, destroy = 0
        for c in changes {
            switch c.action {
            case .create: add += 1
            case .update: change += 1
            case .delete: destroy += 1
            case .deleteThenCreate, .createThenDelete: add += 1; destroy += 1
            case .noOp, .read: break
            }
        }
        return (add, change, destroy)
    }
}
