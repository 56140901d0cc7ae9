import Foundation

/// One cell of a report row.
public enum ReportCell: Sendable, ExpressibleByStringLiteral {
    /// Text copied from input (ids, descriptions, messages): neutralised against spreadsheet formulas.
    case text(String)
    /// A value we produced (amounts, counts, statuses): written as it is.
    case value(String)

    public init(stringLiteral value: String) { self = .value(value) }

    var csvText: String {
        switch self {
        case .value(let value): value
        case .text(let text): FormulaGuard.neutralised(text)
        }
    }
}

/// Spreadsheet formula injection (SPEC §5): a text cell from input that a spreadsheet would read
/// as a formula is prefixed with `'`.
///
/// A spreadsheet starts a formula at `=`, `+`, `-`, `@` (and treats a leading tab or CR the
/// same way on import); East Asian spreadsheets accept the full-width and small forms too, and
/// skip invisible format characters (zero-width space, BOM, bidi marks) before them, so those
/// are looked through. JSON reports keep the raw text.
enum FormulaGuard {
    /// `= + - @ TAB CR`, their full-width forms `＝＋－＠` and small forms `﹦﹢﹣﹫`.
    static let formulaStarts: Set<UInt32> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D, 0xFF1D, 0xFF0B, 0xFF0D, 0xFF20,
                                             0xFE66, 0xFE62, 0xFE63, 0xFE6B]

    static func neutralised(_ text: String) -> String {
        // Fast path: a first byte that is printable ASCII and no formula start settles it.
        guard let first = text.utf8.first else { return text }
        if first < 0x80, !formulaStarts.contains(UInt32(first)) { return text }
        return startsLikeFormula(text) ? "'" + text : text
    }

    static func startsLikeFormula(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            if formulaStarts.contains(scalar.value) { return true }
            if !isInvisible(scalar) { return false }
        }
        return false
    }

    /// Characters that show nothing: format characters (Cf: U+200B–U+200F, U+2060–U+2064, U+FEFF,
    /// U+00AD, bidi controls), the combining grapheme joiner and the Hangul fillers.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.generalCategory == .format { return true }
        return [0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0].contains(scalar.value)
    }
}

/// Writes an RFC 4180 CSV report through a buffer: quotes only the fields that need it, CRLF-free
/// (LF line ends), UTF-8 without BOM. The file is created new, 0640 (SPEC §6), never through a
/// symlink; a write that fails names the file and the reason (e.g. no space left on device).
public final class CSVReportWriter {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let columnCount: Int
    public let path: String
    /// Columns appended to every row, e.g. `dry_run,true` in a dry run.
    private let trailing: [ReportCell]
    private var closed = false

    /// Creates the file and writes the header.
    /// - Throws: `ReportError.writeFailed` naming the file when it cannot be created.
    public init(path: String, header: [String], trailing: [(name: String, value: String)] = []) throws {
        descriptor = try ReportDirectory.createFile(path)
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

    public var description: String {
        switch self {
        case .cannotWrite(let path): "cannot write report file \(path): check that the reports directory is writable"
        case .writeFailed(let path, let reason): "cannot write report file \(path): \(reason)"
        case .cannotPublish(let path, let reason): "cannot publish reports at \(path): \(reason)"
        }
    }
}
