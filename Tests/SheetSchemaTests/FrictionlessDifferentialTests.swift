import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

/// The differential test against frictionless-py, the reference implementation of Table Schema:
/// every case of Fixtures/frictionless/cases (CSV + schema, mostly frictionless's own test data,
/// MIT) is validated by sheetpipe, and the rows with errors — and their error kinds — are
/// compared with frictionless's verdicts. The verdicts come from frictionless itself when it is
/// installed (`tools/frictionless/verdicts.py`, live), else from the table it produced and that
/// is committed beside the cases (verdicts.tsv). Every difference left is listed, with its
/// reason, in disagreements.tsv and argued in docs/table-schema.md: a new difference, or one
/// that went away, fails the test.
@Suite struct FrictionlessDifferentialTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/frictionless")
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// What frictionless said of one case: its data rows and the error kinds of the rows with
    /// errors, or why it refused the case.
    struct Verdict: Equatable {
        var rows: [Int] = []
        var errors: [Int: Set<String>] = [:]
        var refused: String?
    }

    /// Parses the table `verdicts.py` prints.
    static func parse(_ table: String) -> [String: Verdict] {
        var verdicts: [String: Verdict] = [:]
        for line in table.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 3 else { continue }
            var verdict = Verdict()
            if columns[1] == "!" {
                verdict.refused = columns[2]
            } else {
                verdict.rows = columns[1].split(separator: ",").compactMap { Int($0) }
                for entry in columns[2].split(separator: " ") {
                    let parts = entry.split(separator: ":")
                    guard parts.count == 2, let row = Int(parts[0]) else { continue }
                    verdict.errors[row] = Set(parts[1].split(separator: "+").map(String.init))
                }
            }
            verdicts[columns[0]] = verdict
        }
        return verdicts
    }

    /// What sheetpipe says of one case: the error kinds of its rows with errors (nil: the schema
    /// was refused, with the reason).
    static func ours(_ name: String) -> (errors: [Int: Set<String>], refused: String?) {
        let folder = corpus.appendingPathComponent("cases/\(name)")
        let schema: TableSchema
        do {
            schema = try TableSchema.load(path: folder.appendingPathComponent("schema.json").path)
        } catch {
            return ([:], "\(error)")
        }
        let validator = FileValidator(
            schemas: [NamedSchema(name: name, schema: schema)], reader: FieldReader(places: nil, currentYear: 2026),
            readOptions: ReadOptions(), sheet: nil)
        let result = validator.validate(path: folder.appendingPathComponent("data.csv").path)
        var errors: [Int: Set<String>] = [:]
        for row in result.invalidRows { errors[Int(row), default: []] = [] }
        for issue in result.issues where issue.severity == .error {
            guard let row = issue.row, errors[row] != nil else { continue }
            errors[row, default: []].insert(issue.code)
        }
        if result.status == .unreadable { return (errors, result.error?.message ?? "unreadable") }
        return (errors, nil)
    }

    /// One difference: `case:row verdict` (one tool finds an error, the other none) or
    /// `case:row kinds` (both find one, of other kinds), or `case:* refused`.
    static func differences(_ reference: [String: Verdict]) -> (differences: [String], rows: Int, agreeing: Int) {
        var differences: [String] = []
        var rows = 0
        var agreeing = 0
        for (name, verdict) in reference.sorted(by: { $0.key < $1.key }) {
            let mine = ours(name)
            if verdict.refused != nil || mine.refused != nil {
                if (verdict.refused == nil) != (mine.refused == nil) { differences.append("\(name):* refused") }
                rows += verdict.rows.count
                continue
            }
            let numbers = Set(verdict.rows).union(mine.errors.keys)
            for row in numbers.sorted() {
                rows += 1
                let theirs = verdict.errors[row]
                let found = mine.errors[row]
                if (theirs == nil) != (found == nil) {
                    differences.append("\(name):\(row) verdict")
                    continue
                }
                agreeing += 1
                if let theirs, let found, theirs != found { differences.append("\(name):\(row) kinds") }
            }
        }
        return (differences, rows, agreeing)
    }

    /// The differences documented in disagreements.tsv (`case:row kind<TAB>reason`).
    static func documented() throws -> [String] {
        let text = try String(contentsOf: corpus.appendingPathComponent("disagreements.tsv"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap {
            $0.split(separator: "\t").first.map(String.init)
        }
    }

    static func check(_ reference: [String: Verdict], source: String) throws {
        let found = differences(reference)
        print(
            "frictionless differential (\(source)): \(found.agreeing)/\(found.rows) row verdicts agree, "
                + "\(found.differences.filter { $0.hasSuffix(" kinds") }.count) rows with other error kinds")
        let expected = try documented()
        let unexplained = found.differences.filter { !expected.contains($0) }
        let gone = expected.filter { !found.differences.contains($0) }
        #expect(unexplained.isEmpty, "differences not documented in disagreements.tsv: \(unexplained)")
        #expect(gone.isEmpty, "documented differences that no longer occur: \(gone)")
    }

    @Test func sheetpipeAgreesWithTheCommittedVerdictsOfFrictionless() throws {
        let table = try String(contentsOf: Self.corpus.appendingPathComponent("verdicts.tsv"), encoding: .utf8)
        let reference = Self.parse(table)
        #expect(reference.count >= 25)
        try Self.check(reference, source: "committed verdicts")
    }

    /// python3 with frictionless (installed by .ci/run); without it the live comparison is skipped.
    static let frictionlessAvailable: Bool = {
        guard let run = try? python(["-c", "import frictionless"]), run.status == 0 else {
            print("SKIPPED: the live differential test needs python3 with frictionless (pip install frictionless)")
            return false
        }
        return true
    }()

    static func python(_ arguments: [String]) throws -> ChildProcess.Output {
        try Python.run(arguments, in: packageRoot)
    }

    @Test(.enabled(if: frictionlessAvailable))
    func sheetpipeAgreesWithFrictionlessRunLive() throws {
        let run = try Self.python(["tools/frictionless/verdicts.py"])
        try #require(run.status == 0, "\(run.stderr)")
        let live = Self.parse(run.stdout)
        let committed = Self.parse(
            try String(contentsOf: Self.corpus.appendingPathComponent("verdicts.tsv"), encoding: .utf8))
        // The committed table is what frictionless says (else regenerate it: see verdicts.py).
        for name in Set(live.keys).union(committed.keys).sorted() {
            #expect(live[name] == committed[name], "\(name): frictionless now says \(String(describing: live[name]))")
        }
        try Self.check(live, source: "frictionless run live")
    }
}
