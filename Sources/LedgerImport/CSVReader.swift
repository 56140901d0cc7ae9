import CLibCSV
import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the records of one CSV file through libcsv, a record at a time (SPEC §3).
///
/// The file is read in fixed chunks, never whole, so a million-row transfers file costs one chunk
/// of memory plus the record being assembled.
///
/// **Line numbers.** libcsv reports no positions, so the reader cuts each chunk into physical lines
/// itself (ended by LF, CR LF or a lone CR — a CR LF split across two chunks still counts once) and
/// feeds libcsv one line at a time. If libcsv is between records before a line is fed, any record
/// that ends up being assembled starts on that line; blank lines produce no record and so never
/// shift the numbers of later ones. libcsv can only end a record at a CR or LF byte, which is always
/// the end of a fed line, so at most one record completes per line.
///
/// **Leniency.** libcsv runs without `CSV_STRICT`: a stray quote inside an unquoted field is kept as
/// text (csv-spectrum's `location_coordinates.csv`). `CSV_STRICT_FINI` is not used either, because
/// libcsv only honours it together with `CSV_STRICT`; the reader asks the parser at end of file
/// whether a quoted field is still open instead (`CLibCSV_in_open_quote`).
///
/// **Spaces.** libcsv's default space handling is kept: ASCII spaces and tabs before a field and
/// after an unquoted field or a closing quote are dropped, while those inside quotes stay. The row
/// mappers trim every field anyway, so nothing a caller sees changes — but it lets `1, "a, b"` and
/// `"a" ,1` read as intended. With nothing counted as space, a space after a closing quote would make
/// libcsv reopen the quoted field and silently glue the following lines into it.
///
/// Record-level damage (invalid UTF-8, NUL, unterminated quote, over-long record) comes back in
/// `CSVRecord.problem`; only file-level failures throw.
public final class CSVReader {
    /// Bytes read from the file per `read`: big enough to make system calls rare, small enough to
    /// stay in cache.
    public static let defaultChunkBytes = 256 * 1024
    /// Longest record accepted, in bytes of file text. Past it the record is returned with a problem
    /// and reading stops: in practice only an unterminated quote gets there, and it would otherwise
    /// pull the rest of a large file into memory.
    public static let defaultMaxRecordBytes = 1 << 20
    /// libcsv grows its field buffer by this many bytes at a time (its default of 128 would make
    /// a long field cost thousands of reallocations).
    private static let parserBlockBytes = 64 * 1024

    /// The path as the caller gave it; every message about this file names it so.
    public let path: String
    /// Bytes read from the file so far (including the chunk being parsed), for progress reports.
    public private(set) var bytesRead = 0
    /// Bytes of the file through the end of the last record returned (all of them after `nil`).
    public private(set) var consumedBytes = 0
    /// SHA-256 of the bytes fed to the parser, a line at a time, so it stops at record ends.
    private var consumedHasher = SHA256()

    private let file: UnsafeMutablePointer<FILE>
    /// Allocated once so that libcsv's state never moves while it is being used.
    private let parser: UnsafeMutablePointer<csv_parser>
    private let chunk: UnsafeMutablePointer<UInt8>
    private let chunkCapacity: Int
    private let maxRecordBytes: Int
    private var chunkEnd = 0
    private var chunkPosition = 0
    private var finished = false

    /// The physical line that the next byte fed to libcsv belongs to.
    private var nextLine = 1
    /// The last line fed ended with a CR that was the last byte of its chunk, so an LF starting
    /// the next chunk is the second half of a CR LF, not a line of its own.
    private var pendingCR = false
    private var recordBytes = 0
    /// Allocated once, like `parser`; see `CSVRecordAssembly` for why it is not a stored property.
    private let assembly: UnsafeMutablePointer<CSVRecordAssembly>

    /// Opens `path` and checks its encoding.
    ///
    /// - Parameters:
    ///   - chunkBytes: bytes per read (at least 4 are read, to see a byte-order mark whole).
    ///   - maxRecordBytes: longest record accepted, see `defaultMaxRecordBytes`.
    /// - Throws: `CSVFileError.cannotOpen` / `.cannotRead` for a missing or unreadable file,
    ///   `.unsupportedEncoding` for a UTF-16 or UTF-32 byte-order mark. A UTF-8 byte-order mark is
    ///   skipped, so the first header name matches.
    public init(
        path: String, chunkBytes: Int = CSVReader.defaultChunkBytes,
        maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes
    ) throws(CSVFileError) {
        precondition(chunkBytes > 0 && maxRecordBytes > 0, "chunk and record limits must be positive")
        guard let file = fopen(path, "rb") else {
            throw .cannotOpen(path: path, reason: Self.systemErrorText())
        }
        self.path = path
        self.file = file
        self.chunkCapacity = max(chunkBytes, 4)
        self.maxRecordBytes = maxRecordBytes
        self.chunk = .allocate(capacity: chunkCapacity)
        self.parser = .allocate(capacity: 1)
        self.assembly = .allocate(capacity: 1)
        assembly.initialize(to: CSVRecordAssembly())
        csv_init(parser, 0)
        csv_set_blk_size(parser, Self.parserBlockBytes)
        try refill()
        try skipByteOrderMark()
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
        assembly.deinitialize(count: 1)
        assembly.deallocate()
        chunk.deallocate()
        fclose(file)
    }

