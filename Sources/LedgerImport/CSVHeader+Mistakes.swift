/// Headers that are almost right (SPEC §3): a column name one or two typing mistakes away from a
/// known one, or a file saved with another delimiter. Both fail the file at open, before anything
/// is applied, with a message that says what to change.
extension CSVHeader {
    /// Delimiters that spreadsheets and exports use instead of a comma.
    static let otherDelimiters: [Character] = [";", "\t", "|"]
    /// Edits (insert, delete, substitute a character) within which an unknown name is taken for a
    /// misspelling, after `nearMissKey` (SPEC §3: two).
    static let nearMissEdits = 2

    /// The delimiter that would split this single header cell into the most columns, if any splits it.
    static func otherDelimiter(splitting cell: String) -> Character? {
        var best: (delimiter: Character, parts: Int)?
        for delimiter in otherDelimiters {
            let parts = cell.split(separator: delimiter, omittingEmptySubsequences: true).count
            if parts >= 2, parts > best?.parts ?? 0 {
                best = (delimiter, parts)
            }
        }
        return best?.delimiter
    }

    /// Refuses the header when an unknown column's name is within `nearMissEdits` of a known
    /// column that the header lacks (`idempotencykey`, `from_userid`, `Idempotency Key`).
    ///
    /// Only absent known columns are candidates: beside a real `tenant_id`, a column called
    /// `tenant` is extra information, not a misspelling — it cannot hide the column it resembles.
    ///
    /// - Throws: `CSVFileError.nearMissColumn` for the first such column, with the closest name.
    public func refuseNearMisses(known: [String]) throws(CSVFileError) {
        let knownKeys = Set(known.map(Self.key))
        let absent = known.filter { index(of: $0) == nil }.map { (name: $0, key: Self.nearMissKey($0)) }
        guard !absent.isEmpty else { return }
        for (position, name) in names.enumerated() where !knownKeys.contains(Self.key(name)) {
            let key = Self.nearMissKey(name)
            var closest: (name: String, edits: Int)?
            for candidate in absent {
                let edits = EditDistance.between(key, candidate.key, limit: Self.nearMissEdits)
                if edits <= Self.nearMissEdits, edits < closest?.edits ?? .max {
                    closest = (candidate.name, edits)
                }
            }
            if let closest {
                throw .nearMissColumn(path: path, line: line, column: position + 1, name: name, suggestion: closest.name)
            }
        }
    }

    /// A name as compared for near misses: lower case, without spaces, `-` and `_`.
    static func nearMissKey(_ name: String) -> [Character] {
        Array(name.lowercased().filter { $0 != " " && $0 != "-" && $0 != "_" })
    }
}
