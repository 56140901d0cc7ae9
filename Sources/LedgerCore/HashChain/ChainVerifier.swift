/// Recomputes every tenant's hash chain from the stored rows and what the stored state must be
/// from it (SPEC §7, check `hash_chain`). Backend-agnostic: a backend feeds it its tenants,
/// tenant changes and accounts up front (they grow with tenants and accounts), then streams the
/// entries in the order they were written; memory grows with accounts, not entries.
///
/// For each tenant it walks the links in order: a tenant change or account opening is taken at
/// the position it claims, an entry at the next free position. Each link's hash is recomputed
/// from its content and the hash before it and compared with the stored one; the first link that
/// does not hold is the tenant's one break, naming it, and the rest of that tenant is not judged.
/// When the whole chain holds, the state the chain implies — each account's balance, status,
/// frozen balance, counters, version, last sequence and posted totals (replayed with
/// `AccountState.post`, as the writer does), the tenant's settings, and the stored chain head — is
/// compared with what is stored, and the first difference is the tenant's break. Keys,
/// fingerprints, identities, texts and times are inside the links, so an edit of any is a link
/// that does not hold.
public struct ChainVerifier {
    /// A tenants row: its key (any stable integer id of the backend), id, settings and stored head.
    public struct Tenant: Sendable {
        public var key: Int64
        public var tenantID: String
        /// The stored settings (`changedAt` unused).
        public var settings: TenantSettingsLink
        /// What the ledger stores as the chain's head (the writer continues from it); nil when none.
        public var storedHead: ChainHead?

        public init(key: Int64, tenantID: String, settings: TenantSettingsLink, storedHead: ChainHead?) {
            self.key = key
            self.tenantID = tenantID
            self.settings = settings
            self.storedHead = storedHead
        }
    }

    /// A stored tenant configuration change.
    public struct TenantChange: Sendable {
        public var tenantKey: Int64
        public var position: Int64
        public var link: TenantSettingsLink
        public var storedHash: [UInt8]?

        public init(tenantKey: Int64, position: Int64, link: TenantSettingsLink, storedHash: [UInt8]?) {
            self.tenantKey = tenantKey
            self.position = position
            self.link = link
            self.storedHash = storedHash
        }
    }

    /// A stored account: its opening link, where it claims to be in the chain, and its state now.
    public struct Account: Sendable {
        public var rowID: Int64
        public var tenantKey: Int64
        public var position: Int64?
        public var storedHash: [UInt8]?
        public var link: AccountOpeningLink
        /// The stored current state; nil when the account has no state row.
        public var state: AccountState?
        /// Stored posted totals (minor units).
        public var postedDebits: Int128
        public var postedCredits: Int128
        /// The status text as stored (a status the product does not know is a difference too).
        public var statusText: String

        public init(rowID: Int64, tenantKey: Int64, position: Int64?, storedHash: [UInt8]?, link: AccountOpeningLink,
                    state: AccountState?, statusText: String, postedDebits: Int128, postedCredits: Int128) {
            self.rowID = rowID
            self.tenantKey = tenantKey
            self.position = position
            self.storedHash = storedHash
            self.link = link
            self.state = state
            self.statusText = statusText
            self.postedDebits = postedDebits
            self.postedCredits = postedCredits
        }
    }

    /// A stored entry. Its link's two account identities are filled in from the accounts by row.
    public struct Entry: Sendable {
        /// The backend's id of the entry's row.
        public var rowID: Int64
        public var tenantKey: Int64
        public var debitAccount: Int64
        public var creditAccount: Int64
        public var link: EntryLink
        public var storedHash: [UInt8]?

        public init(rowID: Int64, tenantKey: Int64, debitAccount: Int64, creditAccount: Int64, link: EntryLink, storedHash: [UInt8]?) {
            self.rowID = rowID
            self.tenantKey = tenantKey
            self.debitAccount = debitAccount
            self.creditAccount = creditAccount
            self.link = link
            self.storedHash = storedHash
        }
    }

    /// Whether a chain still passes through a head recorded elsewhere.
    public enum HeadVerdict: Equatable, Sendable {
        /// The tenant's chain holds from genesis through the head.
        case holds
        /// Link `links` of the recomputed chain has another hash.
        case differs(recomputed: ChainHash)
        /// The chain has fewer links than the head names.
        case beyondChain(links: Int64)
        /// The chain breaks at or before the head.
        case broken(at: Int64)
        /// The ledger has no such tenant.
        case unknownTenant
    }

