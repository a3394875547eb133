import Foundation
import SheetOutput
import SheetSchema
import SheetTestSupport
import Testing

/// Runs the committed browser checker (Scripts/check_html_report.py): Playwright driving the
/// system's Chromium, offline.
enum BrowserChecker {
    static let script = Binary.packageRoot.appendingPathComponent("Tests/EndToEndTests/Scripts/check_html_report.py")
        .path

    /// python3 with playwright and the `chromium` package (both installed by .ci/run); without
    /// them the browser tests are skipped, and say so.
    static let available: Bool = {
        let python = try? TemplateChecker.python(["-c", "import playwright.sync_api"])
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        if python?.status != 0 {
            print("SKIPPED: the HTML report's browser tests need python3 with playwright (pip install playwright)")
        }
        if !chromium {
            print("SKIPPED: the HTML report's browser tests need Chromium (apt-get install chromium)")
        }
        return python?.status == 0 && chromium
    }()

    /// Loads `page` in Chromium and checks it against the JSON log of the same report.
    static func check(
        page: URL, log: URL, completeLogs: [String], feedback: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let links = String(decoding: try JSONSerialization.data(withJSONObject: feedback), as: UTF8.self)
        let run = try TemplateChecker.python(
            [script, page.path, log.path, "--feedback", links] + completeLogs.flatMap { ["--complete-log", $0] })
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stdout.hasSuffix("all checks passed\n"), sourceLocation: sourceLocation)
    }
}

/// The reviewer's page, loaded in a real browser: the samples' report of `sheetpipe run`, and a
/// generated one of 20 files × 30 codes whose names and values try to break out of the markup.
@Suite(.serialized) struct HTMLReportBrowserTests {
    static let hostile = "</script><img src=x onerror=alert(1)>"

    @Test(.enabled(if: BrowserChecker.available)) func theSamplesReportWorksInChromium() throws {
        let out = try TestFiles.folder("html-samples").appendingPathComponent("national-report")
        let run = try Binary.run(["run", "--out", out.path, "--quiet"])
        #expect(run.status == 1, "the samples hold rejected rows: \(run.stderr)")
        try BrowserChecker.check(
            page: out.appendingPathComponent("validation-report.html"),
            log: out.appendingPathComponent("validation-report.json"),
            completeLogs: ["validation-report.jsonl", "validation-report.csv"])
    }

    /// 20 files × 30 codes, two occurrences each (25 for one group, past the 20 examples shown);
    /// markup in file names, sheet names, fields and values; a 32,767-character value (in its
    /// message too, as foreign-key messages quote theirs) and 300-character names, unbroken.
    static func hostileReport() -> ValidationReport {
        let codes = Array(IssueCode.allCases.prefix(30))
        let long = String(repeating: "W", count: 32_767)
        var files: [FileValidation] = []
        for index in 0..<20 {
            let path: String
            let sheet: String
            switch index % 3 {
            case 0: path = "régions/\(index)-\(hostile).xlsx"
            case 1: path = "envois/fichier-\(index)-" + String(repeating: "a", count: 300) + ".xlsx"
            default: path = "envois/fiches-\(index).csv"
            }
            switch index % 4 {
            case 0: sheet = hostile
            case 1: sheet = "Feuille" + String(repeating: "b", count: 300)
            default: sheet = "Projets \(index)"
            }
            var file = FileValidation(path: path, sheet: sheet, schema: "project-sheet", status: .partial)
            file.rowsIn = 1_000 + index
            file.rowsValid = 900
            file.rowsInvalid = 100 + index
            for (position, code) in codes.enumerated() {
                let field: String? =
                    position % 7 == 6 ? nil : position == 3 ? "champ_\(hostile)" : "champ_c\(position)"
                let occurrences = index == 0 && position == 0 ? 25 : 2
                for occurrence in 0..<occurrences {
                    let value =
                        position == index
                        ? long : occurrence == 0 ? hostile : "valeur \(index)-\(position)-\(occurrence)"
                    file.issues.append(
                        ValidationIssue(
                            code: code, file: path, sheet: sheet, cell: "C\(occurrence + 2)", row: occurrence + 2,
                            field: field, value: value,
                            message: Message(fr: "« \(value) » refusé", en: "'\(value)' refused")))
                }
            }
            files.append(file)
        }
        return ValidationReport(files: files)
    }

    @Test(.enabled(if: BrowserChecker.available)) func aReportOf20FilesAnd30CodesWithMarkupInItWorksInChromium()
        throws
    {
        let folder = try TestFiles.folder("html-hostile")
        var report = Self.hostileReport()
        report.completeLogs = ["validation-report.jsonl"]
        // The feedback workbooks of every other file, one named with markup and a '#'.
        var feedback: [String: String] = [:]
        var hrefs: [String: String] = [:]
        let unreserved = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        for (index, file) in report.files.enumerated() where index % 2 == 0 {
            let link = index == 0 ? "feedback/#\(Self.hostile) é.xlsx" : "feedback/fiche-\(index).xlsx"
            feedback[file.path] = link
            hrefs[file.path] = link.addingPercentEncoding(withAllowedCharacters: unreserved)
        }
        report.feedbackWorkbooks = feedback
        for format in [ValidationReport.Format.html, .json] {
            var bytes: [UInt8] = []
            try report.write(format, language: .fr) { bytes.append(contentsOf: $0) }
            try Data(bytes).write(to: folder.appendingPathComponent("validation-report.\(format.rawValue)"))
        }
        try BrowserChecker.check(
            page: folder.appendingPathComponent("validation-report.html"),
            log: folder.appendingPathComponent("validation-report.json"),
            completeLogs: ["validation-report.jsonl"], feedback: hrefs)
    }
}
