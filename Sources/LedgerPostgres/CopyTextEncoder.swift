internal import PostgresNIO

/// Rows in the text format of `COPY … FROM STDIN` (PostgreSQL manual, COPY "Text Format"), built
/// straight into the buffers postgres-nio sends: tab between fields, newline after each row, `\N`
/// for NULL, and backslash, tab, newline and carriage return escaped inside text, so any
/// description or reason from a CSV (tabs and line breaks included) arrives unchanged (a NUL, which
/// PostgreSQL text cannot hold, arrives as U+FFFD: `PostgresText`).
///
/// Rows accumulate in chunks of about `chunkBytes`, so a batch of any size is sent in pieces of a
/// bounded size instead of one large allocation.
struct CopyTextEncoder {
    private(set) var chunks: [ByteBuffer] = []
    private var current: ByteBuffer
    private var atRowStart = true
    private(set) var rowCount = 0
    let chunkBytes: Int

    init(chunkBytes: Int = 256 * 1024) {
        precondition(chunkBytes > 0, "a COPY chunk holds at least a byte")
        self.chunkBytes = chunkBytes
        current = ByteBufferAllocator().buffer(capacity: chunkBytes)
    }

    /// The encoded rows, ending with the last complete row.
    mutating func finish() -> [ByteBuffer] {
        precondition(atRowStart, "finish after a whole row")
        if current.readableBytes > 0 { chunks.append(current) }
        current = ByteBufferAllocator().buffer(capacity: 0)
        return chunks
    }

    mutating func endRow() {
        current.writeInteger(UInt8(ascii: "\n"))
        atRowStart = true
        rowCount += 1
        if current.readableBytes >= chunkBytes {
            chunks.append(current)
            current = ByteBufferAllocator().buffer(capacity: chunkBytes)
        }
    }

    mutating func null() {
        separate()
        current.writeStaticString("\\N")
    }

    mutating func int(_ value: Int64) {
        separate()
        current.writeString(String(value))
    }

    mutating func int(_ value: Int64?) {
        if let value { int(value) } else { null() }
    }

    /// An exact Int128 into a NUMERIC column.
    mutating func wide(_ value: Int128) {
        separate()
        current.writeString(String(value))
    }

    mutating func bool(_ value: Bool) {
        separate()
        current.writeInteger(UInt8(ascii: value ? "t" : "f"))
    }

    mutating func text(_ value: String?) {
        guard let value else { return null() }
        separate()
        var utf8 = value
        utf8.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\\"): current.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): current.writeStaticString("\\t")
                case UInt8(ascii: "\n"): current.writeStaticString("\\n")
                case UInt8(ascii: "\r"): current.writeStaticString("\\r")
                // PostgreSQL text cannot hold NUL: U+FFFD instead, as `PostgresText.storable`.
                case 0: current.writeBytes([0xEF, 0xBF, 0xBD])
                default: current.writeInteger(byte)
                }
            }
        }
    }

    /// BYTEA as `\x` and hex digits; the backslash itself escaped for the text format.
    mutating func bytes(_ value: [UInt8]?) {
        guard let value else { return null() }
        separate()
        current.writeStaticString("\\\\x")
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        for byte in value {
            current.writeInteger(digits[Int(byte >> 4)])
            current.writeInteger(digits[Int(byte & 0x0F)])
        }
    }

    private mutating func separate() {
        if atRowStart {
            atRowStart = false
        } else {
            current.writeInteger(UInt8(ascii: "\t"))
        }
    }
}
