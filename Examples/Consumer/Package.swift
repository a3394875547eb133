// swift-tools-version:6.1
import PackageDescription

// A package of someone else's that reads workbooks with SheetReading. It depends on sheetpipe by
// version, as a user would: SwiftPM then refuses a product built with unsafe flags, which a
// `path:` or `branch:` dependency would let through. `make consumer` tags a clone of the project
// and sets SHEETPIPE_CLONE to it.
let clone = Context.environment["SHEETPIPE_CLONE"] ?? "/tmp/sheetpipe-consumer/sheetpipe"

let package = Package(
    name: "Consumer",
    dependencies: [.package(url: "file://\(clone)", from: "1.0.0")],
    targets: [
        .executableTarget(name: "Consumer", dependencies: [.product(name: "SheetReading", package: "sheetpipe")])
    ]
)