    private struct PendingLink {
        var position: Int64
        /// An index into `accounts`, or into `tenantChanges` when `isTenantChange`.
        var index: Int
        var isTenantChange: Bool
    }

    private struct TenantChain {
        var tenant: Tenant
        /// The tenant id's UTF-8 bytes, as every link's header names it.
        var tenantIDBytes: [UInt8]
        var next: Int64 = 1
        var previous: ChainHash
        var pending: [PendingLink] = []
        var pendingIndex = 0
        var brokenAt: Int64?
        var settings: TenantSettingsLink?
        /// Positions whose recomputed hash a recorded head asks for, and what was found there.
        var watched: [Int64: ChainHash?] = [:]
    }

    private var chains: [TenantChain] = []
    private var chainOfTenantKey: [Int64: Int] = [:]
    private var tenantChanges: [TenantChange]
    private var accounts: [Account]
    /// Account index by row id: a table when row ids are dense (the usual case: no hashing per
    /// leg), else a dictionary.
    private var accountIndexByRow: [Int32] = []
    private var sparseAccountIndex: [Int64: Int] = [:]
    /// Per account: the state the chain has given it so far; nil until its opening link is taken.
    private var replayed: [AccountState?]
    private var replayedDebits: [Int128]
    private var replayedCredits: [Int128]
    /// Every account's identity as entry links encode it (`EntryLinkBuffer.encoded`), account
    /// `index` at `identityOffsets[index]..<identityOffsets[index + 1]`: encoded once, not per leg.
    private var identityBytes: [UInt8] = []
    private var identityOffsets: [Int] = [0]
    private var linkBuffer = EntryLinkBuffer()
    /// Each account's tenant key, apart from `accounts` (336 bytes each): read for both legs of
    /// every entry, a compact array keeps that read in cache.
    private var tenantKeyOfAccount: [Int64] = []
    /// Whether each account is a points account (a transfer to one moves the points counters).
    private var isPointsAccount: [Bool] = []
    public private(set) var violations: [CheckViolation] = []

    /// What an entry moves, as the replay of its legs reads it.
    private struct Movement {
        var isTransfer: Bool
        var amount: Int64
        var debitSequence: Int64
        var debitBalanceAfter: Int64
        var creditSequence: Int64
        var creditBalanceAfter: Int64
    }

    /// A stored hash compared with the one recomputed.
    private enum StoredHashMatch {
        case missing, equal, different

        init(_ computed: ChainHash, stored: [UInt8]?) {
            self = stored.map { computed.matches(stored: $0) ? .equal : .different } ?? .missing
        }

        init(_ computed: ChainHash, stored: UnsafeRawBufferPointer?) {
            self = stored.map { computed.matches(stored: $0) ? .equal : .different } ?? .missing
        }
    }

    public init(tenants: [Tenant], tenantChanges: [TenantChange], accounts: [Account]) {
        self.tenantChanges = tenantChanges
        self.accounts = accounts
        replayed = Array(repeating: nil, count: accounts.count)
        replayedDebits = Array(repeating: 0, count: accounts.count)
        replayedCredits = replayedDebits
        for tenant in tenants {
            chainOfTenantKey[tenant.key] = chains.count
            chains.append(TenantChain(tenant: tenant, tenantIDBytes: Array(tenant.tenantID.utf8), previous: .genesis(tenantID: tenant.tenantID)))
        }
        for (index, change) in tenantChanges.enumerated() {
            guard let chain = chainOfTenantKey[change.tenantKey] else {
                violations.append(orphan("a tenant change (link \(change.position)) of tenant row \(change.tenantKey), which does not exist"))
                continue
            }
            chains[chain].pending.append(PendingLink(position: change.position, index: index, isTenantChange: true))
        }
        let highest = accounts.map(\.rowID).max() ?? 0
        if highest >= 0, highest <= Int64(max(1 << 20, accounts.count * 4)), accounts.count < Int(Int32.max) {
            accountIndexByRow = Array(repeating: -1, count: Int(highest) + 1)
        }
        identityOffsets.reserveCapacity(accounts.count + 1)
        tenantKeyOfAccount = accounts.map(\.tenantKey)
        isPointsAccount = accounts.map { $0.link.identity.kind == "points" }
        for (index, account) in accounts.enumerated() {
            identityBytes += EntryLinkBuffer.encoded(account.link.identity)
            identityOffsets.append(identityBytes.count)
            if !accountIndexByRow.isEmpty, account.rowID >= 0 {
                accountIndexByRow[Int(account.rowID)] = Int32(index)
            } else {
                sparseAccountIndex[account.rowID] = index
            }
            guard let chain = chainOfTenantKey[account.tenantKey] else {
                violations.append(orphan("account \(account.link.accountID) of tenant row \(account.tenantKey), which does not exist"))
                continue
            }
            guard let position = account.position else {
                breakChain(chain, at: chains[chain].next, identity: account.link.identity, field: nil,
                           "account \(account.link.accountID) (\(account.link.identity)) has no link in the chain: "
                               + "it was added outside ledger-recon")
                continue
            }
            chains[chain].pending.append(PendingLink(position: position, index: index, isTenantChange: false))
        }
        for chain in chains.indices {
            chains[chain].pending.sort { $0.position < $1.position }
        }
    }

