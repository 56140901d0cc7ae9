import Foundation

/// A CSV report as the tests read it: an RFC 4180 reader (quoted fields holding commas, quotes
/// and line breaks; LF or CRLF), written here so the tests do not trust the product's own reader.
/// A quote inside an unquoted field is taken literally (as the sample transfers file has one);
/// text after a closing quote is an error.
struct CSVTable: Equatable, CustomStringConvertible {
    var header: [String]
    var rows: [[String]]

    init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    init(text: String) throws {
        let records = try CSVTable.parse(text)
        guard let header = records.first else { throw CSVTableError.empty }
        self.header = header
        rows = Array(records.dropFirst())
        for (index, row) in rows.enumerated() where row.count != header.count {
            throw CSVTableError.ragged(record: index + 2, fields: row.count, expected: header.count)
        }
    }

    init(contentsOf url: URL) throws {
        try self.init(text: String(contentsOf: url, encoding: .utf8))
    }

    /// Index of a column by its exact name.
    func index(of column: String) throws -> Int {
        guard let index = header.firstIndex(of: column) else { throw CSVTableError.noColumn(column, header) }
        return index
    }

    /// Every value of a column, in row order.
    func column(_ name: String) throws -> [String] {
        let index = try index(of: name)
        return rows.map { $0[index] }
    }

    /// Rows as name → value dictionaries.
    var records: [[String: String]] {
        rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// The same table with the values of `columns` replaced by stable placeholders (`<id1>`, `<id2>`…
    /// in order of first appearance), so two runs that minted different ids compare equal while a
    /// cell that refers to another row's id still has to refer to the same one.
    func maskingIDs(in columns: [String]) throws -> CSVTable {
        var masked = self
        var names: [String: String] = [:]
        let indices = try columns.map { try index(of: $0) }
        for row in masked.rows.indices {
            for column in indices where !masked.rows[row][column].isEmpty {
                let value = masked.rows[row][column]
                if names[value] == nil { names[value] = "<id\(names.count + 1)>" }
                masked.rows[row][column] = names[value]!
            }
        }
        return masked
    }

    /// The table as RFC 4180 text (fields quoted when they need it, LF line ends).
    var csvText: String {
        ([header] + rows).map { $0.map(CSVTable.quoted).joined(separator: ",") + "\n" }.joined()
    }

    /// The same table without one column.
    func dropping(_ column: String) throws -> CSVTable {
        let index = try index(of: column)
        return CSVTable(header: header.enumerated().filter { $0.offset != index }.map(\.element),
                        rows: rows.map { $0.enumerated().filter { $0.offset != index }.map(\.element) })
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    var description: String {
        ([header] + rows).map { $0.joined(separator: " | ") }.joined(separator: "\n")
    }

    /// Splits RFC 4180 text into records of fields.
    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var scalars = Array(text.unicodeScalars)[...]
        func endField() {
            record.append(field)
            field = ""
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            records.append(record)
            record = []
        }
        while let scalar = scalars.popFirst() {
            if inQuotes {
                if scalar == "\"" {
                    if scalars.first == "\"" {
                        scalars.removeFirst()
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
            case ",":
                endField()
            case "\r" where scalars.first == "\n":
                break
            case "\n":
                endRecord()
            default:
                if fieldWasQuoted { throw CSVTableError.strayQuote(record: records.count + 1) }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw CSVTableError.unterminatedQuote }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}

enum CSVTableError: Error, CustomStringConvertible {
    case empty
    case ragged(record: Int, fields: Int, expected: Int)
    case strayQuote(record: Int)
    case unterminatedQuote
    case noColumn(String, [String])

    var description: String {
        switch self {
        case .empty: "the CSV file is empty (not even a header)"
        case let .ragged(record, fields, expected): "record \(record) has \(fields) fields, the header \(expected)"
        case let .strayQuote(record): "record \(record) has a quote inside an unquoted field"
        case .unterminatedQuote: "the CSV file ends inside a quoted field"
        case let .noColumn(name, header): "no column '\(name)' in \(header)"
        }
    }
}
