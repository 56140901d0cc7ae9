public import LedgerCore
public import LedgerStorage

/// The CSV reports of SPEC §5 other than results.csv, written from what the checks read.
public enum ReconciliationReports {
    /// results.csv and rejections.csv (SPEC §5); the input's four text columns come last, so scripts
    /// that read the first fourteen by position keep working.
    public static let resultsHeader = ["file", "line", "idempotency_key", "kind", "tenant_id", "from_user_id", "to_user_id",
                                       "amount", "currency", "status", "code", "message", "transfer_id", "requested_at",
                                       "description", "reason", "source", "reference_id"]
    static let balancesHeader = ["tenant_id", "user_id", "kind", "asset", "account_id", "status", "opening_balance", "debits",
                                 "credits", "closing_balance", "frozen_balance", "posted_balance", "difference"]
    static let trialBalanceHeader = ["tenant_id", "kind", "asset", "accounts", "total_debits", "total_credits", "difference",
                                     "user_liability", "cash_equivalent"]
    static let breaksHeader = ["check", "tenant_id", "user_id", "kind", "asset", "expected", "actual", "difference", "detail",
                               "break_id", "state", "first_seen_at", "first_seen_run", "age_days", "hint"]
    static let resolvedBreaksHeader = ["break_id", "check", "tenant_id", "user_id", "kind", "asset", "first_seen_at",
                                       "resolved_run"]

    /// balances.csv: one row per user account, sorted by tenant, kind, asset, user, written as
    /// `snapshot` streams its accounts (no account's ids held beyond its row). Sums and
    /// differences are 128-bit and printed exactly (SPEC §6): nothing wraps.
    /// - Parameters:
    ///   - openingBalances: balance at run start per account row id (absent = opened in this run, 0).
    ///   - movements: this run's debits and credits per account row id.
    public static func writeBalances(
        _ snapshot: any LedgerSnapshot, openingBalances: AccountStartStates, movements: AccountMovements,
        to path: String, trailing: [(name: String, value: String)], options: ReportOptions = .plain
    ) throws {
        let writer = try CSVReportWriter(path: path, header: balancesHeader, trailing: trailing, options: options)
        // The accounts are read here (one cursor, one thread) and formatted and written by a
        // thread of its own, a block at a time: in `verify` this file was the last step, with the
        // second core idle, and formatting was about half of it.
        let formatter = SerialWorker(name: "ledger-recon.balances")
        defer { formatter.stop() }
        var block: [BalanceRow] = []
        func hand(_ rows: [BalanceRow]) {
            formatter.enqueue {
                // Each row encoded straight into bytes: an array of cells and a String per amount
                // (eight per account) were most of this thread's time.
                var encoder = CSVRowEncoder()
                for row in rows { try writeBalance(row, to: writer, encoder: &encoder) }
            }
        }
        do {
            try snapshot.forEachAccountTotal { account in
                guard !account.key.isSystem else { return }
                block.append(BalanceRow(account: account, opening: Int128(openingBalances.balance(of: account.rowID)),
                                        moved: movements[account.rowID]))
                if block.count == BalanceRow.blockSize {
                    hand(block)
                    block = []
                }
            }
            if !block.isEmpty { hand(block) }
            try formatter.drain()
        } catch {
            // Nothing may write to the file once this returns.
            try? formatter.drain()
            throw error
        }
        try writer.close()
    }

    /// One balances.csv row's inputs, handed from the reading thread to the writing one.
    private struct BalanceRow {
        /// Rows per hand-over: a few hundred KB, so the queue stays small.
        static let blockSize = 1_024

        var account: AccountTotals
        var opening: Int128
        var moved: (debits: Int128, credits: Int128)
    }

    private static func writeBalance(_ row: BalanceRow, to writer: CSVReportWriter, encoder: inout CSVRowEncoder) throws {
        let account = row.account
        // An asset the ledger cannot name (a damaged row) shows its amounts in minor units.
        let exponent = Asset(kind: account.key.kind, code: account.key.asset)?.exponent ?? 0
        let closing = row.opening - row.moved.debits + row.moved.credits
        encoder.reset()
        encoder.text(account.key.tenantID)
        encoder.text(account.key.userID)
        encoder.value(account.key.kind.rawValue)
        encoder.text(account.key.asset)
        encoder.text(account.accountID)
        encoder.value(account.status)
        encoder.money(wide: row.opening, exponent: exponent)
        encoder.money(wide: row.moved.debits, exponent: exponent)
        encoder.money(wide: row.moved.credits, exponent: exponent)
        encoder.money(wide: closing, exponent: exponent)
        encoder.money(wide: Int128(account.frozenBalance), exponent: exponent)
        encoder.money(wide: account.posted, exponent: exponent)
        encoder.money(wide: closing - account.posted, exponent: exponent)
        try writer.write(encoder, tenantID: account.key.tenantID)
    }