    /// Asks for the recomputed hash at `head.links` of `tenantID`'s chain (a head a run, a
    /// summary or a manifest recorded); call before streaming entries, read with `verdict`.
    public mutating func watch(tenantID: String, head: ChainHead) {
        guard let chain = chain(of: tenantID) else { return }
        chains[chain].watched[head.links] = .some(nil)
    }

    /// The next stored entry, in the order entries were written.
    public mutating func add(_ entry: consuming Entry) {
        let transferID = entry.link.transferID
        guard let (chain, debit, credit) = locate(tenantKey: entry.tenantKey, debitAccount: entry.debitAccount,
                                                  creditAccount: entry.creditAccount, name: "entry \(transferID)") else { return }
        entry.link.debit = accounts[debit].link.identity
        entry.link.credit = accounts[credit].link.identity
        let computed = entry.link.chainHash(tenantID: chains[chain].tenant.tenantID, position: chains[chain].next,
                                            after: chains[chain].previous)
        let link = entry.link
        take(computed, StoredHashMatch(computed, stored: entry.storedHash), tenantKey: entry.tenantKey, debit: debit, credit: credit,
             chain: chain, movement: Movement(isTransfer: link.entryType == "transfer", amount: link.amount,
                                              debitSequence: link.debitSequence, debitBalanceAfter: link.debitBalanceAfter,
                                              creditSequence: link.creditSequence, creditBalanceAfter: link.creditBalanceAfter),
             name: "entry \(transferID)")
    }

    /// The next stored entry, in the order entries were written, as its stored bytes: the same
    /// verdicts and breaks as `add(_: Entry)`, encoded and hashed without an allocation.
    public mutating func add(_ entry: StoredEntryLink) {
        // Only the id's buffer is captured for a break's name: capturing the entry would copy
        // the whole struct into every call below, once per entry.
        let transferID = entry.transferID
        func name() -> String { "entry \(String(decoding: transferID, as: UTF8.self))" }
        guard let (chain, debit, credit) = locate(tenantKey: entry.tenantKey, debitAccount: entry.debitAccount,
                                                  creditAccount: entry.creditAccount, name: name()) else { return }
        let computed = identityBytes.withUnsafeBytes { identities in
            chains[chain].tenantIDBytes.withUnsafeBytes { tenantID in
                linkBuffer.hash(entry, tenantID: tenantID, position: chains[chain].next,
                                debit: UnsafeRawBufferPointer(rebasing: identities[identityOffsets[debit]..<identityOffsets[debit + 1]]),
                                credit: UnsafeRawBufferPointer(rebasing: identities[identityOffsets[credit]..<identityOffsets[credit + 1]]),
                                after: chains[chain].previous)
            }
        }
        take(computed, StoredHashMatch(computed, stored: entry.storedHash), tenantKey: entry.tenantKey, debit: debit, credit: credit,
             chain: chain, movement: Movement(isTransfer: entry.isTransfer, amount: entry.amount, debitSequence: entry.debitSequence,
                                              debitBalanceAfter: entry.debitBalanceAfter, creditSequence: entry.creditSequence,
                                              creditBalanceAfter: entry.creditBalanceAfter),
             name: name())
    }

