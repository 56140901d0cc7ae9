/// Why a database file cannot be used as a ledger.
public enum LedgerStoreError: Error, CustomStringConvertible {
    case notALedger(path: String)

    public var description: String {
        switch self {
        case .notALedger(let path):
            "\(path) is not a ledger-recon database (it is empty or holds other tables); check --db / LEDGER_RECON_DB"
        }
    }
}
