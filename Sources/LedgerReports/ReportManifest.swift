import Foundation
import LedgerCore

/// `manifest.json` (SPEC §7 "Tamper evidence"): what a report set held when ledger-recon wrote it,
/// so that `verify --report DIR` can tell a finance reader whether the set in front of them is
/// that one. It names every report file of its directory with its size and SHA-256 (manifest.json
/// itself excluded: a file cannot hold its own hash), the input files the run read with theirs,
/// and the ledger's chain heads.
///
/// The manifest proves the set is unchanged only as far as the manifest itself can be trusted:
/// whoever can rewrite the files can rewrite the manifest too. That is why each run prints the
/// manifest's own SHA-256 on its summary lines and in its log (`verify --report --manifest-sha256`
/// compares it): kept elsewhere, that one line pins the whole set.
///
/// The format is versioned (`format_version`) and readers ignore keys they do not know, so later
/// additions (the hash chain's heads, new fields in a head) need no new version.
public struct ReportManifest: Codable, Sendable, Equatable {
    /// One report file of the directory, by its path relative to the directory.
    public struct File: Codable, Sendable, Equatable {
        /// Relative path with `/` separators (`balances.csv`, `tenants/tnt_a/balances.csv`).
        public var name: String
        /// Bytes.
        public var size: Int64
        /// Lower-case hex SHA-256 of the file's bytes.
        public var sha256: String

        public init(name: String, size: Int64, sha256: String) {
            self.name = name
            self.size = size
            self.sha256 = sha256
        }
    }

    /// An input file the run read (summary.json's `inputs`): path as given, SHA-256 of its bytes.
    public struct Input: Codable, Sendable, Equatable {
        /// tenants, accounts, transfers or expected.
        public var role: String
        public var path: String
        public var sha256: String

        public init(role: String, path: String, sha256: String) {
            self.role = role
            self.path = path
            self.sha256 = sha256
        }
    }

    /// A tenant's hash-chain head when the set was written. An object, not a bare string, so the
    /// chain can add what it needs (e.g. the entry the head belongs to) without a new format.
    public struct ChainHead: Codable, Sendable, Equatable {
        /// Lower-case hex SHA-256 of the tenant's last chain link.
        public var hash: String
        /// The head's link number (the chain's length then); absent in manifests that predate it.
        public var links: Int64?

        public init(hash: String, links: Int64? = nil) {
            self.hash = hash
            self.links = links
        }

        /// Every head of `heads`, by tenant id, as a manifest holds them.
        public static func all(_ heads: ChainHeads) -> [String: ChainHead] {
            Dictionary(heads.sorted.map { ($0.tenantID, ChainHead(hash: $0.head.hash.hex, links: $0.head.links)) },
                       uniquingKeysWith: { first, _ in first })
        }
    }

    /// What a reader must check the `format` field against.
    public static let formatName = "ledger-recon report manifest"
    /// The format this version writes and reads.
    public static let currentFormatVersion = 1
    /// The file's name in every report directory.
    public static let fileName = "manifest.json"

    public var format: String
    public var formatVersion: Int
    public var runID: String
    /// `run` or `verify`.
    public var command: String
    public var dryRun: Bool
    public var createdAt: String
    /// The ledger's path as the command was given it.
    public var database: String
    /// Set in a `--split-by-tenant` folder's manifest: the tenant the folder belongs to.
    public var tenantID: String?
    /// Sorted by the names' UTF-8 bytes.
    public var files: [File]
    public var inputs: [Input]
    /// Tenant id → chain head. Empty until the ledger has a hash chain; a tenant folder's manifest
    /// holds only its tenant's head.
    public var ledgerHeads: [String: ChainHead]

    public init(runID: String, command: String, dryRun: Bool, createdAt: String, database: String, tenantID: String? = nil,
                files: [File], inputs: [Input], ledgerHeads: [String: ChainHead]) {
        format = ReportManifest.formatName
        formatVersion = ReportManifest.currentFormatVersion
        self.runID = runID
        self.command = command
        self.dryRun = dryRun
        self.createdAt = createdAt
        self.database = database
        self.tenantID = tenantID
        self.files = files
        self.inputs = inputs
        self.ledgerHeads = ledgerHeads
    }

    enum CodingKeys: String, CodingKey {
        case format, command, database, files, inputs
        case formatVersion = "format_version"
        case runID = "run_id"
        case dryRun = "dry_run"
        case createdAt = "created_at"
        case tenantID = "tenant_id"
        case ledgerHeads = "ledger_heads"
    }

    /// Pretty, key-sorted JSON with a final line end, as summary.json is written.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Writes the manifest as `manifest.json` of `directory` (0640, created new).
    /// - Returns: the SHA-256 (hex) of the bytes written, for the summary lines and the log.
    @discardableResult
    public func write(into directory: String) throws -> String {
        let data = try encoded()
        try ReportDirectory.writeFile(data, to: (directory as NSString).appendingPathComponent(ReportManifest.fileName))
        return ReportFileDigest.hex(of: data)
    }
}
