import Foundation
import LedgerTestSupport
import Testing

/// The database backend the end-to-end suite runs the binary against: SQLite (a ledger file in the
/// sandbox, the default) or PostgreSQL (`LEDGER_RECON_TEST_BACKEND=postgresql`: a fresh database per
/// sandbox on the cluster `make test` starts, `LEDGER_RECON_TEST_POSTGRES_URL`). `make test` runs the
/// whole suite once per backend.
///
/// A test about SQLite's file itself (its permissions, its lock file, a 0.7.0 file, PRAGMA
/// integrity_check, GRDB reading the file) is `.enabled(if: TestBackend.isSQLite, …)` and says why.
enum TestBackend: String, Sendable {
    case sqlite
    case postgresql

    static let environmentVariable = "LEDGER_RECON_TEST_BACKEND"

    static let current: TestBackend = {
        let named = ProcessInfo.processInfo.environment[environmentVariable]?.lowercased() ?? ""
        return named == "postgresql" || named == "postgres" ? .postgresql : .sqlite
    }()

    static var isSQLite: Bool { current == .sqlite }

    /// A transfer's description in a query over `transfers t LEFT JOIN transfer_texts x ON
    /// x.transfer = t.id`: SQLite keeps it in the transfer's own row since schema v6 (entries
    /// written before in `transfer_texts`), PostgreSQL in `transfer_texts`.
    static var descriptionSQL: String {
        current == .sqlite ? "COALESCE(t.description, x.description, '')" : "COALESCE(x.description, '')"
    }
    static var isPostgreSQL: Bool { current == .postgresql }

    /// Why a test runs on SQLite only, as the skip says it.
    static let sqliteFileOnly: Comment = "about SQLite's ledger file itself"
}


