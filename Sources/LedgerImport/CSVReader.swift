import CLibCSV
import Crypto

/// Streams the records of one CSV file through libcsv, a record at a time (SPEC §3).
///
/// The file is read once, front to back, in fixed chunks, never whole — so a million-row
/// transfers file costs one chunk of memory plus the record being assembled, and a pipe or FIFO
/// (`--transfers <(zcat night.csv.gz)`) reads as well as a file.
///
/// **What was read.** The reader hashes the original bytes it parses (SHA-256, before any encoding
/// conversion, byte-order mark included) and counts them: `consumedBytes` and `consumedDigest()`
/// describe the file up to the end of the last record returned, and the whole file once `next()`
/// has returned `nil`. So the hash in the reports is that of the bytes the rows came from, and a
/// run can record how far into a file it got.
///
/// **Line numbers.** libcsv reports no positions, so the reader cuts each chunk into physical lines
/// itself (ended by LF, CR LF or a lone CR — a CR LF split across two chunks still counts once) and
/// feeds libcsv one line at a time. If libcsv is between records before a line is fed, any record
/// that ends up being assembled starts on that line; blank lines produce no record and so never
/// shift the numbers of later ones. libcsv can only end a record at a CR or LF byte, which is always
/// the end of a fed line, so at most one record completes per line — and the hash, updated a line
/// at a time, is exact at every record boundary.
///
/// **Encodings.** A file read with `--encoding` other than UTF-8 is cut into lines on its own code
/// units (CR and LF are the same characters in every supported encoding), and each line is
/// converted to UTF-8 (`TextConverter`) before libcsv sees it; line numbers stay the original's.
/// A file to be read as UTF-8 whose first 64 KiB are not UTF-8 is refused at open (`EncodingCheck`).
///
/// **Over-long records.** A record longer than `maxRecordBytes` is returned with a problem and no
/// fields, and reading goes on with the record after it: past the limit its bytes are only scanned
/// for where it ends (`OverlongRecordSkipper`), never kept.
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
/// Record-level damage (invalid text, NUL, unterminated quote, over-long record) comes back in
/// `CSVRecord.problem`; only file-level failures throw.
public final class CSVReader {
    /// Bytes read from the file per `read`: big enough to make system calls rare, small enough to
    /// stay in cache.
    public static let defaultChunkBytes = 256 * 1024
    /// Longest record accepted, in bytes of (UTF-8) text (SPEC §3: 1 MiB). A longer one is
    /// rejected and skipped; in practice it is an unterminated quote or a damaged export.
    public static let defaultMaxRecordBytes = 1 << 20
    /// How much of a file is checked at open for being UTF-8 (SPEC §3: its first 64 KiB).
    public static let encodingCheckBytes = 64 * 1024
    /// libcsv grows its field buffer by this many bytes at a time (its default of 128 would make
    /// a long field cost thousands of reallocations).
    private static let parserBlockBytes = 64 * 1024

    /// The path as the caller gave it; every message about this file names it so.
    public let path: String
    /// The encoding the file is read in: the one asked for, or UTF-8 for a file with a UTF-8
    /// byte-order mark.
    public let encoding: CSVEncoding
    /// The size of a regular file when it was opened; `nil` for a pipe, FIFO or device, which have none.
    public let fileSize: Int?
    /// Original bytes of the file consumed through the end of the last record `next()` returned
    /// (header and byte-order mark included); every byte of the file once `next()` returned `nil`.
    public private(set) var consumedBytes = 0
    /// Bytes read from the file so far (ahead of `consumedBytes` by up to a chunk), for progress.
    public var bytesRead: Int { source.bytesRead }

    /// SHA-256 of the original bytes [0, `consumedBytes`), as 32 bytes. Cheap at any record
    /// boundary: it finalises a copy of the running hash.
    public func consumedDigest() -> [UInt8] {
        Array(consumedHash.finalize())
    }

    private let source: InputByteSource
    private var consumedHash = SHA256()
    /// Allocated once so that libcsv's state never moves while it is being used.
    private let parser: UnsafeMutablePointer<csv_parser>
    private let chunk: UnsafeMutablePointer<UInt8>
    private let chunkCapacity: Int
    private let maxRecordBytes: Int
    /// Converts each line to UTF-8; `nil` for a UTF-8 file, which libcsv reads as it is.
    private let converter: TextConverter?
    /// CR and LF as code units of the file's encoding.
    private let lineBreaks: LineBreakUnits
    private var chunkEnd = 0
    private var chunkPosition = 0
    private var finished = false

    /// The physical line that the next byte fed to libcsv belongs to.
    private var nextLine = 1
    /// The last line fed ended with a CR that was the last unit of its chunk: the CR is held back
    /// until the next chunk shows whether an LF follows (one line break, CR LF) or not.
    private var pendingCR = false
    /// Text bytes of the record being assembled, against `maxRecordBytes`.
    private var recordBytes = 0
    /// While the rest of an over-long record is being passed over: where it ends is scanned for.
    private var skipper: OverlongRecordSkipper?
    /// Allocated once, like `parser`; see `CSVRecordAssembly` for why it is not a stored property.
    private let assembly: UnsafeMutablePointer<CSVRecordAssembly>

