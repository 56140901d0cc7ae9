import Foundation

/// One cell of a report row.
public enum ReportCell: Sendable, ExpressibleByStringLiteral {
    /// Text copied from input (ids, descriptions, messages): neutralised against spreadsheet formulas.
    case text(String)
    /// A value we produced (amounts, counts, statuses): written as it is.
    case value(String)

    public init(stringLiteral value: String) { self = .value(value) }

    /// The text before any neutralising: what the row is about (a tenant id, for splitting).
    var rawText: String {
        switch self {
        case .value(let value): value
        case .text(let text): text
        }
    }

    var csvText: String {
        switch self {
        case .value(let value): value
        case .text(let text): FormulaGuard.neutralised(text)
        }
    }
}

/// Writes an RFC 4180 CSV report through a buffer: quotes only the fields that need it, CRLF-free
/// (LF line ends), UTF-8 (with a BOM under `--csv-bom`). The file is created new, 0640 (SPEC §6), never through a
/// symlink; a write that fails names the file and the reason (e.g. no space left on device).
public final class CSVReportWriter {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let columnCount: Int
    public let path: String
    /// Columns appended to every row, e.g. `dry_run,true` in a dry run.
    private let trailing: [ReportCell]
    private var closed = false
    /// Under `--split-by-tenant`, for a report with a `tenant_id` column: each tenant's copy.
    private var split: TenantReportSplit?

    /// Creates the file and writes the header (after a BOM when `options` asks for one).
    /// - Throws: `ReportError.writeFailed` naming the file when it cannot be created.
    public init(path: String, header: [String], trailing: [(name: String, value: String)] = [],
                options: ReportOptions = .plain) throws {
        descriptor = try ReportDirectory.createFile(path)
        self.path = path
        self.columnCount = header.count
        self.trailing = trailing.map { .value($0.value) }
        buffer.reserveCapacity(1 << 16)
        if options.byteOrderMark { buffer += ReportOptions.byteOrderMarkBytes }
        writeRow((header + trailing.map(\.name)).map { .value($0) })
        if options.splitByTenant, let tenantColumn = header.firstIndex(of: "tenant_id") {
            split = TenantReportSplit(reportPath: path, tenantColumn: tenantColumn, header: buffer)
        }
    }

    public func write(_ cells: [ReportCell]) throws {
        precondition(cells.count == columnCount, "a report row has \(columnCount) cells, got \(cells.count)")
        let start = buffer.count
        writeRow(cells + trailing)
        if let split { try split.add(buffer[start...], tenantID: cells[split.tenantColumn].rawText) }
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Appends a row encoded ahead with `CSVRowEncoder` (results.csv's hot path: no cell array, no
    /// String per cell; the same bytes can go to two files), then the trailing columns.
    /// `tenantID`: the row's tenant, for `--split-by-tenant`.
    public func write(_ row: CSVRowEncoder, tenantID: String) throws {
        precondition(row.cellCount == columnCount, "a report row has \(columnCount) cells, got \(row.cellCount)")
        let start = buffer.count
        buffer.append(contentsOf: row.bytes)
        for cell in trailing {
            buffer.append(UInt8(ascii: ","))
            append(field: cell.csvText)
        }
        buffer.append(UInt8(ascii: "\n"))
        if let split { try split.add(buffer[start...], tenantID: tenantID) }
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func writeRow(_ cells: [ReportCell]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            append(field: cell.csvText)
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    private func append(field: String) {
        CSVRowEncoder.appendField(field, to: &buffer)
    }

    /// Hands the buffered rows to the file now, so a full disk is found at this point rather
    /// than some rows later (results.csv flushes after every batch).
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try ReportDirectory.writeAll(buffer, to: descriptor, path: path)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and closes the file.
    public func close() throws {
        guard !closed else { return }
        closed = true
        defer { ReportDirectory.closeFile(descriptor) }
        try flush()
        try split?.flush(syncing: true)
        guard fsync(descriptor) == 0 else { throw ReportError.writeFailed(path: path, reason: String(cString: strerror(errno))) }
    }

    deinit {
        if !closed { ReportDirectory.closeFile(descriptor) }
    }
}

/// Problems writing reports; each names the path and what to do.
public enum ReportError: Error, CustomStringConvertible {
    case cannotWrite(path: String)
    case writeFailed(path: String, reason: String)
    case cannotPublish(path: String, reason: String)
    /// A report file read back (to seal it in manifest.json, or by `verify --report`) could not be read.
    case readFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path): "cannot write report file \(path): check that the reports directory is writable"
        case .writeFailed(let path, let reason): "cannot write report file \(path): \(reason)"
        case .cannotPublish(let path, let reason): "cannot publish reports at \(path): \(reason)"
        case .readFailed(let path, let reason): "cannot read report file \(path): \(reason)"
        }
    }
}
