/// The record `CSVReader` is assembling from libcsv's field and record callbacks.
///
/// It lives behind a pointer the reader allocates once rather than in the reader's own stored
/// properties: the field callback runs twelve million times for a million-row file, and every
/// access to a class's `var` pays a dynamic exclusivity check that here cost as much as decoding.
struct CSVRecordAssembly {
    /// Line on which the record being assembled started.
    var line = 1
    private var fields: [String] = []
    private var problem: String?
    /// The last finished record, until the reader hands it out.
    var completed: CSVRecord?

    /// Decodes one field from the bytes and length libcsv hands over — never as a C string, so a
    /// NUL byte cannot cut it short.
    ///
    /// One pass over the bytes finds NULs and whether any byte is non-ASCII. All-ASCII text (nearly
    /// every field of a ledger file) is valid UTF-8 as it stands; only the rest goes through the
    /// standard library's validation, whose generic path costs several times more per call.
    mutating func appendField(_ bytes: UnsafeRawPointer?, count: Int) {
        guard let bytes, count > 0 else {
            fields.append("")
            return
        }
        let buffer = UnsafeBufferPointer(start: bytes.assumingMemoryBound(to: UInt8.self), count: count)
        var union: UInt8 = 0
        var smallest: UInt8 = .max
        for byte in buffer {
            union |= byte
            smallest = min(smallest, byte)
        }
        if smallest == 0 {
            noteProblem("field \(fields.count + 1) contains a NUL byte")
        }
        if union < 0x80 {
            fields.append(String(decoding: buffer, as: UTF8.self))
        } else if let text = String(validating: buffer, as: UTF8.self) {
            fields.append(text)
        } else {
            noteProblem("field \(fields.count + 1) is not valid UTF-8; save the file as UTF-8")
            fields.append(String(decoding: buffer, as: UTF8.self))
        }
    }

    /// Finishes the record: it becomes `completed`, and the next one starts with room for as
    /// many fields.
    mutating func endRecord() {
        precondition(completed == nil, "libcsv ended two records within one physical line")
        let fieldCount = fields.count
        completed = CSVRecord(fields: fields, line: line, problem: problem)
        fields = []
        fields.reserveCapacity(fieldCount)
        problem = nil
    }

    /// Drops what was assembled of the current record (an over-long one, whose fields are not
    /// kept); `line` stays.
    mutating func discardRecord() {
        fields = []
        problem = nil
    }

    /// Keeps the first problem: later ones are usually its consequences.
    mutating func noteProblem(_ message: String) {
        if problem == nil {
            problem = message
        }
    }
}