    /// Opens `path` and checks its encoding.
    ///
    /// - Parameters:
    ///   - encoding: how to decode the file (`--encoding`); a UTF-8 byte-order mark overrides it.
    ///   - chunkBytes: bytes per read (at least 4; rounded up to even for UTF-16).
    ///   - maxRecordBytes: longest record accepted, see `defaultMaxRecordBytes`.
    /// - Throws: `CSVFileError.cannotOpen` / `.cannotRead` for a missing or unreadable file;
    ///   `.unsupportedEncoding` for a UTF-32 byte-order mark, or a UTF-16 one unless UTF-16 was
    ///   asked for; `.notUTF8` for a file to be read as UTF-8 whose first 64 KiB are not;
    ///   `.cannotConvert` when the system cannot convert the encoding. A byte-order mark is
    ///   consumed (and hashed) but never parsed, so the first header name matches.
    public init(
        path: String, encoding: CSVEncoding = .utf8, chunkBytes: Int = CSVReader.defaultChunkBytes,
        maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes
    ) throws(CSVFileError) {
        precondition(chunkBytes > 0 && maxRecordBytes > 0, "chunk and record limits must be positive")
        let source = try InputByteSource(path: path, headBytes: Self.encodingCheckBytes)
        let check = try EncodingCheck(
            head: source.head, wholeFile: source.head.count < Self.encodingCheckBytes, asked: encoding, path: path)
        if check.encoding == .utf8 {
            converter = nil
        } else {
            guard let converter = TextConverter(encoding: check.encoding, bigEndian: check.bigEndian) else {
                throw .cannotConvert(path: path, encoding: check.encoding)
            }
            self.converter = converter
        }
        self.path = path
        self.encoding = check.encoding
        self.source = source
        self.fileSize = source.fileSize
        self.lineBreaks = LineBreakUnits(unitWidth: check.encoding.unitWidth, bigEndian: check.bigEndian)
        let minimum = max(chunkBytes, 4)
        self.chunkCapacity = minimum + minimum % check.encoding.unitWidth
        self.maxRecordBytes = maxRecordBytes
        self.chunk = .allocate(capacity: chunkCapacity)
        self.parser = .allocate(capacity: 1)
        self.assembly = .allocate(capacity: 1)
        assembly.initialize(to: CSVRecordAssembly())
        Self.initialize(parser)
        if check.byteOrderMarkBytes > 0 {
            source.head.withUnsafeBufferPointer { consume($0.baseAddress!, count: check.byteOrderMarkBytes) }
            source.skipHead(check.byteOrderMarkBytes)
        }
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
        assembly.deinitialize(count: 1)
        assembly.deallocate()
        chunk.deallocate()
    }

    /// The next record, or `nil` at end of file. A damaged record is returned with `problem` set;
    /// after an unterminated quote there are no more records.
    ///
    /// - Throws: `CSVFileError.cannotRead` when reading the file fails.
    public func next() throws(CSVFileError) -> CSVRecord? {
        while assembly.pointee.completed == nil && !finished {
            if chunkPosition == chunkEnd {
                chunkEnd = try source.read(into: chunk, capacity: chunkCapacity)
                chunkPosition = 0
                if chunkEnd == 0 {
                    if pendingCR {
                        try feedHeldBackCR(followedByLF: false)
                    } else {
                        try finish()
                    }
                    continue
                }
            }
            try feedNextLine()
        }
        let record = assembly.pointee.completed
        assembly.pointee.completed = nil
        return record
    }

    // MARK: - Lines

    /// Feeds the rest of the current physical line that lies in this chunk.
    private func feedNextLine() throws(CSVFileError) {
        let start = chunk + chunkPosition
        let available = chunkEnd - chunkPosition
        if pendingCR {
            let followedByLF = lineBreaks.isLineFeed(start, available: available)
            try feedHeldBackCR(followedByLF: followedByLF)
            if followedByLF { chunkPosition += lineBreaks.unitWidth }
            return
        }
        let width = lineBreaks.unitWidth
        let breakAt = lineBreaks.firstBreak(start, available: available)
        guard let breakAt else {
            try feed(start, count: available, endsLine: false)
            chunkPosition += available
            return
        }
        var length = breakAt + width
        if lineBreaks.isCarriageReturn(start + breakAt) {
            if length == available {
                // Hold the CR back: an LF at the start of the next chunk belongs to it.
                try feed(start, count: breakAt, endsLine: false)
                pendingCR = true
                chunkPosition += available
                return
            }
            if lineBreaks.isLineFeed(start + length, available: available - length) {
                length += width
            }
        }
        try feed(start, count: length, endsLine: true)
        chunkPosition += length
    }

