/// "Did you mean …?" for a misspelt name: the closest candidate within a small edit distance.
public enum NameSuggestion {
    /// The closest candidate at an edit distance below 3, counting a swap of two neighbouring
    /// letters as one edit (the commonest typo). Ties go to the alphabetically first candidate,
    /// so the suggestion never depends on the order candidates arrive in.
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        var best: (name: String, distance: Int)? = nil
        for candidate in candidates {
            let distance = editDistance(name, candidate)
            guard distance < 3 else { continue }
            if let current = best, distance > current.distance || (distance == current.distance && candidate >= current.name) { continue }
            best = (candidate, distance)
        }
        return best?.name
    }

    /// " Did you mean "x"?" or an empty string, ready to append to a detail message.
    public static func didYouMean(_ name: String, in candidates: some Sequence<String>) -> String {
        closest(to: name, in: candidates).map { " Did you mean \"\($0)\"?" } ?? ""
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions each cost one.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], twoBack[j - 2] + 1)
                }
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}
