/// An account as the plain-text accounting export declares it (SPEC §7): a user's wallet or
/// points account, or a tenant's opening equity for one asset (the system account).
public struct JournalAccount: Sendable {
    /// Tenant, kind, asset and user; the user id is `AccountKey.systemUserID` for opening equity.
    public var key: AccountKey
    /// The ledger's own id (`wlt_…`, a points account's ULID, `sys_…`).
    public var accountID: String
    /// UTC milliseconds: the earlier of when the account was created and its first entry (a
    /// historical import can date transfers before the run that opened the account). Beancount
    /// refuses a posting dated before its account's `open`.
    public var openedAt: Int64

    public init(key: AccountKey, accountID: String, openedAt: Int64) {
        self.key = key
        self.accountID = accountID
        self.openedAt = openedAt
    }
}
