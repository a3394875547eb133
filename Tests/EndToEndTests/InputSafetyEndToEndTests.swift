import Foundation
import SheetTestSupport
import Testing

/// Nobody's files touched, nothing said twice or raw: `-o` never lands on an input, control
/// characters from file names never reach the terminal, Excel's lock files are named for what
/// they are, a definition mistake stops the run before anything is read.
@Suite struct InputSafetyEndToEndTests {
    /// A folder holding `b.xlsx` (a sample workbook) and `link.xlsx`, a hard link to it.
    static func workbookWithHardLink() throws -> (folder: URL, bytes: Data) {
        let folder = try TestFiles.folder("onto-input")
        let workbook = folder.appendingPathComponent("b.xlsx")
        try FileManager.default.copyItem(
            at: Binary.packageRoot.appendingPathComponent("samples/fiches-bretagne.xlsx"), to: workbook)
        try FileManager.default.linkItem(at: workbook, to: folder.appendingPathComponent("link.xlsx"))
        return (folder, try Data(contentsOf: workbook))
    }

    @Test(arguments: ["convert", "validate"])
    func outputOntoAnInputIsRefused(_ command: String) throws {
        let (folder, bytes) = try Self.workbookWithHardLink()
        let input = folder.appendingPathComponent("b.xlsx").path
        // The same name, the same file by another spelling, a hard link (another name, same inode).
        for output in [input, folder.path + "/./b.xlsx", folder.path + "//b.xlsx", folder.path + "/link.xlsx"] {
            let run = try Binary.run([command, input, "-o", output])
            #expect(run.status == 2, "\(command) -o \(output): \(run.stderr)")
            #expect(run.stderr.contains("-o \(output)") && run.stderr.contains("input \(input)"), "\(run.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == bytes, "the input is unchanged")
        }
        // A relative `./` path from the working folder names the same file too.
        let relative = try Binary.run([command, input, "-o", "./" + relativeToPackage(input)])
        #expect(relative.status == 2, "\(relative.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == bytes)
    }

    /// `path` relative to the package root (the binary's working folder), through `..` if needed.
    func relativeToPackage(_ path: String) -> String {
        let root = Binary.packageRoot.standardizedFileURL.path.split(separator: "/")
        let target = path.split(separator: "/")
        var common = 0
        while common < min(root.count, target.count) && root[common] == target[common] { common += 1 }
        return (Array(repeating: "..", count: root.count - common) + target[common...].map(String.init))
            .joined(separator: "/")
    }

    @Test func aFileNamedWithAnEscapeSequenceDoesNotDriveTheTerminal() throws {
        let folder = try TestFiles.folder("escape")
        let file = folder.appendingPathComponent("\u{1B}[31mred\u{07}.csv")
        try Data("Identifiant fiche;Campagne;Région\nA\u{1B}[2J1;2024;Bretagne\n".utf8).write(to: file)
        let convert = try Binary.run(["convert", file.path])
        #expect(!convert.stderr.utf8.contains(0x1B) && !convert.stderr.utf8.contains(0x07), "\(convert.stderr)")
        #expect(convert.stderr.contains("\\u{1B}[31mred\\u{7}.csv"), "\(convert.stderr)")
        let validate = try Binary.run(["validate", file.path, "--schema", "project-sheet", "--format", "text"])
        #expect(!validate.stdout.utf8.contains(0x1B) && !validate.stdout.utf8.contains(0x07), "\(validate.stdout)")
        #expect(validate.stdout.contains("\\u{1B}[31mred"), "\(validate.stdout)")
        #expect(!validate.stderr.utf8.contains(0x1B))
        // A pipeline named with one (allowed when it does not name the output folder): the summary.
        try Data("name: \"\\e[2Jessai\"\ninputs: [\"*.csv\"]\noutputs: {directory: out}\n".utf8).write(
            to: folder.appendingPathComponent("p.yml"))
        let run = try Binary.run(["run", folder.path + "/p.yml"])
        #expect(run.stdout.contains("\\u{1B}[2Jessai: 1 files"), "\(run.stdout)")
        #expect(!run.stdout.utf8.contains(0x1B) && !run.stderr.utf8.contains(0x1B), "\(run.stdout)\(run.stderr)")
        let missing = try Binary.run(["validate", folder.path + "/\u{1B}]0;title\u{07}gone.xlsx"])
        #expect(missing.status == 3)
        #expect(!missing.stderr.utf8.contains(0x1B) && !missing.stderr.utf8.contains(0x07), "\(missing.stderr)")
    }

    @Test func aMissingFileIsNamedOnceAndGetsNoSchema() throws {
        let validate = try Binary.run(["validate", "samples/missing.xlsx", "--format", "json"])
        #expect(validate.status == 3)
        #expect(validate.stderr == "sheetpipe: error: samples/missing.xlsx: no such file\n", "\(validate.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [String: Any])
        let file = try #require((report["files"] as? [[String: Any]])?.first)
        #expect(file["schema"] is NSNull, "\(file)")

        let inspect = try Binary.run(["inspect", "samples/missing.xlsx"])
        #expect(inspect.stdout == "samples/missing.xlsx: cannot be read — no such file\n", "\(inspect.stdout)")

        let out = try TestFiles.folder("missing").appendingPathComponent("out")
        let run = try Binary.run([
            "run", "--input", "samples/missing.xlsx", "--input", "samples/fiches-grand-est.csv", "--schema",
            "project-sheet", "--out", out.path, "--quiet",
        ])
        let errors = run.stderr.split(separator: "\n").filter { $0.hasPrefix("sheetpipe: error:") }
        #expect(errors == ["sheetpipe: error: samples/missing.xlsx: no such file"], "\(run.stderr)")
    }

