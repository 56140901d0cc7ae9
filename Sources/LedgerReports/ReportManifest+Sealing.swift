import Foundation
import LedgerCore

extension ReportManifest {
    /// What every manifest of one report set shares; the files are listed per directory.
    public struct SetDescription: Sendable {
        public var runID: String
        public var command: String
        public var dryRun: Bool
        public var createdAt: String
        public var database: String
        public var inputs: [Input]
        /// Tenant id → head; empty until the ledger has a hash chain.
        public var ledgerHeads: [String: ChainHead]

        public init(runID: String, command: String, dryRun: Bool, createdAt: String, database: String,
                    inputs: [Input], ledgerHeads: [String: ChainHead] = [:]) {
            self.runID = runID
            self.command = command
            self.dryRun = dryRun
            self.createdAt = createdAt
            self.database = database
            self.inputs = inputs
            self.ledgerHeads = ledgerHeads
        }
    }

    /// Writes the manifests of a finished (not yet published) report directory: first one in each
    /// `--split-by-tenant` folder, covering that folder's files and holding only its tenant's head,
    /// then the run directory's own, covering every file below it (the tenant folders' files and
    /// manifests included). Call it last, when no other file will be written.
    /// - Parameter tenantIDs: the tenants whose folders the caller made; a folder under `tenants/`
    ///   not among them (made for a row's tenant) is sealed too, its id read back from its name.
    /// - Returns: the SHA-256 (hex) of the run directory's manifest.json.
    /// - Throws: `ReportError` naming a file that could not be read or written.
    public static func seal(_ reports: ReportDirectory, _ set: SetDescription, tenantIDs: [String] = []) throws -> String {
        let tenantsPath = (reports.workingPath as NSString).appendingPathComponent(TenantReportSplit.folder)
        var tenantOfFolder: [String: String] = [:]
        for tenant in tenantIDs { tenantOfFolder[TenantFolderName.encode(tenant)] = tenant }
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: tenantsPath)) ?? []
        for name in folders.sorted(by: ReportFileDigest.precedes) {
            let folder = (tenantsPath as NSString).appendingPathComponent(name)
            let tenant = tenantOfFolder[name] ?? TenantFolderName.decode(name)
            let heads = tenant.map { tenant in set.ledgerHeads.filter { OpaqueID.sameBytes($0.key, tenant) } } ?? [:]
            try manifest(of: folder, set, tenantID: tenant, ledgerHeads: heads).write(into: folder)
        }
        return try manifest(of: reports.workingPath, set, tenantID: nil, ledgerHeads: set.ledgerHeads)
            .write(into: reports.workingPath)
    }

    /// The manifest `directory` gets: every regular file below it except its own manifest.json.
    static func manifest(of directory: String, _ set: SetDescription, tenantID: String?,
                         ledgerHeads: [String: ChainHead]) throws -> ReportManifest {
        var files: [File] = []
        for entry in try ReportFileDigest.entries(under: directory) where entry.name != fileName {
            let path = (directory as NSString).appendingPathComponent(entry.name)
            // Only our own files are in a directory we have not published yet.
            guard entry.isRegularFile else { throw ReportError.writeFailed(path: path, reason: "not a regular file") }
            let digest = try ReportFileDigest.digest(ofFileAt: path)
            files.append(File(name: entry.name, size: digest.size, sha256: digest.sha256))
        }
        return ReportManifest(runID: set.runID, command: set.command, dryRun: set.dryRun, createdAt: set.createdAt,
                              database: set.database, tenantID: tenantID, files: files, inputs: set.inputs,
                              ledgerHeads: ledgerHeads)
    }
}
