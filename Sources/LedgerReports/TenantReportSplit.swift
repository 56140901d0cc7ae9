import Foundation
import LedgerCore

/// `--split-by-tenant` (SPEC §5): copies every row of one CSV report into
/// `tenants/<folder>/<report name>` of the run's directory, by the row's `tenant_id`, so that a
/// tenant's finance team can be handed its folder and nothing else. The copied row is the same
/// bytes as in the full report (formula guard, dry-run column and all).
///
/// Rows are grouped in memory and appended to each tenant's file when a megabyte has gathered
/// (and at the end), so a night with many tenants needs no open file per tenant. A row without a
/// tenant id (a row so broken it names none) belongs to no tenant and stays in the full report only.
public final class TenantReportSplit {
    private let runDirectory: String
    private let fileName: String
    let tenantColumn: Int
    /// The report's first bytes (BOM when asked for, header row): each tenant's file starts with them.
    private let header: [UInt8]
    private var pending: [OpaqueID: [UInt8]] = [:]
    private var started: Set<OpaqueID> = []
    private var pendingBytes = 0

    static let flushBytes = 1 << 20
    static let folder = "tenants"

    init(reportPath: String, tenantColumn: Int, header: [UInt8]) {
        runDirectory = (reportPath as NSString).deletingLastPathComponent
        fileName = (reportPath as NSString).lastPathComponent
        self.tenantColumn = tenantColumn
        self.header = header
    }

    /// Queues one row's bytes (with its line end) for `tenantID`'s copy of the report.
    func add(_ row: ArraySlice<UInt8>, tenantID: String) throws {
        guard !tenantID.isEmpty else { return }
        pending[OpaqueID(tenantID), default: []].append(contentsOf: row)
        pendingBytes += row.count
        if pendingBytes >= TenantReportSplit.flushBytes { try flush(syncing: false) }
    }

    /// Appends every queued row to its tenant's file; `syncing` also fsyncs each file (at the end).
    func flush(syncing: Bool) throws {
        for (tenant, bytes) in pending.sorted(by: { $0.key < $1.key }) {
            let path = try TenantReportSplit.folder(for: tenant.text, in: runDirectory) + "/" + fileName
            let descriptor: Int32
            if started.insert(tenant).inserted {
                descriptor = try ReportDirectory.createFile(path)
                try ReportDirectory.writeAll(header, to: descriptor, path: path)
            } else {
                descriptor = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
                guard descriptor >= 0 else { throw ReportError.writeFailed(path: path, reason: ReportDirectory.errorText()) }
            }
            defer { ReportDirectory.closeFile(descriptor) }
            try ReportDirectory.writeAll(bytes, to: descriptor, path: path)
            if syncing, fsync(descriptor) != 0 { throw ReportError.writeFailed(path: path, reason: ReportDirectory.errorText()) }
        }
        pending.removeAll(keepingCapacity: true)
        pendingBytes = 0
    }

    /// `tenants/<folder>` of the run directory, created (0750) when it is not there yet.
    /// - Returns: its path.
    public static func folder(for tenantID: String, in runDirectory: String) throws -> String {
        let tenants = (runDirectory as NSString).appendingPathComponent(folder)
        let path = (tenants as NSString).appendingPathComponent(TenantFolderName.encode(tenantID))
        for directory in [tenants, path] where mkdir(directory, 0o700) == 0 {
            chmod(directory, ReportDirectory.directoryMode)
        }
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw ReportError.writeFailed(path: path, reason: "cannot create the tenant's report folder")
        }
        return path
    }

    /// Gives every tenant folder every CSV report of the run directory: a tenant without rows in
    /// a report gets the header alone, so each folder has the same files. Folders are made for
    /// `tenants` too (every tenant the ledger knows), whether or not they had rows tonight.
    public static func completeFolders(in runDirectory: String, tenants: [String]) throws {
        for tenant in tenants where !tenant.isEmpty { _ = try folder(for: tenant, in: runDirectory) }
        let tenantsPath = (runDirectory as NSString).appendingPathComponent(folder)
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: tenantsPath)) ?? []
        let reports = ((try? FileManager.default.contentsOfDirectory(atPath: runDirectory)) ?? []).filter { $0.hasSuffix(".csv") }
        for report in reports.sorted() {
            let header = try headerBytes(of: (runDirectory as NSString).appendingPathComponent(report))
            for name in folders.sorted() {
                let path = tenantsPath + "/" + name + "/" + report
                guard !FileManager.default.fileExists(atPath: path) else { continue }
                try ReportDirectory.writeFile(Data(header), to: path)
            }
        }
    }

    /// A report's first line (BOM included), through its line end. Report headers are our own
    /// column names: never quoted, never holding a line break.
    static func headerBytes(of path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReportError.writeFailed(path: path, reason: "cannot read the report back to split it by tenant")
        }
        defer { try? handle.close() }
        let start = [UInt8]((try? handle.read(upToCount: 64 * 1024)) ?? Data())
        guard let end = start.firstIndex(of: UInt8(ascii: "\n")) else { return start }
        return Array(start[...end])
    }
}