    /// The next record, or `nil` at end of file. A damaged record is returned with `problem` set;
    /// after an unterminated quote or an over-long record there are no more records.
    ///
    /// - Throws: `CSVFileError.cannotRead` when reading the file fails.
    public func next() throws(CSVFileError) -> CSVRecord? {
        while assembly.pointee.completed == nil && !finished {
            if chunkPosition == chunkEnd {
                try refill()
                if chunkEnd == 0 {
                    finish()
                    break
                }
            }
            try feedNextLine()
        }
        let record = assembly.pointee.completed
        assembly.pointee.completed = nil
        return record
    }

    /// SHA-256 of the file's first `consumedBytes` bytes; cheap at any record boundary.
    public func consumedDigest() -> [UInt8] {
        Array(consumedHasher.finalize())
    }

    // MARK: - Reading

    private func refill() throws(CSVFileError) {
        let count = fread(chunk, 1, chunkCapacity, file)
        if count < chunkCapacity && ferror(file) != 0 {
            throw .cannotRead(path: path, reason: Self.systemErrorText())
        }
        chunkEnd = count
        chunkPosition = 0
        bytesRead += count
    }

    private func skipByteOrderMark() throws(CSVFileError) {
        let head = Array(UnsafeBufferPointer(start: chunk, count: min(chunkEnd, 4)))
        if head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            throw .unsupportedEncoding(path: path, encoding: "UTF-32")
        }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            throw .unsupportedEncoding(path: path, encoding: "UTF-16")
        }
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            chunkPosition = 3
            consumedHasher.update(data: head.prefix(3))
            consumedBytes = 3
        }
    }

    /// Feeds libcsv the rest of the current physical line that lies in this chunk.
    private func feedNextLine() throws(CSVFileError) {
        let start = chunk + chunkPosition
        let available = chunkEnd - chunkPosition
        if pendingCR {
            pendingCR = false
            if start[0] == Self.lineFeed {
                try feed(start, count: 1)
                consumedHasher.update(bufferPointer: UnsafeRawBufferPointer(start: start, count: 1))
                consumedBytes += 1
                chunkPosition += 1
                return
            }
        }
        var length = 0
        while length < available {
            let byte = start[length]
            if byte == Self.lineFeed || byte == Self.carriageReturn { break }
            length += 1
        }
        let endsLine = length < available
        if endsLine {
            if start[length] == Self.carriageReturn {
                if length + 1 == available {
                    pendingCR = true
                } else if start[length + 1] == Self.lineFeed {
                    length += 1
                }
            }
            length += 1
        }
        if CLibCSV_parser_state(parser) == 0 {
            assembly.pointee.line = nextLine
            recordBytes = 0
        }
        try feed(start, count: length)
        consumedHasher.update(bufferPointer: UnsafeRawBufferPointer(start: start, count: length))
        consumedBytes += length
        chunkPosition += length
        if endsLine {
            nextLine += 1
        }
        if CLibCSV_parser_state(parser) != 0 {
            recordBytes += length
            if recordBytes > maxRecordBytes {
                abandonOverlongRecord()
            }
        }
    }

    private func feed(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) throws(CSVFileError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        let consumed = csv_parse(parser, bytes, count, csvReaderFieldEnded, csvReaderRecordEnded, context)
        if consumed != count {
            throw .cannotRead(path: path, reason: "libcsv: " + String(cString: csv_strerror(csv_error(parser))))
        }
    }

    /// End of file: lets libcsv deliver a last record that has no line break after it.
    private func finish() {
        let quoteOpen = CLibCSV_in_open_quote(parser) != 0
        let context = Unmanaged.passUnretained(self).toOpaque()
        csv_fini(parser, csvReaderFieldEnded, csvReaderRecordEnded, context)
        if quoteOpen {
            let line = assembly.pointee.line
            assembly.pointee.completed?.problem =
                "unterminated quote: the rest of the file from line \(line) was read as one record"
        }
        finished = true
    }

    private func abandonOverlongRecord() {
        let line = assembly.pointee.line
        assembly.pointee.completed = CSVRecord(
            fields: assembly.pointee.partialFields, line: line,
            problem: "record from line \(line) is longer than \(maxRecordBytes) bytes "
                + "(an unterminated quote?); the rest of the file was not read")
        finished = true
    }

    // MARK: - libcsv callbacks

    fileprivate func fieldEnded(_ bytes: UnsafeMutableRawPointer?, count: Int) {
        assembly.pointee.appendField(bytes, count: count)
    }

    fileprivate func recordEnded() {
        assembly.pointee.endRecord()
    }

    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    private static func systemErrorText() -> String {
        String(cString: strerror(errno))
    }
}

// The reader outlives every csv_parse / csv_fini call it makes, so the callbacks borrow it without
// the retain and release `takeUnretainedValue()` would cost per field.

private func csvReaderFieldEnded(_ bytes: UnsafeMutableRawPointer?, _ count: Int, _ context: UnsafeMutableRawPointer?) {
    Unmanaged<CSVReader>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.fieldEnded(bytes, count: count) }
}

private func csvReaderRecordEnded(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    Unmanaged<CSVReader>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.recordEnded() }
}
