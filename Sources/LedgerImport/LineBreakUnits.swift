/// CR and LF as code units of a file's encoding, for cutting the original bytes into physical
/// lines before any conversion.
///
/// In UTF-8, GB18030, Windows-1252 and Latin-1 the bytes 0x0D and 0x0A are only ever CR and LF (no
/// multi-byte character contains them), so a line cut there is cut between characters; in UTF-16
/// the line breaks are the 2-byte units 0x000D and 0x000A.
struct LineBreakUnits {
    let unitWidth: Int
    let bigEndian: Bool
    /// A lone CR and a CR LF as the file spells them.
    let cr: [UInt8]
    let crlf: [UInt8]

    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    init(unitWidth: Int, bigEndian: Bool) {
        self.unitWidth = unitWidth
        self.bigEndian = bigEndian
        let cr: [UInt8] = unitWidth == 1 ? [0x0D] : bigEndian ? [0x00, 0x0D] : [0x0D, 0x00]
        let lf: [UInt8] = unitWidth == 1 ? [0x0A] : bigEndian ? [0x00, 0x0A] : [0x0A, 0x00]
        self.cr = cr
        self.crlf = cr + lf
    }

    /// Byte offset of the first CR or LF unit among the `available` bytes, or `nil`.
    func firstBreak(_ start: UnsafePointer<UInt8>, available: Int) -> Int? {
        if unitWidth == 1 {
            var index = 0
            while index < available {
                let byte = start[index]
                if byte == Self.lineFeed || byte == Self.carriageReturn { return index }
                index += 1
            }
            return nil
        }
        var index = 0
        while index + 1 < available {
            if unit(start + index) == Self.lineFeed || unit(start + index) == Self.carriageReturn,
               start[index + (bigEndian ? 0 : 1)] == 0 {
                return index
            }
            index += 2
        }
        return nil
    }

    /// Whether the unit at `position` (known to be a line break) is a CR.
    func isCarriageReturn(_ position: UnsafePointer<UInt8>) -> Bool {
        unit(position) == Self.carriageReturn
    }

    /// Whether an LF unit starts at `position`, with `available` bytes there.
    func isLineFeed(_ position: UnsafePointer<UInt8>, available: Int) -> Bool {
        guard available >= unitWidth else { return false }
        if unitWidth == 1 { return position[0] == Self.lineFeed }
        return unit(position) == Self.lineFeed && position[bigEndian ? 0 : 1] == 0
    }

    /// The low byte of the unit at `position`.
    private func unit(_ position: UnsafePointer<UInt8>) -> UInt8 {
        unitWidth == 1 || !bigEndian ? position[0] : position[1]
    }
}
