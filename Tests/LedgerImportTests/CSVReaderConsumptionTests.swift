import Crypto
import Foundation
import LedgerImport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What `CSVReader` says it consumed (SPEC §3): the bytes through the end of the last record
/// returned and their SHA-256, exact at every record boundary, whatever the chunk size; the file's
/// size for a regular file; and a FIFO read once, whole.
struct CSVReaderConsumptionTests {
    /// A BOM, CR LF, a lone CR, blank lines, a quoted line break and no final line break.
    static let awkward = Array("\u{FEFF}id,text\r\n1,\"multi\r\nline\"\r\n\r\n2,x\r3,plain\n\n4,\"张三\"\r\n5,last".utf8)

    @Test(arguments: [4, 5, 6, 7, 11, 13, CSVReader.defaultChunkBytes])
    func consumedIsExactAtEveryRecordBoundary(chunkBytes: Int) throws {
        let bytes = Self.awkward
        try TestFiles.withFile(bytes: bytes) { (path: String) throws in
            let reader = try CSVReader(path: path, chunkBytes: chunkBytes)
            #expect(reader.consumedBytes == 3, "the BOM is consumed at open")
            var boundaries: [Int] = []
            while try reader.next() != nil {
                let consumed = reader.consumedBytes
                boundaries.append(consumed)
                #expect(reader.consumedDigest() == Array(SHA256.hash(data: bytes[0..<consumed])))
            }
            // Each record ends just after its line break, never before it and never in the next
            // record, so a resumed read could start there; a CR LF cut by a chunk edge counts whole.
            #expect(boundaries == [12, 29, 35, 43, 56, 62])
            #expect(reader.consumedBytes == bytes.count)
            #expect(reader.consumedDigest() == Array(SHA256.hash(data: bytes)))
            #expect(reader.fileSize == bytes.count)
        }
    }

    /// The digest can be taken any number of times without disturbing the running hash.
    @Test func takingTheDigestChangesNothing() throws {
        try TestFiles.withFile("a\n1\n2\n") { (path: String) throws in
            let reader = try CSVReader(path: path)
            _ = try reader.next()
            let first = reader.consumedDigest()
            #expect(reader.consumedDigest() == first)
            while try reader.next() != nil {}
            #expect(reader.consumedDigest() == Array(SHA256.hash(data: Array("a\n1\n2\n".utf8))))
        }
    }

    /// A FIFO has no size; it is read once, whole, and the hash is that of the bytes written.
    @Test func fifoIsReadOnceWhole() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("night.csv").path
        try #require(mkfifo(path, 0o600) == 0)
        // More than a pipe buffer and more than the 64 KiB encoding check, so the writer blocks
        // until the reader drains it: a second reader of the same FIFO would steal rows.
        let bytes = Array(("n,text\n" + (1...20_000).map { "\($0),row \($0)\n" }.joined()).utf8)
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.write(Data(bytes))
            try? handle.close()
        }
        writer.start()
        let reader = try CSVReader(path: path, chunkBytes: 4096)
        var last: CSVRecord?
        var count = 0
        while let record = try reader.next() {
            last = record
            count += 1
        }
        #expect(count == 20_001)
        #expect(last?.fields == ["20000", "row 20000"])
        #expect(reader.fileSize == nil)
        #expect(reader.consumedBytes == bytes.count)
        #expect(reader.consumedDigest() == Array(SHA256.hash(data: bytes)))
    }

    /// The typed readers pass the same figures through.
    @Test func typedReadersPassTheFiguresThrough() throws {
        let text = "\u{FEFF}tenant_id,name,transfer_enabled\nt1,One,true\nt2,Two,false\n"
        try TestFiles.withFile(text) { (path: String) throws in
            let reader = try TenantFileReader(path: path)
            #expect(reader.consumedBytes == 3 + 32)
            #expect(try reader.next()?.tenantID == "t1")
            #expect(reader.consumedBytes == 3 + 32 + 12)
            while try reader.next() != nil {}
            #expect(reader.consumedBytes == text.utf8.count)
            #expect(reader.fileSize == text.utf8.count)
            #expect(reader.consumedDigest() == Array(SHA256.hash(data: Array(text.utf8))))
        }
    }
}