    /// What Excel writes beside an open workbook: the user's name in a 165-byte owner file.
    static func excelLockFile(at url: URL) throws {
        let user = "Jean Dupont"
        var bytes: [UInt8] = [UInt8(user.utf8.count)] + Array(user.utf8)
        bytes += Array(repeating: 0x20, count: 54 - bytes.count)
        bytes += [UInt8(user.utf8.count), 0] + user.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        bytes += Array(repeating: 0x20, count: 165 - bytes.count)
        #expect(bytes.count == 165)
        try Data(bytes).write(to: url)
    }

    @Test func anExcelLockFileIsNamedAndPatternsSkipIt() throws {
        let folder = try TestFiles.folder("lock")
        try FileManager.default.copyItem(
            at: Binary.packageRoot.appendingPathComponent("samples/fiches-bretagne.xlsx"),
            to: folder.appendingPathComponent("fiches.xlsx"))
        let lock = folder.appendingPathComponent("~$fiches.xlsx")
        try Self.excelLockFile(at: lock)

        let validate = try Binary.run(["validate", lock.path])
        #expect(validate.status == 3)
        #expect(validate.stderr.contains("the workbook is open in Excel: this is its lock file"), "\(validate.stderr)")

        let out = folder.appendingPathComponent("out")
        let run = try Binary.run([
            "run", "--input", folder.path + "/*.xlsx", "--schema", "project-sheet", "--out", out.path, "--quiet",
        ])
        #expect(run.status != 3, "the lock file is not read: \(run.stderr)")
        #expect(
            run.stderr.contains("sheetpipe: info: \(lock.path): skipped (the workbook is open in Excel"),
            "\(run.stderr)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("fiches.xlsx") && !manifest.contains("~$"))
    }

    @Test func twoInputsWithTheSameBytesGetAWarningNamingBoth() throws {
        let folder = try TestFiles.folder("same-bytes")
        for name in ["fiches.csv", "fiches-copie.csv"] {
            try FileManager.default.copyItem(
                at: Binary.packageRoot.appendingPathComponent("samples/fiches-grand-est.csv"),
                to: folder.appendingPathComponent(name))
        }
        let run = try Binary.run([
            "run", "--input", folder.path + "/*.csv", "--schema", "project-sheet", "--out",
            folder.appendingPathComponent("out").path, "--quiet",
        ])
        let warning = run.stderr.split(separator: "\n").filter { $0.contains("same content") }
        #expect(warning.count == 1, "\(run.stderr)")
        #expect(warning.first?.contains("fiches.csv") == true && warning.first?.contains("fiches-copie.csv") == true)
    }

    @Test func aDefinitionMistakeIsExitTwoNamingTheKeyAndLine() throws {
        let folder = try TestFiles.folder("definition")
        try FileManager.default.copyItem(
            at: Binary.packageRoot.appendingPathComponent("samples/fiches-grand-est.csv"),
            to: folder.appendingPathComponent("fiches.csv"))
        let cases = [
            ("inputs:\n  - path: fiches.csv\n    submitted: 2024-02-30\n", "p.yml:5: inputs[1].submitted"),
            ("inputs:\n  - path: fiches.csv\n    campaign: 1850\n", "p.yml:5: inputs[1].campaign"),
            ("inputs:\n  - path: fiches.csv\n    region: \"99\"\n", "p.yml:5: inputs[1].region"),
            ("inputs: [fiches.csv]\noptions:\n  limits: {max_entries: -5}\n", "p.yml:5: options.limits.max_entries"),
            (
                "inputs: [fiches.csv]\ndatasets:\n  - {schema: project-sheet, name: manifest}\n",
                "p.yml:5: datasets[1].name"
            ),
            (
                "inputs: [fiches.csv]\ndatasets:\n  - {schema: project-sheet, name: a}\n  - {schema: csr-contribution, name: a}\n",
                "p.yml:6: datasets[2].name"
            ),
            (
                "inputs:\n  - {path: fiches.csv, submitted: 2024-01-01}\n  - {path: fiches.csv, submitted: 2024-02-01}\n",
                "p.yml:5: inputs[2]"
            ),
            ("inputs: [\"*/*.csv\"]\noutputs: {directory: out}\n", "p.yml:4: outputs.directory"),
        ]
        for (body, expected) in cases {
            let definition = folder.appendingPathComponent("p.yml")
            try Data(("name: essai\nschemas: [project-sheet, csr-contribution]\n" + body).utf8).write(to: definition)
            let run = try Binary.run(["run", definition.path, "--quiet"])
            #expect(run.status == 2, "\(expected): \(run.stderr)")
            #expect(run.stderr.contains(expected), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        }
    }
}
