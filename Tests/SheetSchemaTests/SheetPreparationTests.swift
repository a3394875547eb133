import Foundation
import SheetReading
import Testing

@testable import SheetSchema

/// `FileValidator.prepare`: the sheet and the schema a file is validated with, chosen before any
/// row is validated, and the reasons the log opens with.
@Suite struct SheetPreparationTests {
    static let samples = URL(fileURLWithPath: Schemas.folder).deletingLastPathComponent().appendingPathComponent(
        "samples"
    ).path

    @Test func theSheetWhoseHeaderMatchesIsChosenOverTheFirstVisibleOne() throws {
        // The first sheet, "Lisez-moi", is visible and holds instructions; "Saisie" holds the table.
        let prepared = try Schemas.validator(["project-sheet", "csr-contribution"]).prepare(
            path: "\(Self.samples)/fiches-nouvelle-aquitaine.xlsx")
        #expect(prepared.sheet.name == "Saisie")
        #expect(prepared.schema.name == "project-sheet")
        #expect(prepared.context.first?.code == "sheet-chosen")
        #expect(
            prepared.context.first?.message.en == "sheet read: sheet 'Saisie', whose header matches the schema best")
    }

    @Test func theSchemaWhoseHeaderMatchesBestIsChosenAndSaysWhy() throws {
        let path = try temporaryCSV("Identifiant;Année;Cluster / Pôle;Thème RSE;Indicateur;Valeur;Unité\n")
        let prepared = try Schemas.validator(["project-sheet", "csr-contribution"]).prepare(path: path)
        #expect(prepared.schema.name == "csr-contribution")
        #expect(
            prepared.context.map(\.message.en) == [
                "sheet read: the text file's only table",
                "schema csr-contribution chosen (7 header columns recognised)",
            ])
    }

    /// A row naming a single field is no header: it does not choose the schema (the first one
    /// offered stays, and no reason is given for a choice not made).
    @Test func aSingleMatchingColumnChoosesNothing() throws {
        #expect(!HeaderMatcher.isPlausible(score: 1) && HeaderMatcher.isPlausible(score: 2))
        let path = try temporaryCSV("Thème RSE;Notes;Autre\nEau;x;y\n")
        let prepared = try Schemas.validator(["project-sheet", "csr-contribution"]).prepare(path: path)
        #expect(prepared.schema.name == "project-sheet")
        #expect(prepared.context.map(\.message.en) == ["sheet read: the text file's only table"])
    }

    @Test func aSheetNamedButAbsentMakesTheFileUnreadable() throws {
        let path = "\(Self.samples)/fiches-nouvelle-aquitaine.xlsx"
        let validator = try Schemas.validator(["project-sheet"], sheet: "Projets")
        let error = #expect(throws: ReadError.self) { try validator.prepare(path: path) }
        #expect(error?.code == .sheetNotFound)
        let validation = validator.validate(path: path)
        #expect(validation.status == .unreadable && validation.schema == nil && validation.sheet == nil)
        #expect(validation.error?.code == "sheet-not-found")
        #expect(validation.issues.map(\.code) == ["unreadable-file"])
    }

    /// The context is the log's first lines, before the header's and the rows' issues.
    @Test func theContextOpensTheLog() throws {
        let path = "\(Self.samples)/fiches-nouvelle-aquitaine.xlsx"
        let validator = try Schemas.validator(["project-sheet", "csr-contribution"])
        let prepared = try validator.prepare(path: path)
        var rows = 0
        let result = validator.validate(prepared) { _ in rows += 1 }
        #expect(Array(result.issues.prefix(prepared.context.count)) == prepared.context)
        #expect(rows == result.rowsIn && rows > 0)
        #expect(result.sheet == "Saisie" && result.schema == "project-sheet")
    }
}
