import Foundation
import SheetReading
import SheetSchema
import Testing

/// A file's own conventions: the decimal separator and the date order each column shows decide
/// the values that read either way (`1.234`, `1,234`, `03/04/2024`).
@Suite struct ColumnConventionTests {
    typealias Support = ConventionSupport

    // MARK: What one value shows

    @Test(arguments: [
        ("12.5", ConventionEvidence.dotDecimal), ("1234.56", .dotDecimal), ("0.1234", .dotDecimal),
        ("0.125", .dotDecimal), ("1234.567", .dotDecimal), ("1,234.56", .dotDecimal), ("12,5", .commaDecimal),
        ("1.234,56", .commaDecimal), ("1.234.567", .commaDecimal), ("1 234,567", .commaDecimal), ("1234", .none),
        ("1 234", .none), ("1.234", .ambiguous), ("-7.250", .ambiguous), ("1,234", .ambiguous),
    ])
    func aNumberShowsItsSeparator(_ text: String, _ evidence: ConventionEvidence) {
        let shown: ConventionEvidence
        switch FrenchNumber.parse(text, kind: .amount, decimal: .dot) {
        case .success(let parsed): shown = parsed.evidence
        case .failure: shown = .none
        }
        #expect(shown == evidence, "\(text)")
    }

    @Test func anAmbiguousNumberReadsAsItsColumnSays() {
        func value(_ text: String, _ decimal: DecimalConvention) -> Decimal? {
            try? FrenchNumber.parse(text, kind: .amount, decimal: decimal).get().value
        }
        #expect(value("-7.250", .dot) == Decimal(string: "-7.25"))
        #expect(value("1.234", .comma) == 1234)
        #expect(value("1,234", .dot) == 1234)
        #expect(value("1,234", .comma) == Decimal(string: "1.234"))
        // Nothing known: the French reading of 1,234; 1.234 stays ambiguous.
        #expect(value("1,234", .unknown) == Decimal(string: "1.234"))
        #expect(FrenchNumber.parse("1.234", kind: .amount, decimal: .unknown) == .failure(.ambiguous))
        // Both shown: both stay ambiguous.
        #expect(FrenchNumber.parse("1.234", kind: .amount, decimal: .disputed) == .failure(.ambiguous))
        #expect(FrenchNumber.parse("1,234", kind: .amount, decimal: .disputed) == .failure(.ambiguousComma))
    }

    @Test func aDateShowsItsOrderAndReadsAsItsColumnSays() throws {
        func read(_ text: String, _ order: DateOrder) throws -> FrenchDate.Parsed {
            try FrenchDate.parse(text, order: order).get()
        }
        #expect(try read("25/03/2024", .dayFirst).evidence == .dayFirst)
        #expect(try read("03/25/2024", .monthFirst).evidence == .monthFirst)
        #expect(try read("03/04/2024", .dayFirst).evidence == .ambiguous)
        #expect(try read("04/04/2024", .dayFirst).evidence == .none)
        #expect(try read("2024-03-04", .monthFirst).evidence == .none)
        #expect(try read("03/04/2024", .dayFirst).iso == "2024-04-03")
        #expect(try read("03/04/2024", .monthFirst).iso == "2024-03-04")
        #expect(try read("03/25/24", .monthFirst).iso == "2024-03-25")
        #expect(FrenchDate.parse("03/25/2024", order: .dayFirst) == .failure(.monthFirst))
        #expect(FrenchDate.parse("25/03/2024", order: .monthFirst) == .failure(.dayFirst))
    }

    // MARK: Columns of a file

    /// The issue's case: a comma-delimited file whose amounts use the dot.
    @Test func aCommaDelimitedFileReadsItsAmbiguousNumbersWithTheDot() throws {
        let reading = try Support.read(["A,12.5", "B,1234.56", "C,-7.25", "D,-7.250"], delimiter: ",")
        #expect(reading.issues("ambiguous-number").isEmpty)
        #expect(Support.number(reading.values[5]) == Decimal(string: "-7.25"))
        #expect(reading.validation.rowsValid == 4)
        let said = reading.issues("convention-inferred")
        #expect(said.count == 1)
        #expect(said.first?.cell == "B2" && said.first?.field == "valeur" && said.first?.severity == .info)
        #expect(said.first?.message.fr.contains("« -7.250 » (B5)") == true)
        #expect(!reading.readTwice, "the delimiter said it before the rows were read")
    }

    @Test func evidenceAfterTheAmbiguousValueDecidesItOnASecondReading() throws {
        let reading = try Support.read(["A;-7.250", "B;3", "C;12.5", "D;1.234"])
        #expect(reading.readTwice)
        #expect(reading.issues("ambiguous-number").isEmpty)
        #expect(Support.number(reading.values[2]) == Decimal(string: "-7.25"))
        #expect(Support.number(reading.values[5]) == Decimal(string: "1.234"))
        let said = reading.issues("convention-inferred")
        #expect(said.map(\.cell) == ["B4"], "once per column, naming the cell that shows it")
        #expect(said.first?.message.en.contains("the dot, as cell B4 shows ('12.5')") == true)
    }

