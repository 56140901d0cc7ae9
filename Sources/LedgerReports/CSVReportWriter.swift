import Foundation

/// One cell of a report row.
public enum ReportCell: Sendable, ExpressibleByStringLiteral {
    /// Text copied from input (ids, descriptions, messages): neutralised against spreadsheet formulas.
    case text(String)
    /// A value we produced (amounts, counts, statuses): written as it is.
    case value(String)

    public init(stringLiteral value: String) { self = .value(value) }

    /// Characters that make a spreadsheet read a cell as a formula (SPEC §5).
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    var csvText: String {
        switch self {
        case .value(let value): return value
        case .text(let text):
            guard let first = text.first, ReportCell.formulaStarts.contains(first) else { return text }
            return "'" + text
        }
    }
}

/// Writes an RFC 4180 CSV report through a buffer: quotes only the fields that need it, CRLF-free
/// (LF line ends), UTF-8 without BOM.
public final class CSVReportWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let columnCount: Int
    public let path: String
    /// Columns appended to every row, e.g. `dry_run,true` in a dry run.
    private let trailing: [ReportCell]

    /// Creates (truncating) the file and writes the header.
    public init(path: String, header: [String], trailing: [(name: String, value: String)] = []) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ReportError.cannotWrite(path: path)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ReportError.cannotWrite(path: path) }
        self.handle = handle
        self.path = path
        self.columnCount = header.count
        self.trailing = trailing.map { .value($0.value) }
        buffer.reserveCapacity(1 << 16)
        try writeRow((header + trailing.map(\.name)).map { .value($0) })
    }

    public func write(_ cells: [ReportCell]) throws {
        precondition(cells.count == columnCount, "a report row has \(columnCount) cells, got \(cells.count)")
        try writeRow(cells + trailing)
    }

    private func writeRow(_ cells: [ReportCell]) throws {
        for (index, cell) in cells.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            append(field: cell.csvText)
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func append(field: String) {
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard needsQuotes else {
            buffer.append(contentsOf: utf8)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and closes the file.
    public func close() throws {
        try flush()
        try handle.synchronize()
        try handle.close()
    }
}

/// Problems writing reports; each names the path.
public enum ReportError: Error, CustomStringConvertible {
    case cannotWrite(path: String)
    case cannotPublish(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path): "cannot write report file \(path): check that the reports directory is writable"
        case .cannotPublish(let path, let reason): "cannot publish reports at \(path): \(reason)"
        }
    }
}
