import LedgerCore
import LedgerReports
import LedgerStore
import LedgerStorage
import Testing

/// input_accounted: rows read = applied + duplicate + rejected, and applied amounts = the postings.
struct InputAccountingTests {
    let cny = AppliedTotals.Key(tenantID: "t1", asset: Asset(currency: .cny))

    func counts(read: Int, applied: Int, rejected: Int = 0) -> RunSummary.Counts {
        var counts = RunSummary.Counts()
        counts.read = read
        for index in 0..<applied { counts.count(.applied(transferID: "trf_\(index)")) }
        for _ in 0..<rejected { counts.count(.rejected(Rejection(.notFound, "x"))) }
        return counts
    }

    @Test func consistentRunHasNoBreaks() {
        let found = InputAccounting.violations(
            counts: counts(read: 3, applied: 2, rejected: 1), applied: [cny: .init(transfers: 2, amount: 500)],
            posted: [RunTransferTotals(tenantID: "t1", asset: cny.asset, entries: 2, amount: 500)],
            files: [InputAccounting.FileRead(path: "t.csv", sha256: "ab", consumedBytes: 120, fileSize: 120)])
        #expect(found.isEmpty)
    }

    @Test func aRowWithoutAnOutcomeIsABreak() {
        let found = InputAccounting.violations(counts: counts(read: 3, applied: 2), applied: [:], posted: [], files: [])
        #expect(found.map(\.check) == [.inputAccounted])
        #expect(found.first?.expected == 3 && found.first?.actual == 2)
    }

    @Test func appliedAmountsMustMatchThePostings() {
        let found = InputAccounting.violations(
            counts: counts(read: 2, applied: 2), applied: [cny: .init(transfers: 2, amount: 500)],
            posted: [RunTransferTotals(tenantID: "t1", asset: cny.asset, entries: 2, amount: 490),
                     RunTransferTotals(tenantID: "t2", asset: Asset(pointsType: "cash_equivalent"), entries: 1, amount: 7)],
            files: [])
        #expect(found.count == 2)
        // SPEC §5: expected = what the postings add up to, actual = what the run counted as applied.
        #expect(found.first { $0.tenantID == "t1" }?.expected == 490 && found.first { $0.tenantID == "t1" }?.difference == 10)
        #expect(found.first { $0.tenantID == "t2" }?.expected == 7 && found.first { $0.tenantID == "t2" }?.actual == 0)
    }

    /// SPEC §3: a regular file whose reader stopped short of (or ran past) its size is a break; a
    /// pipe has no size to compare with.
    @Test(arguments: [(90, 120, true), (130, 120, true), (120, 120, false), (0, 0, false)])
    func aFileNotReadToItsEndIsABreak(consumed: Int, size: Int, isBreak: Bool) {
        let file = InputAccounting.FileRead(path: "night.csv", sha256: "00", consumedBytes: consumed, fileSize: size)
        let found = InputAccounting.violations(counts: counts(read: 0, applied: 0), applied: [:], posted: [], files: [file])
        #expect(found.count == (isBreak ? 1 : 0))
        if isBreak {
            #expect(found.first?.check == .inputAccounted)
            #expect(found.first?.expected == Int128(size) && found.first?.actual == Int128(consumed))
            #expect(found.first?.detail.hasPrefix("night.csv: \(consumed) of its \(size) bytes were read") == true)
        }
    }

    @Test func aPipeHasNoSizeToCompare() {
        let pipe = InputAccounting.FileRead(path: "/dev/fd/63", sha256: "00", consumedBytes: 4096, fileSize: nil)
        #expect(InputAccounting.violations(counts: counts(read: 0, applied: 0), applied: [:], posted: [], files: [pipe]).isEmpty)
    }
}
