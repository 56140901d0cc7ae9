#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Musl)
import Musl
private let systemRead = Musl.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// The original bytes of one input file, read exactly once, front to back (SPEC §3).
///
/// The file may be a pipe or a FIFO (`--transfers <(zcat night.csv.gz)`): nothing here seeks,
/// stats the path a second time or opens it again. The first `headBytes` are read at open so the
/// reader can check the encoding, and are then handed out like any other bytes.
final class InputByteSource {
    /// The size of a regular file when it was opened; `nil` for a pipe, FIFO or device.
    let fileSize: Int?
    /// Bytes read from the file so far, including the head.
    private(set) var bytesRead = 0
    /// The start of the file, read at open; `headPosition` bytes of it were handed out already.
    private(set) var head: [UInt8]
    private var headPosition = 0
    private let file: UnsafeMutablePointer<FILE>
    private let path: String

    /// - Throws: `CSVFileError.cannotOpen` or `.cannotRead`.
    init(path: String, headBytes: Int) throws(CSVFileError) {
        guard let file = fopen(path, "rb") else {
            throw .cannotOpen(path: path, reason: Self.systemErrorText())
        }
        self.file = file
        self.path = path
        var status = stat()
        if fstat(fileno(file), &status) == 0, status.st_mode & S_IFMT == S_IFREG {
            fileSize = Int(status.st_size)
        } else {
            fileSize = nil
        }
        head = []
        head = try readHead(count: headBytes)
    }

    deinit {
        fclose(file)
    }

    /// Fills `buffer` with up to `capacity` bytes (fewer only at end of file); 0 at end of file.
    /// With an even `capacity` every call but the last returns an even count, so a 2-byte code
    /// unit is never split between two calls.
    ///
    /// - Throws: `CSVFileError.cannotRead` when the system read fails.
    func read(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) throws(CSVFileError) -> Int {
        if headPosition < head.count {
            let count = min(capacity, head.count - headPosition)
            head.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + headPosition, count: count) }
            headPosition += count
            if headPosition == head.count {
                head = []
                headPosition = 0
            }
            return count
        }
        return try readFile(into: buffer, capacity: capacity)
    }

    /// Skips `count` bytes of the head (a byte-order mark the reader has dealt with).
    func skipHead(_ count: Int) {
        precondition(headPosition + count <= head.count, "skipping past the head")
        headPosition += count
    }

    private func readHead(count: Int) throws(CSVFileError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        // The head is looked at whole (the encoding check wants 64 KiB or the whole file), so it
        // waits for a slow pipe to fill it.
        let read = try bytes.withUnsafeMutableBufferPointer { (buffer) throws(CSVFileError) -> Int in
            var filled = 0
            while filled < count {
                let got = try readFile(into: buffer.baseAddress! + filled, capacity: count - filled)
                if got == 0 { break }
                filled += got
            }
            return filled
        }
        bytes.removeLast(count - read)
        return bytes
    }

    /// One `read(2)`: what is there now, up to `capacity` (0 at end of file). Unlike `fread`, it
    /// does not wait for a pipe or FIFO to fill the whole buffer, so rows that have arrived are
    /// applied while the writer at the other end is still producing.
    private func readFile(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) throws(CSVFileError) -> Int {
        while true {
            let count = systemRead(fileno(file), buffer, capacity)
            if count >= 0 {
                bytesRead += count
                return count
            }
            if errno != EINTR { throw .cannotRead(path: path, reason: Self.systemErrorText()) }
        }
    }

    private static func systemErrorText() -> String {
        String(cString: strerror(errno))
    }
}
