import Foundation
import GRDB
import GRDBSQLite

/// `verify`'s `storage_integrity` for a SQLite ledger (SPEC §6): SQLite's own structural check,
/// plus a proof that every index holds exactly its table's rows.
///
/// `PRAGMA integrity_check` does both, but it proves the second by looking every row of a table
/// up in every index, one random b-tree descent per row and index: 1M transfers with four indexes
/// took 5–7 s, over the whole budget of `verify`. Here the structural part is `PRAGMA quick_check`
/// (every page of every b-tree, cell order, record formats, NOT NULL and CHECK constraints, the
/// free list: everything `integrity_check` reads except the index-to-table comparison), and the
/// comparison is made with two sequential scans instead: one pass over each table computes, for
/// each of its indexes, an order-independent digest of (rowid, key columns) over the rows the
/// index must hold (a partial index's WHERE applied); one pass over each index computes the same
/// digest from the entries it does hold. They agree only when the index has every row, no other
/// row, and each entry's key and rowid equal its row's (a 64-bit hash sum: a difference escapes
/// with probability 2⁻⁶⁴). A UNIQUE index is also checked for repeated keys, as
/// `integrity_check` does. That keeps what the stricter check was chosen for — an index entry
/// lost from `transfers_by_key` would let a re-run apply a transfer twice — at about a third of
/// its cost (1M transfers: verify's CPU time 9.2 s → 5.6 s). Indexes this digest cannot describe (on expressions, or on a WITHOUT ROWID table) fall
/// back to `integrity_check` of their table.
enum StorageIntegrity {
    /// Each problem found, or none; a file too damaged to check is one problem naming the error.
    static func problems(path: String, limit: Int) -> [String] {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(5)
            configuration.prepareDatabase { db in
                // No memory map: it cut the system time further but counted the whole file into
                // verify's resident memory (443 MB against 157 MB at 1M transfers).
                try registerDigest(db)
            }
            let connection = try DatabaseQueue(path: path, configuration: configuration)
            return try connection.read { db in
                let structure = try String.fetchAll(db, sql: "PRAGMA quick_check(\(limit))")
                // A damaged b-tree makes every scan below unreliable: report what SQLite found.
                guard structure == ["ok"] else { return structure }
                var problems: [String] = []
                for table in try tables(db) {
                    problems += try indexProblems(of: table, db)
                    if problems.count >= limit { break }
                }
                return Array(problems.prefix(limit))
            }
        } catch {
            return ["integrity check could not read the file: \(error)"]
        }
    }

    /// An index as the digest describes it.
    struct Index {
        var name: String
        var unique: Bool
        /// Key columns, quoted for SQL.
        var columns: [String]
        /// A partial index's condition, as written in its CREATE INDEX.
        var condition: String?
        /// Every key column compares its bytes (BINARY collation): equal keys are then equal
        /// values, which `KeyRepeats` can tell apart by hashing them.
        var binaryKeys = true
    }

    struct Table {
        var name: String
        var indexes: [Index]
        /// Set when an index cannot be digested: the table is checked by `integrity_check` instead.
        var needsFullCheck: Bool
    }

    static func tables(_ db: Database) throws -> [Table] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """)
        let dbstat = try hasDBStat(db)
        return try rows.map { row in
            let name: String = row["name"]
            let withoutRowID = ((row["sql"] as String?) ?? "").uppercased().contains("WITHOUT ROWID")
            var table = Table(name: name, indexes: [], needsFullCheck: false)
            for index in try Row.fetchAll(db, sql: "PRAGMA index_list(\(quoted(name)))") {
                let indexName: String = index["name"]
                let origin: String = index["origin"]
                // A WITHOUT ROWID table's primary key is the table's own b-tree: quick_check covers it.
                if withoutRowID && origin == "pk" { continue }
                let info = try Row.fetchAll(db, sql: "PRAGMA index_xinfo(\(quoted(indexName)))").filter { ($0["key"] as Int) == 1 }
                let columns = info.compactMap { $0["name"] as String? }
                let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
                                              arguments: [indexName])
                let condition = sql.flatMap(partialCondition)
                if withoutRowID || columns.count != info.count || (condition != nil && !dbstat) {
                    table.needsFullCheck = true
                    continue
                }
                let binaryKeys = info.allSatisfy { (($0["coll"] as String?) ?? "BINARY").uppercased() == "BINARY" }
                table.indexes.append(Index(name: indexName, unique: (index["unique"] as Int) == 1,
                                           columns: columns.map(quoted), condition: condition, binaryKeys: binaryKeys))
            }
            return table
        }
    }

    static func indexProblems(of table: Table, _ db: Database) throws -> [String] {
        if table.needsFullCheck {
            let rows = try String.fetchAll(db, sql: "PRAGMA integrity_check(\(quoted(table.name)))")
            if rows != ["ok"] { return rows }
        }
        guard !table.indexes.isEmpty else { return [] }
        // One pass over the table for all its indexes.
        let expected = try Row.fetchOne(db, sql: "SELECT "
            + table.indexes.map { index in
                "ledger_index_digest(rowid, \(index.columns.joined(separator: ", ")))"
                    + (index.condition.map { " FILTER (WHERE \($0))" } ?? "")
            }.joined(separator: ", ")
            + " FROM \(quoted(table.name)) NOT INDEXED")
        var problems: [String] = []
        for (position, index) in table.indexes.enumerated() {
            let wanted = (expected?[position] as String?) ?? IndexDigest().text
            // A UNIQUE index of byte-compared keys is checked for repeated keys in the same walk
            // (`KeyRepeats`: in index order equal keys are neighbours); 0.2 s of the 1M verify's
            // CPU went to a GROUP BY over the key index that walked it a second time.
            let repeatsInWalk = index.unique && index.binaryKeys
            let keys = index.columns.joined(separator: ", ")
            let walk = try Row.fetchOne(db, sql: """
                SELECT ledger_index_digest(rowid, \(keys))\(repeatsInWalk ? ", ledger_key_repeats(\(keys))" : "")
                FROM \(quoted(table.name)) INDEXED BY \(quoted(index.name))\(index.condition.map { " WHERE \($0)" } ?? "")
                """)
            let held = (walk?[0] as String?) ?? IndexDigest().text
            // A partial index is read through its own condition, which would skip entries that
            // do not meet it (say, after its definition was edited): count every entry of its
            // b-tree as well. In an index b-tree every cell, interior or leaf, is one entry. A full
            // index's scan above already read every entry: no second walk of its pages.
            let entries = index.condition == nil ? nil : try entryCount(of: index, db)
            if held != wanted || (entries.map { String($0) } ?? IndexDigest.count(in: wanted)) != IndexDigest.count(in: wanted) {
                problems.append("index \(index.name) does not hold exactly the rows of table \(table.name) "
                    + "(the table has \(IndexDigest.count(in: wanted)) rows for it, the index \(entries.map { String($0) } ?? IndexDigest.count(in: held)) entries)")
            }
            if index.unique {
                // NULLs never collide in a UNIQUE index: only rows whose every key column is set.
                let keyed = index.columns.map { "\($0) IS NOT NULL" } + (index.condition.map { ["(\($0))"] } ?? [])
                let repeated = repeatsInWalk ? ((walk?[1] as Int?) ?? 0) : try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM (SELECT 1 FROM \(quoted(table.name)) INDEXED BY \(quoted(index.name))
                    WHERE \(keyed.joined(separator: " AND ")) GROUP BY \(keys) HAVING COUNT(*) > 1)
                    """) ?? 0
                if repeated > 0 {
                    problems.append("UNIQUE index \(index.name) of table \(table.name) holds \(repeated) repeated keys")
                }
            }
        }
        return problems
    }

    /// Every entry in an index's b-tree (the `dbstat` table), or nil where SQLite was built
    /// without it; then a partial index is compared through its condition only, and a table with
    /// one gets `integrity_check` instead (`tables`).
    static func entryCount(of index: Index, _ db: Database) throws -> Int64? {
        guard try hasDBStat(db) else { return nil }
        return try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(ncell), 0) FROM dbstat WHERE name = ?", arguments: [index.name]) ?? 0
    }

    static func hasDBStat(_ db: Database) throws -> Bool {
        (try? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dbstat WHERE name = 'sqlite_schema'")) != nil
    }

    /// The condition of a partial index (`CREATE INDEX … ON t(…) WHERE condition`), else nil.
    static func partialCondition(_ sql: String) -> String? {
        // The column list is the first parenthesised group after ON; WHERE may only follow it.
        guard let on = sql.range(of: " ON ", options: .caseInsensitive),
              let open = sql[on.upperBound...].firstIndex(of: "(") else { return nil }
        var depth = 0
        var position = open
        while position < sql.endIndex {
            if sql[position] == "(" { depth += 1 }
            if sql[position] == ")" { depth -= 1; if depth == 0 { break } }
            position = sql.index(after: position)
        }
        guard position < sql.endIndex else { return nil }
        let rest = sql[sql.index(after: position)...].trimmingCharacters(in: .whitespacesAndNewlines)
        guard rest.uppercased().hasPrefix("WHERE") else { return nil }
        return String(rest.dropFirst(5)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Registers the aggregates `ledger_index_digest(rowid, column...)` and
    /// `ledger_key_repeats(column...)` on this connection.
    static func registerDigest(_ db: Database) throws {
        guard let connection = db.sqliteConnection else { throw DatabaseError(message: "database is closed") }
        var code = sqlite3_create_function_v2(
            connection, "ledger_index_digest", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil, nil,
            { context, count, values in IndexDigest.step(context, count, values) },
            { context in IndexDigest.final(context) }, nil)
        if code == SQLITE_OK {
            code = sqlite3_create_function_v2(
                connection, "ledger_key_repeats", -1, SQLITE_UTF8, nil, nil,
                { context, count, values in KeyRepeats.step(context, count, values) },
                { context in KeyRepeats.final(context) }, nil)
        }
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "could not register the index digests")
        }
    }
}

