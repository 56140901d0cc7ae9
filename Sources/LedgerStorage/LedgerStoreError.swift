/// Why a database file cannot be used as a ledger.
public enum LedgerStoreError: Error, CustomStringConvertible {
    case notALedger(path: String)
    /// A read-only command met a ledger written by an earlier release: only a writer upgrades it.
    case needsUpgrade(path: String)
    /// The ledger has schema changes this release does not know: it would misread them.
    case writtenByLaterRelease(path: String)
    /// The copy of the old ledger could not be made, so the upgrade did not start.
    case backupFailed(path: String)
    /// The upgraded ledger does not pass every check; the copy of the old one stays.
    case upgradeNotVerified(path: String, backup: String, violations: Int)

    public var description: String {
        switch self {
        case .notALedger(let path):
            "\(path) is not a ledger-recon database (it is empty or holds other tables); check --db / LEDGER_RECON_DB"
        case .needsUpgrade(let path):
            "\(path) was written by an earlier release of ledger-recon; the next `ledger-recon run --db \(path)` upgrades it in place "
                + "(keeping a copy until the upgrade has verified)"
        case .writtenByLaterRelease(let path):
            "\(path) was written by a later release of ledger-recon, whose schema this release does not know; "
                + "use that release or a newer one (this one would misread the ledger)"
        case .backupFailed(let path):
            "cannot create \(path) for the copy of the ledger before its upgrade; free space or fix permissions there and run again"
        case .upgradeNotVerified(let path, let backup, let violations):
            "\(path) was upgraded to the new schema but \(violations) check violation(s) remain, so the copy of the old ledger stays at "
                + "\(backup); run `ledger-recon verify --db \(path)` to see them, or put the copy back and use release 0.7.0"
        }
    }
}