    /// The entry's chain and the indexes of its two accounts; nil when it cannot be taken (no such
    /// tenant, its chain broke before, or an account that does not exist: a break).
    private mutating func locate(tenantKey: Int64, debitAccount: Int64, creditAccount: Int64,
                                 name: @autoclosure () -> String) -> (chain: Int, debit: Int, credit: Int)? {
        guard let chain = chainOfTenantKey[tenantKey] else {
            violations.append(orphan("\(name()) of tenant row \(tenantKey), which does not exist"))
            return nil
        }
        guard chains[chain].brokenAt == nil, takePending(chain, all: false) else { return nil }
        guard let debit = accountIndex(debitAccount), let credit = accountIndex(creditAccount) else {
            let missing = accountIndex(debitAccount) == nil ? debitAccount : creditAccount
            breakChain(chain, at: chains[chain].next, "\(name()) (link \(chains[chain].next)) posts to account row \(missing), "
                           + "which does not exist")
            return nil
        }
        return (chain, debit, credit)
    }

    /// Takes an entry whose link hashes to `computed` at the chain's next position: compares the
    /// stored hash, that both accounts are the tenant's and opened, and replays its legs.
    private mutating func take(_ computed: ChainHash, _ stored: StoredHashMatch, tenantKey: Int64, debit: Int, credit: Int,
                               chain: Int, movement: Movement, name: @autoclosure () -> String) {
        guard accept(computed, stored, chain: chain, name: name()) else { return }
        let position = chains[chain].next - 1
        let misplaced = tenantKeyOfAccount[debit] != tenantKey || replayed[debit] == nil
            || tenantKeyOfAccount[credit] != tenantKey || replayed[credit] == nil
        for index in misplaced ? [debit, credit] : [] where accounts[index].tenantKey != tenantKey || replayed[index] == nil {
            breakChain(chain, at: position, identity: accounts[index].link.identity, field: nil,
                       "\(name()) (link \(position)) posts to \(accounts[index].link.identity), "
                           + (accounts[index].tenantKey != tenantKey ? "an account of another tenant" : "before its opening link"))
            return
        }
        replay(movement, debit: debit, credit: credit, chain: chain, position: position, name: name())
    }

    /// Takes the links left after the last entry, then compares the state the chains imply with
    /// the stored state. Returns every break: at most one per tenant (and one per row that names
    /// no tenant).
    public mutating func finish() -> [CheckViolation] {
        for chain in chains.indices where chains[chain].brokenAt == nil {
            guard takePending(chain, all: true) else { continue }
            compareState(chain)
        }
        return violations
    }

    /// Whether `tenantID`'s chain passes through `head` (after `finish`; `watch` it first).
    public func verdict(tenantID: String, head: ChainHead) -> HeadVerdict {
        guard let chain = chain(of: tenantID) else { return .unknownTenant }
        if let brokenAt = chains[chain].brokenAt, brokenAt <= head.links { return .broken(at: brokenAt) }
        guard let found = chains[chain].watched[head.links], let recomputed = found else {
            return .beyondChain(links: chains[chain].next - 1)
        }
        return recomputed == head.hash ? .holds : .differs(recomputed: recomputed)
    }

    /// The recomputed head of every tenant whose chain holds (after `finish`).
    public var heads: ChainHeads {
        var heads = ChainHeads()
        for chain in chains where chain.brokenAt == nil && chain.next > 1 {
            heads.set(ChainHead(links: chain.next - 1, hash: chain.previous), tenantID: chain.tenant.tenantID)
        }
        return heads
    }

    // MARK: Walking the chain

    private func accountIndex(_ rowID: Int64) -> Int? {
        guard !accountIndexByRow.isEmpty else { return sparseAccountIndex[rowID] }
        if rowID >= 0, rowID < accountIndexByRow.count, accountIndexByRow[Int(rowID)] >= 0 { return Int(accountIndexByRow[Int(rowID)]) }
        return sparseAccountIndex[rowID]
    }

    private func chain(of tenantID: String) -> Int? {
        chains.firstIndex { OpaqueID.sameBytes($0.tenant.tenantID, tenantID) }
    }