    @Test func aDecimalCommaMakesTheDotAThousandsSeparator() throws {
        let reading = try Support.read(["A;1.234", "B;12,5"])
        #expect(reading.issues("ambiguous-number").isEmpty)
        #expect(Support.number(reading.values[2]) == 1234)
        #expect(reading.issues("convention-inferred").first?.cell == "B3")
    }

    @Test func aColumnWithoutEvidenceKeepsItsAmbiguousNumbers() throws {
        let reading = try Support.read(["A;1.234", "B;1234", "C;1 500"])
        #expect(reading.issues("ambiguous-number").map(\.cell) == ["B2"])
        #expect(reading.issues("convention-inferred").isEmpty && reading.issues("convention-conflict").isEmpty)
        #expect(!reading.readTwice)
    }

    @Test func aColumnShowingBothSeparatorsKeepsItsAmbiguousNumbersAndSaysWhy() throws {
        let reading = try Support.read(["A;12.5", "B;1.234", "C;3,25", "D;1,234"], delimiter: ";")
        #expect(reading.issues("ambiguous-number").map(\.cell) == ["B3", "B5"])
        #expect(reading.validation.rowsInvalid == 2)
        let conflict = reading.issues("convention-conflict")
        #expect(conflict.count == 1)
        #expect(conflict.first?.severity == .warning)
        #expect(conflict.first?.message.en.contains("the dot in B2 ('12.5') and the comma in B4 ('3,25')") == true)
        #expect(reading.issues("convention-inferred").isEmpty)
    }

    /// A comma-delimited file's quoted decimal commas are the column's own evidence: it outranks
    /// the delimiter's.
    @Test func aColumnsOwnEvidenceOutranksTheDelimiter() throws {
        let reading = try Support.read(["A,\"12,5\"", "B,1.234"], delimiter: ",")
        #expect(Support.number(reading.values[3]) == 1234)
        #expect(reading.issues("ambiguous-number").isEmpty)
    }

    /// Workbook cells typed as numbers are not ambiguous and show nothing; text cells do.
    @Test(arguments: [false, true])
    func aWorkbooksTextCellsShowTheirColumnsSeparator(shared: Bool) throws {
        let typedOnly = try Support.readWorkbook(
            texts: [("B2", "-7.250")], numbers: [("B3", "12.5")], shared: shared)
        #expect(typedOnly.issues("ambiguous-number").map(\.cell) == ["B2"])
        #expect(Support.number(typedOnly.values[3]) == Decimal(string: "12.5"))
        let shown = try Support.readWorkbook(
            texts: [("B2", "-7.250"), ("B4", "12.5")], numbers: [("B3", "1234.567")], shared: shared)
        #expect(shown.issues("ambiguous-number").isEmpty)
        #expect(Support.number(shown.values[2]) == Decimal(string: "-7.25"))
        #expect(shown.issues("convention-inferred").map(\.cell) == ["B4"])
    }

    @Test func aColumnOfDatesShowingDayOverTwelveFirstIsReadDayFirst() throws {
        let reading = try Support.read(["A;03/04/2024", "B;25/03/2024"], type: "date")
        #expect(Support.date(reading.values[2]) == "2024-04-03")
        #expect(reading.issues("convention-inferred").isEmpty, "day first is the French rule: nothing to say")
        #expect(!reading.readTwice)
    }

    @Test func aColumnOfDatesShowingMonthFirstIsReadMonthFirst() throws {
        let reading = try Support.read(["A;03/04/2024", "B;03/25/2024", "C;12/31/2023"], type: "date")
        #expect(reading.readTwice)
        #expect(Support.date(reading.values[2]) == "2024-03-04")
        #expect(Support.date(reading.values[3]) == "2024-03-25")
        #expect(reading.validation.rowsValid == 3)
        #expect(reading.issues("type-error").isEmpty)
        let said = reading.issues("convention-inferred")
        #expect(said.map(\.cell) == ["B3"])
        #expect(said.first?.message.en.contains("'03/04/2024' (B2)") == true)
    }

    @Test func aColumnOfDatesShowingBothOrdersReadsDayFirstAndNamesTheTwoCells() throws {
        let reading = try Support.read(["A;25/03/2024", "B;03/04/2024", "C;03/25/2024"], type: "date")
        #expect(Support.date(reading.values[3]) == "2024-04-03")
        #expect(reading.issues("type-error").map(\.cell) == ["B4"])
        let conflict = reading.issues("convention-conflict")
        #expect(conflict.count == 1)
        #expect(
            conflict.first?.message.fr.contains("jour/mois en B2 (« 25/03/2024 ») et mois/jour en B4 (« 03/25/2024 »)")
                == true)
    }
}