    /// Feeds the CR held back at a chunk's end, with the LF that follows it, if any.
    private func feedHeldBackCR(followedByLF: Bool) throws(CSVFileError) {
        pendingCR = false
        let units = followedByLF ? lineBreaks.crlf : lineBreaks.cr
        try units.withUnsafeBufferPointer { (buffer) throws(CSVFileError) in
            try feed(buffer.baseAddress!, count: buffer.count, endsLine: true)
        }
    }

    /// Hashes one piece of a line as read, converts it to UTF-8 when needed and parses it.
    private func feed(_ bytes: UnsafePointer<UInt8>, count: Int, endsLine: Bool) throws(CSVFileError) {
        consume(bytes, count: count)
        if skipper == nil && CLibCSV_parser_state(parser) == 0 {
            assembly.pointee.line = nextLine
            recordBytes = 0
        }
        if let converter {
            let (text, invalid) = converter.convert(bytes, count: count, final: endsLine)
            if invalid { noteInvalidText() }
            try parse(text.baseAddress!, count: text.count)
        } else {
            try parse(bytes, count: count)
        }
        if endsLine {
            nextLine += 1
        }
    }

    /// Counts and hashes original bytes: everything the reader parses passes here once, in order.
    private func consume(_ bytes: UnsafePointer<UInt8>, count: Int) {
        consumedHash.update(bufferPointer: UnsafeRawBufferPointer(start: bytes, count: count))
        consumedBytes += count
    }

    private func noteInvalidText() {
        guard skipper == nil else { return }
        assembly.pointee.noteProblem(
            "line \(nextLine) is not valid \(encoding.displayName) text; check the file's encoding (--encoding)")
    }

    // MARK: - Parsing

    /// Hands UTF-8 text to libcsv — or, past an over-long record's limit, to the skipper.
    private func parse(_ text: UnsafePointer<UInt8>, count: Int) throws(CSVFileError) {
        if skipper != nil {
            if skipper!.scan(text, count: count) {
                skipper = nil
                completeOverlongRecord(endedAtEndOfFile: false, quoteOpen: false)
            }
            return
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        let parsed = csv_parse(parser, text, count, csvReaderFieldEnded, csvReaderRecordEnded, context)
        if parsed != count {
            throw .cannotRead(path: path, reason: "libcsv: " + String(cString: csv_strerror(csv_error(parser))))
        }
        recordBytes += count
        guard recordBytes > maxRecordBytes else { return }
        if assembly.pointee.completed != nil {
            // The line that ended the record took it past the limit.
            completeOverlongRecord(endedAtEndOfFile: false, quoteOpen: false)
        } else if CLibCSV_parser_state(parser) != 0 {
            skipper = OverlongRecordSkipper(parser: parser)
            csv_free(parser)
            Self.initialize(parser)
            assembly.pointee.discardRecord()
        }
    }

    /// The over-long record, without its fields, in place of whatever was assembled of it.
    private func completeOverlongRecord(endedAtEndOfFile: Bool, quoteOpen: Bool) {
        let line = assembly.pointee.line
        let rest =
            if quoteOpen {
                "a quote in it is never closed, so it runs to the end of the file"
            } else if endedAtEndOfFile {
                "it runs to the end of the file"
            } else if nextLine == line {
                "it was skipped and reading went on after it"
            } else {
                "it was skipped up to line \(nextLine) and reading went on after it"
            }
        assembly.pointee.discardRecord()
        assembly.pointee.completed = CSVRecord(
            fields: [], line: line, problem: "record from line \(line) is longer than \(maxRecordBytes) bytes; " + rest)
    }

    /// End of file: lets libcsv deliver a last record that has no line break after it.
    private func finish() throws(CSVFileError) {
        finished = true
        if let converter {
            let (text, invalid) = converter.finish()
            if invalid { noteInvalidText() }
            if text.count > 0 { try parse(text.baseAddress!, count: text.count) }
        }
        if let skipper {
            self.skipper = nil
            completeOverlongRecord(endedAtEndOfFile: true, quoteOpen: skipper.inQuotedField)
            return
        }
        let quoteOpen = CLibCSV_in_open_quote(parser) != 0
        let context = Unmanaged.passUnretained(self).toOpaque()
        csv_fini(parser, csvReaderFieldEnded, csvReaderRecordEnded, context)
        if quoteOpen {
            let line = assembly.pointee.line
            assembly.pointee.completed?.problem =
                "unterminated quote: the rest of the file from line \(line) was read as one record"
        }
    }

    private static func initialize(_ parser: UnsafeMutablePointer<csv_parser>) {
        csv_init(parser, 0)
        csv_set_blk_size(parser, parserBlockBytes)
    }

    // MARK: - libcsv callbacks

    fileprivate func fieldEnded(_ bytes: UnsafeMutableRawPointer?, count: Int) {
        assembly.pointee.appendField(bytes, count: count)
    }

    fileprivate func recordEnded() {
        assembly.pointee.endRecord()
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
