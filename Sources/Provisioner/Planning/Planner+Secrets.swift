import ResourceGraph

/// Planning with secrets that state keeps only as keyed digests: the configuration supplies
/// their values again, and a digest is enough to tell whether the configuration (or the
/// cloud) still has the value that was applied.
extension Planner {
    /// A refreshed object as planning sees it: the refreshed value keeps the sensitive marks
    /// state had (those derived from sensitive variables, beyond the schema's), and digests
    /// follow the values the cloud reports. Also returns the stored value with the digested
    /// parts the cloud reports filled in where they match, to compare for drift: a secret the
    /// cloud still holds unchanged is not drift; one changed outside prov is.
    func reconcilingDigests(_ object: ResourceInstanceObject, refreshed: Value) -> (object: ResourceInstanceObject, storedForComparison: Value) {
        var updated = object
        updated.value = refreshed.markingSensitive(at: object.value.sensitivePaths() + Array(object.digests.keys))
        var comparable = object.value
        guard let cipher else { return (updated, comparable) }
        for (path, digest) in object.digests {
            // Most APIs never return a secret (a database password): the digest stands.
            guard let reported = refreshed.value(at: path), !reported.isNull else { continue }
            if cipher.matches(reported, digest: digest) {
                comparable = comparable.replacing(at: path, with: reported.markedSensitive())
            } else {
                updated.digests[path] = cipher.digest(reported)
            }
        }
        return (updated, comparable)
    }

    /// The prior object with the configuration's value put back at each digested part whose
    /// digest it matches, so an unchanged secret plans as unchanged and an update resends
    /// only secrets that changed. A part whose configured value differs (or is not known yet)
    /// stays null, so it plans as a change.
    func restoringConfiguredSecrets(_ object: ResourceInstanceObject, configuration: Value) -> ResourceInstanceObject {
        guard let cipher, !object.digests.isEmpty else { return object }
        var restored = object
        for (path, digest) in object.digests {
            guard (restored.value.value(at: path) ?? .null).isNull,
                  let configured = configuration.value(at: path), configured.isWhollyKnown, !configured.isNull,
                  cipher.matches(configured, digest: digest) else { continue }
            restored.value = restored.value.replacing(at: path, with: configured.markedSensitive())
        }
        return restored
    }
}
