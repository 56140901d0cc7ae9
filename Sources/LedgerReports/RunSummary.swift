import Foundation
import LedgerCore

/// summary.json (SPEC §5): what a run read, did and found, and the exit code it ended with.
public struct RunSummary: Encodable, Sendable {
    public struct Input: Encodable, Sendable {
        /// tenants, accounts, transfers or expected.
        public var role: String
        public var path: String
        public var sha256: String
        /// Data records (the header not counted).
        public var rows: Int
        public var unknownColumns: [String]

        public init(role: String, path: String, sha256: String, rows: Int, unknownColumns: [String]) {
            self.role = role
            self.path = path
            self.sha256 = sha256
            self.rows = rows
            self.unknownColumns = unknownColumns
        }

        enum CodingKeys: String, CodingKey {
            case role, path, sha256, rows
            case unknownColumns = "unknown_columns"
        }
    }

    public struct Counts: Encodable, Sendable {
        /// Rows the transfers files held, as their readers counted them (not the outcomes: the
        /// `input_accounted` check compares the two).
        public var read = 0
        public var applied = 0
        public var duplicate = 0
        public var rejected = 0
        /// Applied keyless rows that look like a transfer from another file or run (SPEC §2).
        public var possibleDuplicate = 0
        public var rejectedByCode: [String: Int] = Dictionary(uniqueKeysWithValues: Rejection.Code.allCases.map { ($0.rawValue, 0) })

        public init() {}

        /// Counts one row's outcome (`read` is counted by the readers).
        public mutating func count(_ outcome: TransferOutcome) {
            switch outcome {
            case .applied: applied += 1
            case .duplicate: duplicate += 1
            case .rejected(let rejection):
                rejected += 1
                rejectedByCode[rejection.code.rawValue, default: 0] += 1
            }
        }

        enum CodingKeys: String, CodingKey {
            case read, applied, duplicate, rejected
            case possibleDuplicate = "possible_duplicate"
            case rejectedByCode = "rejected_by_code"
        }
    }

    public struct AppliedTotal: Encodable, Sendable {
        public var tenantID: String
        public var kind: String
        public var asset: String
        public var transfers: Int
        /// The sum of applied amounts, formatted with the asset's digits.
        public var amount: String

        enum CodingKeys: String, CodingKey {
            case kind, asset, transfers, amount
            case tenantID = "tenant_id"
        }
    }

    public struct Check: Encodable, Sendable {
        public var name: String
        public var status: String
        public var violations: Int
        /// `run`: the check covered this run's transfers and inputs; `full`: all of the ledger
        /// (SPEC §5 "Scope of the checks").
        public var scope: String
    }

    public var runID: String
    public var command: String
    public var startedAt: String
    public var finishedAt: String
    public var dryRun: Bool
    public var database: String
    public var inputs: [Input]
    public var counts: Counts
    public var appliedTotals: [AppliedTotal]
    public var checks: [Check]
    public var exitCode: Int32
    public var reports: String
    /// Every tenant's hash-chain head before and after the run (SPEC §7); for `verify`, both are
    /// the ledger's heads as it found them.
    public var chainHeads: ChainHeadsBeforeAfter?

    public struct ChainHeadsBeforeAfter: Encodable, Sendable {
        public var before: [ChainHeadEntry]
        public var after: [ChainHeadEntry]

        public init(before: ChainHeads, after: ChainHeads) {
            self.before = before.entries
            self.after = after.entries
        }
    }

    public init(
        runID: String, command: String, startedAt: String, finishedAt: String, dryRun: Bool, database: String,
        inputs: [Input], counts: Counts, appliedTotals: [AppliedTotals.Key: AppliedTotals.Value],
        checks: [(CheckName, Int)], scopes: [CheckName: String] = [:], exitCode: Int32, reports: String,
        chainHeads: ChainHeadsBeforeAfter? = nil
    ) {
        self.chainHeads = chainHeads
        self.runID = runID
        self.command = command
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.dryRun = dryRun
        self.database = database
        self.inputs = inputs
        self.counts = counts
        self.appliedTotals = appliedTotals.sorted { $0.key < $1.key }.map { key, value in
            AppliedTotal(tenantID: key.tenantID, kind: key.asset.kind.rawValue, asset: key.asset.code,
                         transfers: value.transfers, amount: key.asset.format(wide: value.amount))
        }
        // A check without a stated scope: verify reads the whole ledger, a run its own inputs.
        let defaultScope = command == "verify" ? "full" : "run"
        self.checks = checks.map {
            Check(name: $0.0.rawValue, status: $0.1 == 0 ? "pass" : "fail", violations: $0.1, scope: scopes[$0.0] ?? defaultScope)
        }
        self.exitCode = exitCode
        self.reports = reports
    }

    enum CodingKeys: String, CodingKey {
        case command, database, inputs, counts, checks, reports
        case runID = "run_id"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case dryRun = "dry_run"
        case appliedTotals = "applied_totals"
        case exitCode = "exit_code"
        case chainHeads = "chain_heads"
    }

    /// Pretty, key-sorted JSON; text stays raw UTF-8 (no formula neutralising in JSON).
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        try ReportDirectory.writeFile(data, to: path)
    }
}

/// Applied transfers per tenant and asset: the run's own count, checked against the postings it created.
public enum AppliedTotals {
    /// Tenant and asset, compared, hashed and sorted by the tenant id's bytes (`OpaqueID`).
    public struct Key: Hashable, Sendable, Comparable {
        public var tenantID: String
        public var asset: Asset

        public init(tenantID: String, asset: Asset) {
            self.tenantID = tenantID
            self.asset = asset
        }

        public static func == (lhs: Key, rhs: Key) -> Bool {
            OpaqueID.sameBytes(lhs.tenantID, rhs.tenantID) && lhs.asset == rhs.asset
        }

        public func hash(into hasher: inout Hasher) {
            OpaqueID.hashBytes(tenantID, into: &hasher)
            hasher.combine(asset)
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            OpaqueID.sameBytes(lhs.tenantID, rhs.tenantID) ? lhs.asset < rhs.asset : OpaqueID.bytesPrecede(lhs.tenantID, rhs.tenantID)
        }
    }

    /// Transfers applied and their amounts' sum: 128-bit, so two transfers of Int64.max add up
    /// exactly instead of trapping (SPEC §6).
    public struct Value: Hashable, Sendable {
        public var transfers = 0
        public var amount: Int128 = 0

        public init(transfers: Int = 0, amount: Int128 = 0) {
            self.transfers = transfers
            self.amount = amount
        }

        /// Counts one applied transfer of `amount` minor units.
        public mutating func add(_ amount: Int64) {
            transfers += 1
            self.amount += Int128(amount)
        }
    }
}
