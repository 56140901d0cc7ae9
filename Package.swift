// swift-tools-version:6.1
import PackageDescription

/// Swift 6 mode plus the strictness swift-log turns on for every target.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ledger-recon",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ledger-recon", targets: ["ledger-recon"]),
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
        .library(name: "LedgerStore", targets: ["LedgerStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        // The processor's prefetch (a header of one inline function), for the writer's account look-ups.
        .systemLibrary(name: "CPrefetch"),
        .target(
            name: "LedgerCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The storage seam (issue 8): what crosses between the engine and a backend, free of any
        // database library.
        .target(name: "LedgerStorage", dependencies: ["LedgerCore", "CPrefetch"]),
        // The SQLite backend (GRDB): the only module that names GRDB or sqlite3.
        .target(
            name: "LedgerStore",
            dependencies: [
                "LedgerCore", "LedgerStorage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The PostgreSQL backend (SPEC §7): connection URLs and the errors a user can act on, the
        // schema keyed by tenant, COPY batches, the run's advisory lock. No PostgresNIO type leaves it.
        .target(
            name: "LedgerPostgres",
            dependencies: [
                "LedgerCore", "LedgerStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The seeds' JSON shapes and the query commands' options: what the store returns, as the
        // source platform's API shows it (SPEC §4).
        .target(name: "LedgerAPI", dependencies: ["LedgerCore", "LedgerStorage"]),
        .target(
            name: "LedgerImport",
            dependencies: ["CLibCSV", "LedgerCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "LedgerReports",
            dependencies: [
                "LedgerCore", "LedgerStorage",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "LedgerCommands",
            dependencies: [
                "LedgerCore", "LedgerStorage", "LedgerStore", "LedgerAPI", "LedgerImport", "LedgerReports", "LedgerPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The tests' seeded generator, one copy for every test target (not a product).
        .target(name: "LedgerTestSupport"),
        .executableTarget(
            name: "ledger-recon",
            dependencies: ["LedgerCommands", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "LedgerCoreTests",
            dependencies: ["LedgerCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "LedgerStoreTests",
            dependencies: [
                "LedgerCore", "LedgerStorage", "LedgerStore", "LedgerPostgres", "LedgerAPI", "LedgerTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "LedgerImportTests",
            dependencies: ["LedgerImport", "LedgerCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Needs a PostgreSQL server for most suites: `make test` starts a private cluster and passes its
        // URL as LEDGER_RECON_TEST_POSTGRES_URL; without it those suites say they were skipped.
        .testTarget(
            name: "LedgerPostgresTests",
            dependencies: [
                "LedgerPostgres", "LedgerCore", "LedgerStorage", "LedgerStore",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "LedgerReportsTests", dependencies: ["LedgerReports", "LedgerCore", "LedgerStorage", "LedgerStore", "LedgerTestSupport"]),
        // Runs the built binary (`LEDGER_RECON_BIN`, else .build/debug/ledger-recon); GRDB only to
        // look into the database it wrote.
        // Fixtures/: a ledger written by release 0.7.0 and its outputs (`UpgradeTests`), read by path.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["LedgerTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

/// Targets whose imports are internal unless marked `public import` (as swift-log does): a module
/// another one names in its public API is stated, never leaked by accident.
let internalImportsTargets: Set<String> = [
    "LedgerCore", "LedgerStorage", "LedgerStore", "LedgerImport", "LedgerAPI", "LedgerReports", "LedgerCommands", "LedgerPostgres",
]

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: strictSettings)
    if internalImportsTargets.contains(target.name) {
        settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    }
    target.swiftSettings = settings
}