    /// Takes the tenant changes and openings waiting at the chain's next positions (`all`: every
    /// one left), each where it claims to be; false when one cannot be taken (the chain broke).
    private mutating func takePending(_ chain: Int, all: Bool) -> Bool {
        while chains[chain].pendingIndex < chains[chain].pending.count {
            let pending = chains[chain].pending[chains[chain].pendingIndex]
            let next = chains[chain].next
            guard pending.position <= next || all else { return true }
            chains[chain].pendingIndex += 1
            let label = pending.isTenantChange ? "the tenant's settings change" : "the opening of account "
            let accountID = pending.isTenantChange ? "" : accounts[pending.index].link.accountID
            func name() -> String { label + accountID }
            guard pending.position == next else {
                let problem = pending.position < next
                    ? "claims link \(pending.position), which another link holds"
                    : "claims link \(pending.position), but the chain has only \(next - 1) links before it: links were deleted"
                breakChain(chain, at: min(pending.position, next), "\(name()) \(problem)")
                return false
            }
            if pending.isTenantChange {
                let change = tenantChanges[pending.index]
                guard accept(.tenantSettings(change.link), storedHash: change.storedHash, chain: chain, name: name()) else { return false }
                chains[chain].settings = change.link
            } else {
                let account = accounts[pending.index]
                guard accept(.accountOpening(account.link), storedHash: account.storedHash, chain: chain, name: name()) else { return false }
                guard let state = account.link.initialState else {
                    breakChain(chain, at: next, identity: account.link.identity, field: "status",
                               "\(name()) has status '\(account.link.openedStatus)', which is not a status")
                    return false
                }
                replayed[pending.index] = state
            }
        }
        return true
    }

    /// Recomputes the link at the chain's next position and compares it with the stored hash.
    private mutating func accept(_ link: ChainLink, storedHash: [UInt8]?, chain: Int, name: @autoclosure () -> String) -> Bool {
        let computed = link.hash(tenantID: chains[chain].tenant.tenantID, position: chains[chain].next, after: chains[chain].previous)
        return accept(computed, StoredHashMatch(computed, stored: storedHash), chain: chain, name: name())
    }

    /// Compares `computed`, the hash at the chain's next position, with the stored one.
    private mutating func accept(_ computed: ChainHash, _ stored: StoredHashMatch, chain: Int, name: @autoclosure () -> String) -> Bool {
        let position = chains[chain].next
        guard stored != .missing else {
            breakChain(chain, at: position, "\(name()) (link \(position)) has no chain hash: it was written outside ledger-recon")
            return false
        }
        guard stored == .equal else {
            breakChain(chain, at: position, "\(name()) (link \(position)) does not hold: its stored hash is not that of its "
                           + "content after the link before it, so it or an earlier link was changed, inserted, deleted or moved")
            return false
        }
        chains[chain].previous = computed
        chains[chain].next = position + 1
        if chains[chain].watched[position] != nil { chains[chain].watched[position] = .some(computed) }
        return true
    }

    /// Posts the entry's legs to the replayed states, as the writer did, and checks each leg's
    /// sequence and balance_after against the link.
    private mutating func replay(_ link: Movement, debit: Int, credit: Int, chain: Int, position: Int64,
                                 name: @autoclosure () -> String) {
        guard post(link, leg: debit, change: -Int128(link.amount), sequence: link.debitSequence, after: link.debitBalanceAfter,
                   chain: chain, position: position, name: name()),
              post(link, leg: credit, change: Int128(link.amount), sequence: link.creditSequence, after: link.creditBalanceAfter,
                   chain: chain, position: position, name: name()) else { return }
        guard link.isTransfer, isPointsAccount[credit],
              var sender = replayed[debit], var receiver = replayed[credit] else { return }
        let (spent, spentOverflow) = sender.totalSpent.addingReportingOverflow(link.amount)
        let (earned, earnedOverflow) = receiver.totalEarned.addingReportingOverflow(link.amount)
        guard !spentOverflow, !earnedOverflow else {
            breakChain(chain, at: position, "\(name()) (link \(position)) overflows total_spent or total_earned")
            return
        }
        sender.totalSpent = spent
        receiver.totalEarned = earned
        replayed[debit] = sender
        replayed[credit] = receiver
    }

