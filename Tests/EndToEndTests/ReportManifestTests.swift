import Foundation
import Testing

/// manifest.json in every report directory and `verify --report DIR` (SPEC §7 "Tamper evidence").
/// Hashes are recomputed with coreutils' `sha256sum`, not with the product's code.
struct ReportManifestTests {
    /// manifest.json of `directory`, parsed.
    static func manifest(in directory: URL) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("manifest.json")))
        return try #require(object as? [String: Any])
    }

    /// name → (size, sha256) of the manifest's `files`.
    static func listedFiles(_ manifest: [String: Any]) throws -> [String: (size: Int, sha256: String)] {
        var files: [String: (size: Int, sha256: String)] = [:]
        for file in try #require(manifest["files"] as? [[String: Any]]) {
            files[try #require(file["name"] as? String)] = (try #require(file["size"] as? Int), try #require(file["sha256"] as? String))
        }
        return files
    }

    /// SHA-256 of each path (absolute), by `sha256sum`.
    static func sha256(_ paths: [String], box: Sandbox) throws -> [String: String] {
        let outcome = try AccountingTool.run("sha256sum", paths, in: box.root)
        try #require(outcome.status == 0, "\(outcome)")
        var digests: [String: String] = [:]
        for line in outcome.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            digests[String(parts[1].drop { $0 == " " || $0 == "*" })] = String(parts[0])
        }
        return digests
    }

    /// Every file under `directory`, relative paths, sorted.
    static func files(under directory: URL) throws -> [String] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: directory.path))
        return enumerator.compactMap { $0 as? String }.filter {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }.sorted()
    }

    /// Checks that `directory`'s manifest lists exactly its other files with their real sizes and hashes.
    static func expectManifestMatchesFiles(in directory: URL, box: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let listed = try listedFiles(manifest(in: directory))
        let present = try files(under: directory).filter { $0 != "manifest.json" }
        #expect(listed.keys.sorted() == present, "\(directory.lastPathComponent)", sourceLocation: sourceLocation)
        let digests = try sha256(present.map { directory.appendingPathComponent($0).path }, box: box)
        for name in present {
            let path = directory.appendingPathComponent(name).path
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
            #expect(listed[name]?.size == size, "\(name) size", sourceLocation: sourceLocation)
            #expect(listed[name]?.sha256 == digests[path], "\(name) sha256", sourceLocation: sourceLocation)
        }
    }

    /// `verify --report DIR` plus extra options.
    static func verifyReport(_ directory: URL, box: Sandbox, extra: [String] = []) throws -> BinaryOutcome {
        try box.run(["verify", "--report", directory.path] + extra)
    }

    /// The lines `verify --report` printed for problems.
    static func problems(_ outcome: BinaryOutcome) -> [String] {
        outcome.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("problem:") }
    }

    // MARK: What the manifest holds

    @Test func aRunsManifestListsEveryFileWithItsSizeAndHash() throws {
        let box = try Sandbox()
        try box.copySamples()
        let outcome = try box.runNight()
        #expect(outcome.status == 0, "\(outcome)")
        let run = try box.latestRunDirectory()
        try Self.expectManifestMatchesFiles(in: run, box: box)

        let manifest = try Self.manifest(in: run)
        let summary = try box.summary()
        #expect(manifest["format_version"] as? Int == 1)
        #expect(manifest["run_id"] as? String == summary.runID)
        #expect(manifest["command"] as? String == "run")
        #expect(manifest["dry_run"] as? Bool == false)
        #expect(manifest["database"] as? String == box.db)
        #expect((manifest["created_at"] as? String)?.isEmpty == false)
        let heads = try #require(manifest["ledger_heads"] as? [String: [String: Any]], "ledger_heads is an object")
        #expect(heads.keys.sorted() == ["tnt_beta_club", "tnt_sh_tea", "tnt_tokyo_books"], "every tenant's chain head")
        let summaryHeads = try #require((summary.json["chain_heads"] as? [String: Any])?["after"] as? [[String: Any]])
        for head in summaryHeads {
            let tenant = try #require(head["tenant_id"] as? String)
            #expect(heads[tenant]?["hash"] as? String == head["hash"] as? String, "the heads after the run: \(tenant)")
        }
        let names = try #require(manifest["files"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "sorted by name")
        #expect(!names.contains("manifest.json"))
        #expect(Set(["balances.csv", "breaks.csv", "results.csv", "summary.json", "report.html"]).isSubset(of: names))

        // The inputs are summary.json's, and their hashes are the input files' own.
        let inputs = try #require(manifest["inputs"] as? [[String: Any]])
        let summaryInputs = try #require(summary.json["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["path"] as? String } == summaryInputs.map { $0["path"] as? String })
        #expect(inputs.map { $0["role"] as? String } == ["tenants", "accounts", "transfers", "expected"])
        let inputDigests = try Self.sha256(Product.sampleFiles.map { box.url($0).path }, box: box)
        for input in inputs {
            let path = try #require(input["path"] as? String)
            #expect(input["sha256"] as? String == inputDigests[box.url(path).path], "\(path)")
        }

        // 0640 like every report, and its own hash on the summary lines and in the log.
        #expect(try ReportOptionsTests.mode(run.appendingPathComponent("manifest.json")) == 0o640)
        let manifestSHA256 = try #require(try Self.sha256([run.appendingPathComponent("manifest.json").path], box: box).values.first)
        #expect(outcome.stdout.contains("manifest: sha256 \(manifestSHA256)\n"), "\(outcome)")
        #expect(outcome.stderr.contains("manifest.json sha256 \(manifestSHA256)"), "\(outcome)")
    }

    @Test func everyTenantFolderHasAManifestOfItsOwnFiles() throws {
        let box = try Sandbox()
        try box.copySamples()
        #expect(try box.runNight(extra: ["--split-by-tenant"]).status == 0)
        let run = try box.latestRunDirectory()
        try Self.expectManifestMatchesFiles(in: run, box: box)
        let topLevel = try Self.listedFiles(Self.manifest(in: run))
        for tenant in ["tnt_beta_club", "tnt_sh_tea", "tnt_tokyo_books"] {
            let folder = run.appendingPathComponent("tenants/\(tenant)")
            try Self.expectManifestMatchesFiles(in: folder, box: box)
            let manifest = try Self.manifest(in: folder)
            #expect(manifest["tenant_id"] as? String == tenant)
            #expect((manifest["ledger_heads"] as? [String: Any])?.keys.sorted() == [tenant], "its own tenant's head only")
            #expect(topLevel["tenants/\(tenant)/manifest.json"] != nil, "the run's manifest covers the folder's manifest")
            let checked = try Self.verifyReport(folder, box: box)
            #expect(checked.status == 0, "\(tenant): \(checked)")
        }
        #expect(try Self.verifyReport(run, box: box).status == 0)

        // An edit in a tenant's folder shows in its own check and in the whole set's.
        let edited = run.appendingPathComponent("tenants/tnt_sh_tea/balances.csv")
        try Data((try String(contentsOf: edited, encoding: .utf8) + "\n").utf8).write(to: edited)
        let folderCheck = try Self.verifyReport(edited.deletingLastPathComponent(), box: box)
        #expect(folderCheck.status == 1, "\(folderCheck)")
        #expect(Self.problems(folderCheck).count == 1 && Self.problems(folderCheck)[0].hasPrefix("problem:  balances.csv: changed"),
                "\(folderCheck)")
        let setCheck = try Self.verifyReport(run, box: box)
        #expect(setCheck.status == 1, "\(setCheck)")
        #expect(Self.problems(setCheck).count == 1
                && Self.problems(setCheck)[0].hasPrefix("problem:  tenants/tnt_sh_tea/balances.csv: changed"), "\(setCheck)")
    }

    @Test func aDryRunsAndVerifysSetsHaveManifestsToo() throws {
        let box = try Sandbox()
        try box.copySamples()
        let dry = try box.runNight(extra: ["--dry-run"])
        #expect(dry.status == 0, "\(dry)")
        let dryDirectory = try box.reportDirectory(printedBy: dry)
        try Self.expectManifestMatchesFiles(in: dryDirectory, box: box)
        #expect(try Self.manifest(in: dryDirectory)["dry_run"] as? Bool == true)
        #expect(try Self.verifyReport(dryDirectory, box: box).status == 0)

        #expect(try box.runNight().status == 0)
        let verify = try box.run(["verify", "--db", box.db])
        #expect(verify.status == 0, "\(verify)")
        let verifyDirectory = try box.reportDirectory(printedBy: verify)
        try Self.expectManifestMatchesFiles(in: verifyDirectory, box: box)
        #expect(try Self.manifest(in: verifyDirectory)["command"] as? String == "verify")
        let manifestSHA256 = try #require(try Self.sha256([verifyDirectory.appendingPathComponent("manifest.json").path], box: box).values.first)
        #expect(verify.stdout.contains("manifest: sha256 \(manifestSHA256)\n"), "\(verify)")
        #expect(try Self.verifyReport(verifyDirectory, box: box).status == 0)
    }

    // MARK: verify --report

    @Test func anUntouchedSetPassesAndTheCheckWritesNothing() throws {
        let box = try Sandbox()
        try box.copySamples()
        #expect(try box.runNight().status == 0)
        let run = try box.latestRunDirectory()
        let before = try Self.files(under: box.reportsRoot)
        let manifestSHA256 = try #require(try Self.sha256([run.appendingPathComponent("manifest.json").path], box: box).values.first)
        for extra in [[], ["--manifest-sha256", manifestSHA256], ["--manifest-sha256", manifestSHA256.uppercased()], ["--db", box.db]] {
            let outcome = try Self.verifyReport(run, box: box, extra: extra)
            #expect(outcome.status == 0, "\(extra): \(outcome)")
            #expect(outcome.stdout.hasSuffix("exit 0: the report set is intact: every file is the one ledger-recon wrote\n"), "\(outcome)")
            #expect(Self.problems(outcome).isEmpty)
        }
        // Through reports/latest (a symlink) as well.
        #expect(try Self.verifyReport(box.latest, box: box).status == 0)
        #expect(try Self.files(under: box.reportsRoot) == before, "verify --report writes no report set of its own")
    }

    /// How a report set is tampered with, and the file the check must name.
    enum Tampering: String, CaseIterable, CustomTestStringConvertible {
        case editedDigit, truncated, deleted, added, addedHidden, addedInFolder, replacedByLink
        case manifestNotJSON, manifestSizeFixed, manifestNamesOutside, manifestEditedAgainstLog

        var testDescription: String { rawValue }

        /// What the problem line starts with.
        var named: String {
            switch self {
            case .editedDigit, .truncated, .manifestSizeFixed: "balances.csv: changed"
            case .deleted: "trial_balance.csv: missing"
            case .added: "notes.txt: not in manifest.json"
            case .addedHidden: ".notes: not in manifest.json"
            case .addedInFolder: "extra/notes.txt: not in manifest.json"
            case .replacedByLink: "results.csv: not a regular file"
            case .manifestNotJSON, .manifestNamesOutside, .manifestEditedAgainstLog: "manifest.json:"
            }
        }

        func apply(to run: URL) throws -> [String] {
            let balances = run.appendingPathComponent("balances.csv")
            let manifest = run.appendingPathComponent("manifest.json")
            switch self {
            case .editedDigit:
                // One digit of one amount: same size, another hash.
                var bytes = [UInt8](try Data(contentsOf: balances))
                let firstRow = try #require(bytes.firstIndex(of: UInt8(ascii: "\n")))
                let digit = try #require(bytes[firstRow...].firstIndex { (UInt8(ascii: "0")...UInt8(ascii: "8")).contains($0) })
                bytes[digit] += 1
                try Data(bytes).write(to: balances)
            case .truncated:
                try Data(try Data(contentsOf: balances).dropLast(2)).write(to: balances)
            case .deleted:
                try FileManager.default.removeItem(at: run.appendingPathComponent("trial_balance.csv"))
            case .added:
                try Data("a note\n".utf8).write(to: run.appendingPathComponent("notes.txt"))
            case .addedHidden:
                try Data("a note\n".utf8).write(to: run.appendingPathComponent(".notes"))
            case .addedInFolder:
                try FileManager.default.createDirectory(at: run.appendingPathComponent("extra"), withIntermediateDirectories: false)
                try Data("a note\n".utf8).write(to: run.appendingPathComponent("extra/notes.txt"))
            case .replacedByLink:
                let results = run.appendingPathComponent("results.csv")
                try FileManager.default.moveItem(at: results, to: run.deletingLastPathComponent().appendingPathComponent("results-moved.csv"))
                try FileManager.default.createSymbolicLink(atPath: results.path, withDestinationPath: "../results-moved.csv")
            case .manifestNotJSON:
                try Data((try String(contentsOf: manifest, encoding: .utf8)).dropLast(3).utf8).write(to: manifest)
            case .manifestSizeFixed:
                // Someone edits balances.csv and "fixes" the manifest's size: the hash still differs.
                try Data((try String(contentsOf: balances, encoding: .utf8) + "x\n").utf8).write(to: balances)
                var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [String: Any])
                var files = try #require(json["files"] as? [[String: Any]])
                let index = try #require(files.firstIndex { $0["name"] as? String == "balances.csv" })
                files[index]["size"] = try FileManager.default.attributesOfItem(atPath: balances.path)[.size] as? Int
                json["files"] = files
                try JSONSerialization.data(withJSONObject: json).write(to: manifest)
            case .manifestNamesOutside:
                let text = try String(contentsOf: manifest, encoding: .utf8)
                try Data(text.replacingOccurrences(of: "\"name\" : \"breaks.csv\"", with: "\"name\" : \"..\\/breaks.csv\"").utf8)
                    .write(to: manifest)
            case .manifestEditedAgainstLog:
                // A well-formed manifest, consistent with the files, but not the one the night logged.
                let text = try String(contentsOf: manifest, encoding: .utf8)
                let logged = try #require(try ReportManifestTests.sha256OfFile(manifest))
                try Data(text.replacingOccurrences(of: "\"command\" : \"run\"", with: "\"command\" : \"run \"").utf8).write(to: manifest)
                return ["--manifest-sha256", logged]
            }
            return []
        }
    }

    /// SHA-256 of one file by `sha256sum`, run in the file's own parent's parent (not the set).
    static func sha256OfFile(_ url: URL) throws -> String? {
        let outcome = try AccountingTool.run("sha256sum", [url.path], in: url.deletingLastPathComponent().deletingLastPathComponent())
        return outcome.stdout.split(separator: " ").first.map(String.init)
    }

    @Test(arguments: Tampering.allCases)
    func aTamperedSetFailsNamingTheFile(_ tampering: Tampering) throws {
        let box = try Sandbox()
        try box.copySamples()
        #expect(try box.runNight().status == 0)
        let run = try box.latestRunDirectory()
        try #require(try Self.verifyReport(run, box: box).status == 0)
        let extra = try tampering.apply(to: run)
        let outcome = try Self.verifyReport(run, box: box, extra: extra)
        #expect(outcome.status == 1, "\(outcome)")
        let problems = Self.problems(outcome)
        #expect(problems.count == 1, "\(outcome)")
        #expect(problems.first?.hasPrefix("problem:  \(tampering.named)") == true, "\(outcome)")
        #expect(outcome.stdout.split(separator: "\n").last?.hasPrefix("exit 1: ") == true, "\(outcome)")
    }

    @Test func noSetToCheckIsExitTwo() throws {
        let box = try Sandbox()
        try box.copySamples()
        #expect(try box.runNight().status == 0)
        let run = try box.latestRunDirectory()

        let notADirectory = try Self.verifyReport(run.appendingPathComponent("balances.csv"), box: box)
        #expect(notADirectory.status == 2, "\(notADirectory)")
        #expect(notADirectory.stderr.contains("is not a directory"), "\(notADirectory)")
        let absent = try Self.verifyReport(box.reportsRoot.appendingPathComponent("no-such-run"), box: box)
        #expect(absent.status == 2, "\(absent)")
        let missingLedger = try Self.verifyReport(run, box: box, extra: ["--db", box.url("other.sqlite").path])
        #expect(missingLedger.status == 2, "\(missingLedger)")
        #expect(missingLedger.stderr.contains("other.sqlite"), "\(missingLedger)")
        #expect(!FileManager.default.fileExists(atPath: box.url("other.sqlite").path), "never creates a ledger")

        try FileManager.default.removeItem(at: run.appendingPathComponent("manifest.json"))
        let noManifest = try Self.verifyReport(run, box: box)
        #expect(noManifest.status == 2, "\(noManifest)")
        #expect(noManifest.stderr.contains("has no manifest.json"), "\(noManifest)")
        #expect(noManifest.stdout.split(separator: "\n").last?.hasPrefix("exit 2: ") == true, "\(noManifest)")
    }

    @Test func aManifestHashThatIsNotOneIsAUsageError() throws {
        let box = try Sandbox()
        try box.copySamples()
        #expect(try box.runNight().status == 0)
        let outcome = try Self.verifyReport(box.latest, box: box, extra: ["--manifest-sha256", "abc"])
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stderr.contains("--manifest-sha256"), "\(outcome)")
    }
}
