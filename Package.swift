// swift-tools-version:6.1
import PackageDescription

// Linux only: the atomic swap of a run's outputs is renameat2(RENAME_EXCHANGE), file times come
// from `st_mtim`, inputs are listed with Glibc's `glob`, and the C libraries come from Debian's
// packages. No other platform is built or tested, so none is declared.
#if !os(Linux)
    #error("sheetpipe builds and runs on Linux only (see the README)")
#endif

let package = Package(
    name: "sheetpipe",
    products: [
        .executable(name: "sheetpipe", targets: ["sheetpipe"]),
        .library(name: "SheetReading", targets: ["SheetReading"]),
        .library(name: "SheetOutput", targets: ["SheetOutput"]),
        .library(name: "SheetSchema", targets: ["SheetSchema"]),
        .library(name: "SheetConsolidation", targets: ["SheetConsolidation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C libraries, wrapped once: SheetReading imports libzip and libxml2, SheetOutput's
        // XlsxWriter alone imports libxlsxwriter, SheetDigest alone imports libcrypto.
        .systemLibrary(
            name: "CLibZip", pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CXlsxWriter", pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(
            name: "CLibCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),

        // Unpack + parse: XLSX packages and delimited text into a stream of located, typed cells.
        .target(name: "SheetReading", dependencies: ["CLibZip", "CLibXML2"]),
        // Hashing for the per-row loops of validation and consolidation: word hashes and one
        // open-addressing table. Public so that both get specialised code, but no product: a
        // building block of the two modules, not an API of theirs.
        .target(name: "SheetHashing"),
        // SHA-256 of inputs and outputs (the manifest, the output ledger), from OpenSSL's libcrypto:
        // libxlsxwriter needs it anyway, and swift-crypto compiled BoringSSL, most of a fresh build.
        // A module of its own so that SheetSchema's and SheetConsolidation's users need no OpenSSL.
        .target(name: "SheetDigest", dependencies: ["CLibCrypto"]),
        // Validate: Table Schema, French values (numbers, dates, identifiers, places), issues.
        .target(name: "SheetSchema", dependencies: ["SheetReading", "SheetHashing"]),
        // Writers: CSV (RFC 4180, formula-neutralised), JSON, XLSX (libxlsxwriter) and the submitters' template.
        .target(
            name: "SheetOutput", dependencies: ["SheetReading", "SheetSchema", "CFileSystem", "CXlsxWriter"]),
        // Consolidate: deduplication and review candidates across the accepted rows.
        .target(
            name: "SheetConsolidation", dependencies: ["SheetReading", "SheetSchema", "SheetHashing"]),
        // File system calls Swift's Glibc module leaves out: swapping two folders in one step
        // (renameat2), copying file ranges in the kernel (copy_file_range).
        .target(name: "CFileSystem"),
        // The main job: pipeline definitions (YAML), the run's stages in order, and its outputs.
        .target(
            name: "SheetPipeline",
            dependencies: [
                "SheetReading", "SheetSchema", "SheetOutput", "SheetConsolidation", "SheetDigest", "CFileSystem",
                .product(name: "Yams", package: "Yams"),
            ]),
        // The benchmark: standard workbooks, timings and peak memory, side by side with peers.
        .target(name: "SheetBench", dependencies: ["SheetReading", "SheetOutput"]),
        // Thin CLI: subcommands only.
        .executableTarget(
            name: "sheetpipe",
            dependencies: [
                "SheetReading", "SheetSchema", "SheetOutput", "SheetPipeline", "SheetBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // The parsers the fuzzer drives (`make fuzz`), replayed on the committed corpora by the tests.
        .target(name: "SheetFuzzing", dependencies: ["SheetReading", "SheetSchema", "SheetPipeline"]),

        // The code of the DocC articles (SheetReading.docc, SheetSchema.docc), built with everything else.
        .executableTarget(name: "ReadingAWorkbook", dependencies: ["SheetReading"], path: "Examples/ReadingAWorkbook"),
        .executableTarget(
            name: "ValidatingWithATableSchema", dependencies: ["SheetReading", "SheetSchema"],
            path: "Examples/ValidatingWithATableSchema"),

        // Fixtures are read from the source tree (next to the tests), not copied as resources.
        .testTarget(
            name: "SheetReadingTests", dependencies: ["SheetReading", "SheetOutput", "SheetTestSupport"],
            exclude: ["Fixtures"]),
        // Helpers the test targets share (hand-built workbooks).
        .target(name: "SheetTestSupport", dependencies: ["SheetReading"], path: "Tests/SheetTestSupport"),
        .testTarget(
            name: "SheetOutputTests", dependencies: ["SheetOutput", "SheetReading", "SheetSchema", "SheetTestSupport"]),
        .testTarget(
            name: "SheetSchemaTests", dependencies: ["SheetSchema", "SheetReading", "SheetTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "SheetHashingTests", dependencies: ["SheetHashing", "SheetTestSupport"]),
        .testTarget(name: "SheetDigestTests", dependencies: ["SheetDigest", "SheetTestSupport"]),
        .testTarget(name: "SheetConsolidationTests", dependencies: ["SheetConsolidation", "SheetTestSupport"]),
        .testTarget(
            name: "SheetPipelineTests",
            dependencies: ["SheetPipeline", "SheetConsolidation", "SheetSchema", "SheetFuzzing", "SheetTestSupport"]),
        // Runs the built binary (the dependency makes `swift test` build it first).
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["sheetpipe", "SheetBench", "SheetOutput", "SheetSchema", "SheetTestSupport"],
            exclude: ["Golden", "Scripts"]),
    ]
)

// libFuzzer's executable (no `main`: it links only with `--sanitize=fuzzer`), so it is part of the
// package only when `make fuzz` asks for it.
if Context.environment["SHEETPIPE_FUZZ"] != nil {
    package.targets.append(
        .executableTarget(name: "sheetpipe-fuzz", dependencies: ["SheetFuzzing"], path: "Fuzz/Entry"))
}

// Stricter language features for every Swift target (as swift-log does): `InternalImportsByDefault`
// makes the compiler refuse C types in a public API, so C stays inside its wrapper.
for target in package.targets where [.executable, .test, .regular].contains(target.type) {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