/// The order-independent digest of a set of (rowid, key) rows: their count and the wrapping sums
/// of their rowids and of a 64-bit hash of each whole row. Kept in SQLite's aggregate context.
struct IndexDigest {
    var count: Int64 = 0
    var rowIDSum: UInt64 = 0
    var hashSum: UInt64 = 0

    var text: String { "\(count):\(rowIDSum):\(hashSum)" }

    static func count(in text: String) -> String { String(text.prefix { $0 != ":" }) }

    static func step(_ context: OpaquePointer?, _ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>?) {
        guard let raw = sqlite3_aggregate_context(context, Int32(MemoryLayout<IndexDigest>.size)), let values else { return }
        let digest = raw.bindMemory(to: IndexDigest.self, capacity: 1)
        var hash = RowHash()
        for position in 0..<Int(count) {
            let value = values[position]
            if position == 0, sqlite3_value_type(value) == SQLITE_INTEGER {
                digest.pointee.rowIDSum &+= UInt64(bitPattern: sqlite3_value_int64(value))
            }
            hash.add(value: value)
        }
        digest.pointee.count += 1
        digest.pointee.hashSum &+= hash.finished
    }

    static func final(_ context: OpaquePointer?) {
        let raw = sqlite3_aggregate_context(context, 0)
        let digest = raw.map { $0.bindMemory(to: IndexDigest.self, capacity: 1).pointee } ?? IndexDigest()
        sqlite3_result_text(context, digest.text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }
}

/// How many keys a UNIQUE index holds more than once, counted in one walk of the index: in index
/// order equal keys are neighbours (in either direction), so each run of neighbours with the same
/// key is one repeated key, as `GROUP BY key HAVING COUNT(*) > 1` counts them. Keys are compared
/// by a 64-bit hash of their values (type and bytes), so only for byte-compared (BINARY) columns;
/// a key with a NULL collides with nothing. Kept in SQLite's aggregate context.
struct KeyRepeats {
    var previous: UInt64 = 0
    var hasPrevious = false
    /// The current neighbour was already counted as a repeat.
    var inRun = false
    var repeats: Int64 = 0