    /// trial_balance.csv: per tenant and asset over all postings of user and system accounts;
    /// points are valued at the tenant's exchange rate in its currency, rounded half to even.
    public static func writeTrialBalance(
        _ lines: [TrialBalanceLine], tenants: TenantDirectory, to path: String, trailing: [(name: String, value: String)],
        options: ReportOptions = .plain
    ) throws {
        let writer = try CSVReportWriter(path: path, header: trialBalanceHeader, trailing: trailing, options: options)
        for line in lines {
            try writer.write([
                .text(line.tenantID), .value(line.asset.kind.rawValue), .text(line.asset.code), .value(String(line.accounts)),
                .value(line.asset.format(wide: line.totalDebits)), .value(line.asset.format(wide: line.totalCredits)),
                .value(line.asset.format(wide: line.difference)), .value(line.asset.format(wide: line.userLiability)),
                .value(cashEquivalent(line, tenant: tenants[line.tenantID])),
            ])
        }
        try writer.close()
    }

    /// The liability in money: wallets are money already; points need the tenant's rate.
    static func cashEquivalent(_ line: TrialBalanceLine, tenant: TenantConfig?) -> String {
        guard line.asset.kind == .points else { return line.asset.format(wide: line.userLiability) }
        guard let tenant,
              let value = PointsValuation.value(wide: line.userLiability, exchangeRate: tenant.exchangeRate, currency: tenant.currency)
        else { return "" }
        return MoneyText.format(wide: value, exponent: tenant.currency.exponent)
    }

    /// breaks.csv: one row per break, in the review's order (report order: `sorted`), each with its
    /// register columns and a hint (SPEC §5).
    public static func writeBreaks(_ review: BreakReview, to path: String, trailing: [(name: String, value: String)],
                                   options: ReportOptions = .plain) throws {
        let writer = try CSVReportWriter(path: path, header: breaksHeader, trailing: trailing, options: options)
        let times = options.timeZone.formatter()
        for registered in review.breaks {
            let violation = registered.violation
            let format = { (value: Int128?) in value.map { violation.asset?.format(wide: $0) ?? String($0) } ?? "" }
            try writer.write([
                .value(violation.check.rawValue), .text(violation.tenantID), .text(violation.userID),
                .value(violation.asset?.kind.rawValue ?? ""), .text(violation.asset?.code ?? ""),
                .value(format(violation.expected)), .value(format(violation.actual)), .value(format(violation.difference)),
                .text(violation.detail), .value(registered.breakID), .value(registered.state.rawValue),
                .value(times.format(millis: registered.firstSeenAt)), .value(registered.firstSeenRun),
                .value(String(registered.ageDays)), .text(BreakHint.text(for: violation)),
            ])
        }
        try writer.close()
    }

    /// resolved_breaks.csv: the breaks open after the previous run and gone now (SPEC §5).
    public static func writeResolvedBreaks(_ review: BreakReview, to path: String, trailing: [(name: String, value: String)],
                                           options: ReportOptions = .plain) throws {
        let writer = try CSVReportWriter(path: path, header: resolvedBreaksHeader, trailing: trailing, options: options)
        let times = options.timeZone.formatter()
        for resolved in review.resolved {
            try writer.write([
                .value(resolved.breakID), .value(resolved.check), .text(resolved.tenantID), .text(resolved.userID),
                .value(resolved.kind), .text(resolved.asset), .value(times.format(millis: resolved.firstSeenAt)),
                .value(resolved.resolvedRun),
            ])
        }
        try writer.close()
    }

    /// Report order for breaks: stable, so two runs on the same data give the same file.
    /// Ids sort by their bytes (SQLite's order), so two tenants that differ only in Unicode
    /// normalisation never interleave.
    public static func sorted(_ violations: [CheckViolation]) -> [CheckViolation] {
        violations.sorted {
            $0.check != $1.check ? $0.check < $1.check
                : OpaqueID.bytesPrecede([$0.tenantID, $0.userID, $0.asset?.kind.rawValue ?? "", $0.asset?.code ?? "", $0.detail],
                                        [$1.tenantID, $1.userID, $1.asset?.kind.rawValue ?? "", $1.asset?.code ?? "", $1.detail])
        }
    }
}
