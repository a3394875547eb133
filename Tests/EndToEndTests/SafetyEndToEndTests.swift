import Foundation
import SheetBench
import SheetTestSupport
import Testing

@Suite struct SafetyEndToEndTests {
    @Test func aFailedConvertLeavesThePreviousOutputIntact() throws {
        let directory = try TestFiles.folder("sheetpipe-e2e")
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.csv").path
        try Data("previous\n".utf8).write(to: URL(fileURLWithPath: output))
        let run = try Binary.run(["convert", Binary.fixture("hostile", "duplicate_cell.xlsx"), "-o", output, "--quiet"])
        #expect(run.status == 3)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "previous\n")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.csv"], "no temporary file left"
        )
        let ok = try Binary.run(["convert", Binary.fixture("hostile", "baseline.xlsx"), "-o", output, "--quiet"])
        #expect(ok.status == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "ok\n")
    }

    static let hostileFiles: [String] = {
        let folder = Binary.packageRoot.appendingPathComponent(Binary.fixture("hostile", "")).path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.hasSuffix(".xlsx") || $0.hasSuffix(".ods") || $0.hasSuffix(".fods")
        }.sorted()
    }()

    /// Every hostile file, run by the binary: a verdict (never a crash signal) and a small peak.
    @Test(arguments: hostileFiles)
    func hostileFilesKeepMemorySmall(_ name: String) throws {
        let measurement = try #require(
            ProcessMeasurement.run([
                Binary.path, "convert", Binary.packageRoot.path + "/" + Binary.fixture("hostile", name), "--quiet",
            ]))
        #expect([0, 1, 2, 3].contains(measurement.exitStatus), "\(name) ended with \(measurement.exitStatus)")
        let peak = try #require(measurement.peakRSSBytes)
        #expect(peak < 100 << 20, "\(name): peak \(peak >> 20) MiB")
    }
}
