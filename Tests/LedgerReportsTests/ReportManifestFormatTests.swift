import Foundation
@testable import LedgerReports
import Testing

/// manifest.json's format (SPEC §7): what `verify --report` accepts as well-formed, and that the
/// hash chain can add its heads (and fields in them) without a new format version.
struct ReportManifestFormatTests {
    static let digest = String(repeating: "ab", count: 32)

    static func manifest(files: [ReportManifest.File], version: Int = ReportManifest.currentFormatVersion) -> ReportManifest {
        var manifest = ReportManifest(runID: "20261122T000000Z-abcd", command: "run", dryRun: false, createdAt: "2026-11-22T00:00:00Z",
                                      database: "ledger.sqlite", files: files, inputs: [], ledgerHeads: [:])
        manifest.formatVersion = version
        return manifest
    }

    @Test func whatTheJobWritesReadsBackUnchanged() throws {
        let written = Self.manifest(files: [ReportManifest.File(name: "balances.csv", size: 10, sha256: Self.digest),
                                            ReportManifest.File(name: "tenants/tnt_a/balances.csv", size: 4, sha256: Self.digest)])
        let data = try written.encoded()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((object["ledger_heads"] as? [String: Any])?.isEmpty == true, "an empty object, not null or missing")
        #expect(object["tenant_id"] == nil, "only a tenant folder's manifest names a tenant")
        #expect(try JSONDecoder().decode(ReportManifest.self, from: data) == written)
        #expect(ReportSetCheck.mistakes(in: written).isEmpty)
    }

    /// A manifest written once the chain exists: heads with more fields than today's, and a key
    /// this version does not know. It reads, and keeps the heads for the ledger check.
    @Test func headsWithMoreFieldsNeedNoNewFormat() throws {
        let text = """
            {"format": "ledger-recon report manifest", "format_version": 1, "run_id": "r", "command": "run",
             "dry_run": false, "created_at": "t", "database": "ledger.sqlite", "files": [], "inputs": [],
             "ledger_heads": {"tnt_a": {"hash": "\(Self.digest)", "entry_id": 41, "links": 120}},
             "chain_algorithm": "sha256"}
            """
        let manifest = try JSONDecoder().decode(ReportManifest.self, from: Data(text.utf8))
        #expect(manifest.ledgerHeads == ["tnt_a": ReportManifest.ChainHead(hash: Self.digest, links: 120)])
        #expect(ReportSetCheck.mistakes(in: manifest).isEmpty)
    }

    @Test(arguments: [
        "", "/etc/passwd", "../balances.csv", "tenants/../../x", "a//b", "./balances.csv", "tenants/", "manifest.json",
    ])
    func aNameOutsideTheDirectoryOrTheManifestItselfIsAMistake(_ name: String) {
        #expect(!ReportSetCheck.mistakes(in: Self.manifest(files: [ReportManifest.File(name: name, size: 1, sha256: Self.digest)])).isEmpty)
    }

    @Test func duplicatesBadDigestsSizesAndVersionsAreMistakes() {
        let file = ReportManifest.File(name: "balances.csv", size: 1, sha256: Self.digest)
        #expect(ReportSetCheck.mistakes(in: Self.manifest(files: [file, file])) == ["'balances.csv' is listed twice"])
        for sha256 in [Self.digest.uppercased(), String(Self.digest.dropLast()), String(Self.digest.dropLast()) + "g"] {
            #expect(ReportSetCheck.mistakes(in: Self.manifest(files: [ReportManifest.File(name: "a.csv", size: 1, sha256: sha256)])).count == 1)
        }
        #expect(ReportSetCheck.mistakes(in: Self.manifest(files: [ReportManifest.File(name: "a.csv", size: -1, sha256: Self.digest)])).count == 1)
        #expect(ReportSetCheck.mistakes(in: Self.manifest(files: [], version: 2)).count == 1)
        var otherFormat = Self.manifest(files: [])
        otherFormat.format = "something else"
        #expect(ReportSetCheck.mistakes(in: otherFormat).count == 1)
    }
}