    static func step(_ context: OpaquePointer?, _ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>?) {
        guard let raw = sqlite3_aggregate_context(context, Int32(MemoryLayout<KeyRepeats>.size)), let values else { return }
        let state = raw.bindMemory(to: KeyRepeats.self, capacity: 1)
        var hash = RowHash()
        for position in 0..<Int(count) {
            guard sqlite3_value_type(values[position]) != SQLITE_NULL else {
                state.pointee.hasPrevious = false
                state.pointee.inRun = false
                return
            }
            hash.add(value: values[position])
        }
        let key = hash.finished
        if state.pointee.hasPrevious && key == state.pointee.previous {
            if !state.pointee.inRun { state.pointee.repeats += 1 }
            state.pointee.inRun = true
        } else {
            state.pointee.inRun = false
        }
        state.pointee.previous = key
        state.pointee.hasPrevious = true
    }

    static func final(_ context: OpaquePointer?) {
        let raw = sqlite3_aggregate_context(context, 0)
        sqlite3_result_int64(context, raw.map { $0.bindMemory(to: KeyRepeats.self, capacity: 1).pointee.repeats } ?? 0)
    }
}

/// A 64-bit hash of one row's values, word by word (8 bytes per multiply, not one as FNV-1a
/// did: the digests hash every key of every index twice, over 4M rows at 1M transfers), finished
/// with a 64-bit mixer so that sums of nearby rows' hashes do not cancel out.
struct RowHash {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ byte: UInt8) {
        add(UInt64(byte))
    }

    mutating func add(_ word: UInt64) {
        state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        state ^= state >> 29
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset + 8 <= bytes.count {
            add(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        while offset < bytes.count {
            tail = tail << 8 | UInt64(bytes[offset])
            offset += 1
        }
        add(tail)
    }

    /// One SQLite value: its type, then its number or its bytes and their count.
    mutating func add(value: OpaquePointer?) {
        let type = sqlite3_value_type(value)
        add(UInt8(truncatingIfNeeded: type))
        switch type {
        case SQLITE_INTEGER:
            add(UInt64(bitPattern: sqlite3_value_int64(value)))
        case SQLITE_FLOAT:
            add(sqlite3_value_double(value).bitPattern)
        case SQLITE_TEXT:
            let length = Int(sqlite3_value_bytes(value))
            if let bytes = sqlite3_value_text(value) { add(UnsafeRawBufferPointer(start: bytes, count: length)) }
            add(UInt64(length))
        case SQLITE_BLOB:
            let length = Int(sqlite3_value_bytes(value))
            if let bytes = sqlite3_value_blob(value) { add(UnsafeRawBufferPointer(start: bytes, count: length)) }
            add(UInt64(length))
        default:
            break
        }
    }

    var finished: UInt64 {
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
        return mixed ^ (mixed >> 31)
    }
}
