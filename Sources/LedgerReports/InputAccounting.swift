import LedgerCore
import LedgerStore

/// The `input_accounted` check (SPEC §5): every row read has exactly one outcome, and the
/// amounts the run says it applied equal the transfer postings it created, per tenant and asset.
public enum InputAccounting {
    /// - Parameters:
    ///   - counts: rows read (as the readers counted them) and outcomes.
    ///   - applied: what the run counted as applied, per tenant and asset.
    ///   - posted: what the run's postings show (`LedgerScan.runTransfers`).
    public static func violations(
        counts: RunSummary.Counts, applied: [AppliedTotals.Key: AppliedTotals.Value], posted: [RunTransferTotals]
    ) -> [CheckViolation] {
        var found: [CheckViolation] = []
        let outcomes = counts.applied + counts.duplicate + counts.rejected
        if counts.read != outcomes {
            found.append(CheckViolation(check: .inputAccounted, expected: Int64(counts.read), actual: Int64(outcomes),
                                        detail: "rows read ≠ applied + duplicate + rejected: some rows have no single outcome"))
        }
        var written: [AppliedTotals.Key: RunTransferTotals] = [:]
        for total in posted { written[AppliedTotals.Key(tenantID: total.tenantID, asset: total.asset)] = total }
        for key in Set(written.keys).union(applied.keys).sorted() {
            let counted = applied[key] ?? AppliedTotals.Value()
            let postings = written[key]
            guard counted.amount != postings?.amount ?? 0 || counted.transfers != postings?.entries ?? 0 else { continue }
            // SPEC §5: expected = what the postings add up to, actual = what the run counted as applied.
            found.append(CheckViolation(
                check: .inputAccounted, tenantID: key.tenantID, asset: key.asset, expected: postings?.amount ?? 0,
                actual: counted.amount,
                detail: "run applied \(counted.transfers) transfers; its postings show \(postings?.entries ?? 0) entries"))
        }
        return found
    }
}
