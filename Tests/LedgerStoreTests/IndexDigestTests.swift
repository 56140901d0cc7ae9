import Foundation
import GRDB
import Testing
@testable import LedgerStore

/// The storage check's index digests on a small file of its own: a UNIQUE index that holds
/// repeated keys is counted as `GROUP BY key HAVING COUNT(*) > 1` counts them (keys with a NULL
/// never collide), in the same walk as its digest, and a sound file has no problem.
struct IndexDigestTests {
    @Test func repeatedKeysOfAUniqueIndexAreCountedInItsWalk() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("integrity-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try DatabaseQueue(path: path)
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE pairs (id INTEGER PRIMARY KEY, a INTEGER, b TEXT);
                CREATE UNIQUE INDEX pairs_by_key ON pairs(a, b);
                INSERT INTO pairs (a, b) VALUES (1, 'x'), (1, 'y'), (1, 'z'), (2, 'x'), (3, 'x'), (3, 'y'), (NULL, 'x'), (NULL, 'y'),
                    (4, NULL), (4, 'x');
                """)
        }
        #expect(StorageIntegrity.problems(path: path, limit: 10) == [])
        // The b-tree stays as written; defined over `a` alone, the keys 1, 3 and 4 repeat (each
        // counted once), the two rows whose `a` is NULL do not.
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: "UPDATE sqlite_master SET sql = 'CREATE UNIQUE INDEX pairs_by_key ON pairs(a)' WHERE name = 'pairs_by_key'")
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        let problems = StorageIntegrity.problems(path: path, limit: 10)
        #expect(problems == ["UNIQUE index pairs_by_key of table pairs holds 3 repeated keys"], "\(problems)")
    }
}
