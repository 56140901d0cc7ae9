import GRDB

/// A value bound into a buffered insert.
enum SQLValue {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null
}

/// Buffers rows for one table and inserts them `rowsPerStatement` at a time.
///
/// One statement per row spent most of its time in statement set-up and tear-down; a statement
/// of 64 rows does the same work with a 64th of that overhead. Rows stay in memory only until
/// the batch's `flush`, inside the batch's transaction.
final class MultiRowInsert {
    private let table: String
    private let columns: [String]
    private let rowsPerStatement: Int
    private var values: [SQLValue] = []
    private var statements: [Int: RawStatement] = [:]

    init(table: String, columns: [String], rowsPerStatement: Int = 64) {
        self.table = table
        self.columns = columns
        self.rowsPerStatement = rowsPerStatement
    }

    /// Appends one row; `row` must give exactly one value per column.
    func append(_ row: SQLValue...) {
        precondition(row.count == columns.count, "\(table): \(columns.count) values per row, got \(row.count)")
        values.append(contentsOf: row)
    }

    var isEmpty: Bool { values.isEmpty }

    /// Inserts every buffered row.
    func flush(_ db: Database) throws {
        let rows = values.count / columns.count
        var start = 0
        while start < rows {
            let count = min(rowsPerStatement, rows - start)
            let statement = try self.statement(rows: count, db: db)
            for offset in 0..<(count * columns.count) {
                let index = Int32(offset + 1)
                switch values[start * columns.count + offset] {
                case .integer(let value): statement.bind(index, value)
                case .text(let value): statement.bind(index, value)
                case .blob(let value): statement.bind(index, blob: value)
                case .null: statement.bind(index, nil as String?)
                }
            }
            try statement.execute()
            start += count
        }
        values.removeAll(keepingCapacity: true)
    }

    /// Drops buffered rows (the batch's transaction rolled back).
    func discard() { values.removeAll(keepingCapacity: true) }

    private func statement(rows: Int, db: Database) throws -> RawStatement {
        if let statement = statements[rows] { return statement }
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ")
        let statement = try RawStatement(db, sql: sql)
        statements[rows] = statement
        return statement
    }
}
