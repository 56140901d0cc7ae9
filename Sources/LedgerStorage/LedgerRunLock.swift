/// The run lock (SPEC §6): only one run writes a ledger at a time. A backend's lock is held from
/// when its factory returns it until the object is released, and also when the process dies
/// (SQLite: `flock` on the ledger file, dropped by the kernel; PostgreSQL: a session advisory lock,
/// dropped with the connection). The engine never takes it: the command holds it around the job.
package protocol LedgerRunLock: AnyObject {}

/// Tells whether anything was committed to the ledger, by anyone, since the watch started, so a
/// run that stops can say truthfully whether it applied something (exit 5) or nothing (exit 2).
package protocol LedgerCommitWatch: AnyObject {
    /// true when something was committed since the watch started; nil when the ledger cannot be
    /// read any more (then something may have been).
    var hasCommits: Bool? { get }
}
