import SheetSchema
import Testing

/// A file's issues: kept on disk past a few megabytes and read back whole and in order; reading
/// notes one entry per field × code with their count and first cells; counts of occurrences.
@Suite struct IssueListTests {
    static func issue(_ code: IssueCode, row: Int, field: String? = "cout_total_ht", value: String? = nil)
        -> ValidationIssue
    {
        ValidationIssue(
            code: code, file: "fiches.xlsx", sheet: "Fiches", cell: "K\(row)", row: row, field: field,
            value: value ?? "valeur \(row) « é » \u{1F}", normalised: row.isMultiple(of: 3) ? nil : "\(row)",
            message: Message(fr: "erreur ligne \(row)", en: "error on row \(row)"))
    }

    /// 60,000 issues (about 10 MB of records): most go to disk, and come back equal and in order.
    @Test func issuesPastTheMemoryLimitComeBackWholeAndInOrder() throws {
        var issues = (2..<60_002).map { Self.issue(.typeError, row: $0) }
        // (An issue standing for several rows keeps its count on disk.)
        issues[7].count = 12
        let list = IssueList(issues)
        #expect(list.count == issues.count)
        var read: [ValidationIssue] = []
        try list.forEach { read.append($0) }
        #expect(read.count == issues.count)
        #expect(read == issues)
        // A second reader reads the same (the disk part is read, not consumed).
        #expect(Array(list) == issues)
        #expect(list.summary.count(.error) == issues.count + 11)
        #expect(list.summary.groups.count == 1)
        #expect(list.summary.groups.first?.value.examples.count == IssueList.examplesKept)
    }

    /// A copy appends apart: neither sees the other's issues, even once both have spilled to disk.
    @Test func aCopyAppendsApart() {
        var first = IssueList((2..<30_000).map { Self.issue(.typeError, row: $0) })
        var second = first
        first.append(contentsOf: (30_000..<50_000).map { Self.issue(.constraintError, row: $0) })
        second.append(contentsOf: (30_000..<45_000).map { Self.issue(.ruleError, row: $0) })
        let firstCodes = Array(first).map(\.code)
        let secondCodes = Array(second).map(\.code)
        #expect(firstCodes.count == 49_998 && secondCodes.count == 44_998)
        #expect(firstCodes.suffix(20_000).allSatisfy { $0 == "constraint-error" })
        #expect(secondCodes.suffix(15_000).allSatisfy { $0 == "rule-error" })
        #expect(firstCodes.prefix(29_998).allSatisfy { $0 == "type-error" })
        #expect(secondCodes.prefix(29_998).allSatisfy { $0 == "type-error" })
    }

    /// Reading notes are one entry per field × code × severity, after the plain issues, with
    /// their count, the first cells as examples (messages only where they differ) and their
    /// severity; the summary counts every cell.
    @Test func readingNotesAreAggregatedWithCountsAndExamples() {
        var list = IssueList()
        for row in 2..<102 {
            list.append(Self.issue(.valueNote, row: row, value: "12\(row).5"))
            list.append(Self.issue(.typeError, row: row))
            if row.isMultiple(of: 10) { list.append(Self.issue(.numberAsText, row: row, field: "montant_public")) }
        }
        var changed = Self.issue(.valueNormalised, row: 5, field: "code_region")
        changed.count = 7
        list.append(changed)
        let entries = Array(list)
        #expect(entries.count == 100 + 3)
        #expect(entries.prefix(100).allSatisfy { $0.code == "type-error" && $0.count == 1 && $0.examples.isEmpty })
        let note = entries[100]
        #expect(note.code == "value-note" && note.field == "cout_total_ht")
        #expect(note.count == 100)
        #expect(note.severity == IssueCode.valueNote.defaultSeverity)
        #expect(note.cell == "K2" && note.value == "122.5")
        #expect(note.examples.count == IssueList.examplesKept)
        #expect(note.examples.map(\.cell) == (2..<22).map { "K\($0)" })
        #expect(note.examples[1].value == "123.5")
        // Each cell's message differs from the entry's (the first cell's) but for the first one.
        #expect(note.examples[0].message == nil)
        #expect(note.examples[1].message?.en == "error on row 3")
        #expect(entries[101].code == "number-as-text" && entries[101].count == 10 && entries[101].examples.count == 10)
        #expect(entries[102].code == "value-normalised" && entries[102].count == 7)
        #expect(list.summary.count(.warning) == 100 + 10)
        #expect(list.summary.count(.info) == 7)
        #expect(
            list.summary.byCode == ["type-error": 100, "value-note": 100, "number-as-text": 10, "value-normalised": 7])
    }

    /// The notes are named in one place, and only those codes are aggregated.
    @Test func theReadingNotesAreTheCodesThatSayHowAColumnWasRead() {
        #expect(IssueCode.readingNotes == [.numberAsText, .valueNote, .valueNormalised])
        var list = IssueList()
        for code in IssueCode.allCases {
            for row in 2..<5 { list.append(Self.issue(code, row: row)) }
        }
        let entries = Array(list)
        for code in IssueCode.allCases {
            let matching = entries.filter { $0.code == code.rawValue }
            #expect(matching.count == (code.isReadingNote ? 1 : 3), "\(code)")
        }
    }
}
