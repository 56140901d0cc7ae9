import Foundation

/// Input files the way users make them for the reading tests: through the system's own tools
/// (iconv, sha256sum, a shell with process substitution, mkfifo), never through the product.
enum InputFiles {
    /// The header of a transfers file with every column.
    static let transfersHeader =
        "kind,tenant_id,from_user_id,to_user_id,amount,currency,idempotency_key,description,reason,source,reference_id,requested_at\n"

    /// `count` wallet transfers of 0.01 CNY going back and forth between two sample users, so each
    /// applies whatever the order; keys `bulk-1`… .
    static func backAndForth(count: Int) -> String {
        var text = transfersHeader
        for index in 1...count {
            let (from, to) = index % 2 == 1 ? ("usr_li_wei", "usr_wang_fang") : ("usr_wang_fang", "usr_li_wei")
            text += "wallet,tnt_sh_tea,\(from),\(to),0.01,CNY,bulk-\(index),row \(index),,app,,2026-11-20T09:00:00Z\n"
        }
        return text
    }

    /// Runs a tool to completion with `input` on stdin; its stdout, or a thrown error when it fails.
    static func tool(_ path: String, _ arguments: [String], input: Data = Data()) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw InputFilesError.toolFailed(path, process.terminationStatus) }
        return output
    }

    /// `text` in another encoding, by iconv (e.g. "GB18030", "WINDOWS-1252", "UTF-16").
    static func encode(_ text: String, as encoding: String) throws -> Data {
        try tool("/usr/bin/iconv", ["-f", "UTF-8", "-t", encoding], input: Data(text.utf8))
    }

    /// SHA-256 of a file, hex, by sha256sum.
    static func sha256(of url: URL) throws -> String {
        let output = try tool("/usr/bin/sha256sum", ["-b", url.path])
        return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    /// SHA-256 of bytes, hex, by sha256sum.
    static func sha256(of data: Data) throws -> String {
        let output = try tool("/usr/bin/sha256sum", ["-b", "-"], input: data)
        return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}

enum InputFilesError: Error {
    case toolFailed(String, Int32)
}

extension Summary {
    /// summary.json's `inputs`: role, path and sha256 of each, in order.
    var inputs: [(role: String, path: String, sha256: String, rows: Int)] {
        (json["inputs"] as? [[String: Any]] ?? []).map {
            ($0["role"] as? String ?? "", $0["path"] as? String ?? "", $0["sha256"] as? String ?? "", $0["rows"] as? Int ?? -1)
        }
    }
}
