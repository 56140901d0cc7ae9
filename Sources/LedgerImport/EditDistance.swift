/// Levenshtein distance between two short strings (column names), for near-miss headers.
enum EditDistance {
    /// The fewest single-character insertions, deletions and substitutions that turn `a` into
    /// `b`; any value above `limit` is reported as `limit + 1` (the exact figure is not needed).
    static func between(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return min(previous[b.count], limit + 1)
    }
}
