import SheetOutput
import SheetReading
import SheetSchema
import Testing

/// What a feedback workbook marks, gathered from a log without writing anything.
@Suite struct FeedbackMarksTests {
    static func issue(
        _ code: IssueCode, severity: Severity? = nil, cell: String? = nil, row: Int? = nil, field: String? = nil,
        _ text: String = "problème"
    ) -> ValidationIssue {
        ValidationIssue(
            code: code, severity: severity, file: "f.xlsx", sheet: "S", cell: cell, row: row, field: field,
            message: Message(fr: text, en: text))
    }

    static func validation(_ issues: [ValidationIssue], invalidRows: [UInt32] = []) -> FileValidation {
        var validation = FileValidation(path: "f.xlsx", sheet: "S", schema: "s", status: .partial)
        validation.issues.append(contentsOf: issues)
        validation.invalidRows = invalidRows
        return validation
    }

    @Test func cellsAreMarkedInOrderWithTheirMostSeriousSeverity() throws {
        let marks = try FeedbackMarks(
            validation: Self.validation([
                Self.issue(.sheetChosen),
                Self.issue(.typeError, cell: "C5", row: 5, field: "montant", "pas un nombre"),
                Self.issue(.identifierAsNumber, cell: "B2", row: 2),
                Self.issue(.foreignKey, cell: "C5", row: 5, "inconnu"),
                Self.issue(.extraCell, cell: "AA3", row: 3),
                Self.issue(.blankRow, row: 4),
            ]),
            language: .fr, expectedForms: ["montant": "Attendu : montant en euros"])
        #expect(
            marks.markedCells == [
                .init(address: CellAddress(row: 2, column: 1), isError: false),
                .init(address: CellAddress(row: 3, column: 26), isError: false),
                .init(address: CellAddress(row: 5, column: 2), isError: true),
            ])
        #expect(marks.commentsLeftOut == 0)
    }

    @Test func aggregatedNotesMarkTheirExampleCells() throws {
        var list = IssueList()
        for row in 2...4 {
            var note = Self.issue(.numberAsText, cell: "D\(row)", row: row, field: "cout")
            note.value = "12,5"
            list.append(note)
        }
        var validation = Self.validation([])
        validation.issues = list
        let marks = try FeedbackMarks(validation: validation, language: .fr)
        #expect(marks.markedCells.map(\.address.description) == ["D2", "D3", "D4"])
        #expect(marks.markedCells.allSatisfy { !$0.isError })
    }

    @Test func rowsCarryEachStatusOnce() throws {
        let marks = try FeedbackMarks(
            validation: Self.validation(
                [
                    Self.issue(.superseded, row: 7), Self.issue(.duplicateMerged, row: 9),
                    Self.issue(.nearDuplicate, row: 9), Self.issue(.primaryKey, row: 8),
                ], invalidRows: [8, 12]),
            language: .en)
        #expect(marks.rowCount(.rejected) == 2)
        #expect(marks.rowCount(.superseded) == 1)
        #expect(marks.rowCount(.merged) == 1)
        #expect(marks.rowCount(.toReview) == 1)
        #expect(marks.markedCells.isEmpty)
    }

    @Test func commentsStopAtTheLimitAndTheRestIsCounted() throws {
        let issues = (2...11).map { (row: Int) in Self.issue(.typeError, cell: "A\(row)", row: row) }
        let marks = try FeedbackMarks(
            validation: Self.validation(issues), language: .fr, limits: FeedbackLimits(comments: 4))
        #expect(marks.markedCells.count == 10)
        #expect(marks.commentsLeftOut == 6)
    }

    @Test func cellsBeyondExcelsGridAreCountedNotMarked() throws {
        let marks = try FeedbackMarks(
            validation: Self.validation([Self.issue(.typeError, cell: "A1048577", row: 1_048_577)]), language: .fr)
        #expect(marks.markedCells.isEmpty)
        #expect(marks.beyondGrid == 1)
    }
}
