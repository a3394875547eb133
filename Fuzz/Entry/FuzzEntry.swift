import Foundation
import SheetFuzzing

// libFuzzer's entry points (no `main`: libFuzzer has it). The target is chosen by
// SHEETPIPE_FUZZ_TARGET (xlsx, sheet-xml, shared-strings, styles, csv, french-values,
// table-schema, definition); `make fuzz` runs each in turn.

nonisolated(unsafe) private var target = FuzzTarget.xlsx
nonisolated(unsafe) private var scratch = ""

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    let name = ProcessInfo.processInfo.environment["SHEETPIPE_FUZZ_TARGET"] ?? "xlsx"
    guard let chosen = FuzzTarget(rawValue: name) else {
        fatalError("SHEETPIPE_FUZZ_TARGET: '\(name)' is none of \(FuzzTarget.allCases.map(\.rawValue))")
    }
    target = chosen
    scratch = NSTemporaryDirectory() + "sheetpipe-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = target.run(UnsafeBufferPointer(start: data, count: size), scratch: scratch)
    return 0
}