    /// Posts one leg (`change`: signed) to the account at `index`; false when the link's sequence
    /// or balance_after is not what the chain before it gives.
    private mutating func post(_ link: Movement, leg index: Int, change: Int128, sequence: Int64, after: Int64, chain: Int,
                               position: Int64, name: @autoclosure () -> String) -> Bool {
        guard var state = replayed[index] else { return false }
        let balance = Int128(state.balance) + change
        guard link.amount > 0, let newBalance = Int64(exactly: balance), state.lastSequence < Int64.max,
              state.version < Int64.max, sequence == state.lastSequence + 1, after == newBalance else {
            breakChain(chain, at: position, identity: accounts[index].link.identity, field: nil,
                       "\(name()) (link \(position)): the leg on \(accounts[index].link.identity) says sequence \(sequence), "
                           + "balance_after \(after); the chain before it gives sequence \(Int128(state.lastSequence) + 1), "
                           + "balance_after \(balance)")
            return false
        }
        state.balance = newBalance
        state.lastSequence = sequence
        state.version += 1
        replayed[index] = state
        if change < 0 { replayedDebits[index] += Int128(link.amount) } else { replayedCredits[index] += Int128(link.amount) }
        return true
    }

    // MARK: The state the chain implies

    private mutating func compareState(_ chain: Int) {
        let tenant = chains[chain].tenant
        let head = chains[chain].next > 1 ? ChainHead(links: chains[chain].next - 1, hash: chains[chain].previous) : nil
        if head != tenant.storedHead {
            breakChain(chain, at: chains[chain].next, field: "chain_head",
                       "the stored chain head (\(tenant.storedHead?.description ?? "none")) is not the chain's end "
                           + "(\(head?.description ?? "no links")): links at the end were deleted or added, or the head was edited")
            return
        }
        guard let settings = chains[chain].settings else {
            if head != nil || tenant.storedHead == nil {
                breakChain(chain, at: chains[chain].next, field: "settings",
                           "the tenant has no settings link: it was added outside ledger-recon")
            }
            return
        }
        if let (field, implied, stored) = settings.difference(from: tenant.settings) {
            breakChain(chain, at: chains[chain].next, field: field,
                       "the tenant's \(field) is '\(stored)', but its last settings link (the chain) says '\(implied)'")
            return
        }
        for index in accounts.indices where accounts[index].tenantKey == tenant.key {
            if let problem = stateDifference(index) {
                let account = accounts[index]
                breakChain(chain, at: chains[chain].next, identity: account.link.identity, field: problem.field,
                           "account \(account.link.accountID) (\(account.link.identity)): \(problem.field) is \(problem.stored), "
                               + "but its chain gives \(problem.implied)")
                return
            }
        }
    }

    /// The first field in which the account's stored state differs from the replayed one.
    private func stateDifference(_ index: Int) -> (field: String, implied: String, stored: String)? {
        guard let implied = replayed[index] else { return ("opening", "an opening link", "none taken") }
        let account = accounts[index]
        guard let stored = account.state else { return ("state", "a state row", "none") }
        let fields: [(String, String, String)] = [
            ("status", implied.status.rawValue, account.statusText),
            ("balance", String(implied.balance), String(stored.balance)),
            ("frozen_balance", String(implied.frozenBalance), String(stored.frozenBalance)),
            ("total_earned", String(implied.totalEarned), String(stored.totalEarned)),
            ("total_spent", String(implied.totalSpent), String(stored.totalSpent)),
            ("expired_points", String(implied.expiredPoints), String(stored.expiredPoints)),
            ("version", String(implied.version), String(stored.version)),
            ("last_sequence", String(implied.lastSequence), String(stored.lastSequence)),
            ("posted_debits", String(replayedDebits[index]), String(account.postedDebits)),
            ("posted_credits", String(replayedCredits[index]), String(account.postedCredits)),
        ]
        return fields.first { $0.1 != $0.2 }
    }

    // MARK: Breaks

    /// Records the tenant's one break (the first found) and stops judging that tenant.
    private mutating func breakChain(_ chain: Int, at position: Int64, identity: ChainAccountIdentity? = nil, field: String? = nil,
                                     _ detail: String) {
        guard chains[chain].brokenAt == nil else { return }
        chains[chain].brokenAt = position
        let tenantID = chains[chain].tenant.tenantID
        let asset = identity.flatMap { identity in AccountKind(rawValue: identity.kind).flatMap { Asset(kind: $0, code: identity.asset) } }
        violations.append(CheckViolation(check: .hashChain, tenantID: tenantID, userID: identity?.userID ?? "", asset: asset,
                                         field: field, detail: "tenant \(tenantID): \(detail)"))
    }

    private func orphan(_ what: String) -> CheckViolation {
        CheckViolation(check: .hashChain, detail: "\(what): it was added outside ledger-recon")
    }
}
