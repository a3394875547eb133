import Foundation
import SheetSchema
import Testing

@testable import SheetOutput

/// The reviewer's page as written, before any browser reads it (Tests/EndToEndTests'
/// `HTMLReportBrowserTests` loads it in Chromium): its policy allows exactly its own style and
/// script, every name and value is escaped, links are relative paths, values are shortened.
@Suite struct ValidationReportHTMLTests {
    static let hostile = "</script><img src=x onerror=alert(1)>"

    /// A file with one error and one warning, whose names and value carry markup.
    static func file(_ path: String, sheet: String? = hostile, value: String = hostile) -> FileValidation {
        var file = FileValidation(path: path, sheet: sheet, schema: "project-sheet", status: .partial)
        file.rowsIn = 2
        file.rowsValid = 1
        file.rowsInvalid = 1
        file.issues.append(
            ValidationIssue(
                code: .typeError, file: path, sheet: sheet, cell: "B2", row: 2, field: "champ_\(hostile)", value: value,
                message: Message(fr: "« \(value) » n'est pas un nombre", en: "'\(value)' is not a number")))
        file.issues.append(
            ValidationIssue(
                code: .foreignKey, file: path, sheet: sheet, cell: "C3", row: 3, field: "region", value: "Bretonnie",
                message: Message(fr: "hors liste", en: "not listed")))
        return file
    }

    /// `base64(sha256(text))` by coreutils' `sha256sum`, not by the code under test.
    static func sha256Base64(_ text: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let hex = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        process.waitUntilExit()
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(try #require(UInt8(hex[index..<next], radix: 16)))
            index = next
        }
        #expect(bytes.count == 32)
        return Data(bytes).base64EncodedString()
    }

    @Test func thePolicyAllowsExactlyThePagesStyleAndScriptByHash() throws {
        #expect(ReportPageAssets.styleHash == "sha256-\(try Self.sha256Base64(ReportPageAssets.style))")
        #expect(ReportPageAssets.scriptHash == "sha256-\(try Self.sha256Base64(ReportPageAssets.script))")
        let page = try ValidationReport(files: [Self.file("a.csv")]).rendered(.html, language: .fr)
        let policy = ReportPageAssets.contentSecurityPolicy
        #expect(page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"\(policy)\">"))
        #expect(!policy.contains("unsafe") && policy.contains("default-src 'none'"))
        #expect(page.contains("<style>\(ReportPageAssets.style)</style>"))
        #expect(page.contains("<script>\(ReportPageAssets.script)</script>"))
        // The policy comes before the style and script it allows.
        let meta = try #require(page.range(of: "Content-Security-Policy"))
        #expect(meta.upperBound < (try #require(page.range(of: "<style>"))).lowerBound)
    }

    @Test(arguments: [Language.fr, .en]) func namesAndValuesCannotOpenOrCloseMarkup(_ language: Language) throws {
        let report = ValidationReport(files: [Self.file("x\(Self.hostile).csv"), Self.file("b.csv")])
        let page = try report.rendered(.html, language: language)
        #expect(page.components(separatedBy: "<script").count == 2, "the page's own script only")
        #expect(page.components(separatedBy: "</script>").count == 2)
        #expect(!page.contains("<img"))
        #expect(page.contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"))
    }

    @Test func aFeedbackWorkbookIsLinkedWhenTheMapHasOne() throws {
        var report = ValidationReport(files: [Self.file("a.csv"), Self.file("b#1.csv"), Self.file("c.csv")])
        report.feedbackWorkbooks = ["a.csv": "feedback/a.xlsx", "b#1.csv": "feedback/javascript:b#1 é.xlsx"]
        let page = try report.rendered(.html, language: .fr)
        // In the summary and in the file's part.
        #expect(page.components(separatedBy: "<a href=\"feedback/a.xlsx\">Classeur de retour (XLSX)</a>").count == 3)
        #expect(page.contains("<a href=\"feedback/javascript%3Ab%231%20%C3%A9.xlsx\">"))
        #expect(page.components(separatedBy: "Classeur de retour").count == 5, "none for c.csv")
        #expect(RelativeLink.href("//example.org/x.xlsx") == ".//example.org/x.xlsx")
    }

    @Test func longValuesAreShortenedAndTheSummaryLinksEachFilesPart() throws {
        let long = String(repeating: "x", count: 32_767)
        let sheet = String(repeating: "b", count: 300)
        let page = try ValidationReport(files: [
            Self.file("a.csv", sheet: sheet, value: long),
            FileValidation(
                path: "vide.csv", sheet: nil, schema: "project-sheet", status: .accepted),
        ])
        .rendered(.html, language: .en)
        #expect(page.utf8.count < 20_000)
        #expect(page.contains(" « \(String(repeating: "x", count: 200))… »"))
        // Each example names the sheet cut short; the file's part names it whole, once.
        #expect(page.contains("<li>\(String(repeating: "b", count: 60))…!B2 « "))
        #expect(page.components(separatedBy: sheet).count == 3, "in the summary and the file's part")
        #expect(page.contains("<a href=\"#file-0\">Details (2 group(s))</a>"))
        #expect(page.contains("<section id=\"file-0\""))
        #expect(!page.contains("<section id=\"file-1\""), "a file without issues has no part")
        #expect(page.contains("<tr data-severity=\"error\" data-file=\"0\" data-code=\"type-error\">"))
    }
}
