import Foundation
import SheetTestSupport
import Testing

@testable import SheetSchema

/// The French forms of SCHEMAS.md, one behaviour per case.
@Suite struct FrenchNumberTests {
    func value(_ text: String, _ kind: FrenchNumber.Kind = .amount) -> Decimal? {
        if case .success(let parsed) = FrenchNumber.parse(text, kind: kind) { return parsed.value }
        return nil
    }

    func notes(_ text: String, _ kind: FrenchNumber.Kind = .amount) -> [FrenchNumber.Note] {
        if case .success(let parsed) = FrenchNumber.parse(text, kind: kind) { return parsed.notes }
        return []
    }

    func failure(_ text: String, _ kind: FrenchNumber.Kind = .amount) -> FrenchNumber.Failure? {
        if case .failure(let failure) = FrenchNumber.parse(text, kind: kind) { return failure }
        return nil
    }

    @Test(arguments: [
        ("1 234,56", "1234.56"), ("1\u{00A0}234,56 €", "1234.56"), ("1\u{202F}234\u{202F}567,89", "1234567.89"),
        ("1\u{2009}000", "1000"), ("1.234.567,89", "1234567.89"), ("−7,25", "-7.25"), ("-7,250", "-7.25"),
        ("(1 234,56)", "-1234.56"), ("250000", "250000"), ("12 EUR", "12"), ("3 500 euros HT", "3500"),
        ("1 200 € TTC", "1200"), ("0,1", "0.1"), ("€ 45", "45"), ("1.234.567", "1234567"), (",5", "0.5"),
    ])
    func amountsAreRead(_ text: String, _ expected: String) {
        #expect(value(text) == Decimal(string: expected), "\(text)")
    }

    @Test func dotDecimalIsReadWithANote() {
        #expect(value("1234.56") == Decimal(string: "1234.56"))
        #expect(notes("1234.56") == [.dotDecimal])
        #expect(value("12.5") == Decimal(string: "12.5"))
        #expect(notes("1,234.56") == [.englishSeparators])
    }

    @Test(arguments: ["1.234", "12.345", "-123.456"])
    func aLoneDotBeforeThreeDigitsIsAmbiguous(_ text: String) {
        #expect(failure(text) == .ambiguous)
    }

    @Test func multipliersOnlyForAmountsAndWithANote() {
        #expect(value("12 k€") == 12_000)
        #expect(value("1,5 M€") == 1_500_000)
        #expect(value("2 Md€") == 2_000_000_000)
        #expect(notes("12 k€") == [.multiplier])
        #expect(failure("12 k€", .decimal) == .unitNotAllowed)
        #expect(failure("12 €", .integer) == .unitNotAllowed)
    }

    @Test(arguments: ["12 34", "1 2345", "abc", "12,3,4", "--5", "1,2.3.4", "", "€"])
    func malformedNumbersAreRefused(_ text: String) {
        #expect(value(text) == nil, "\(text)")
    }

    @Test func integersMustBeWhole() {
        #expect(value("12", .integer) == 12)
        #expect(value("12,0", .integer) == 12)
        #expect(failure("12,5", .integer) == .notAnInteger)
    }

    @Test(arguments: [0.1, 1416.5, -7.25, 123456.78, 0.000000001, 1e20, 3.0, -0.5, 1.0 / 3.0, 2469135.78])
    func cellNumbersBecomeExactDecimals(_ value: Double) {
        let decimal = FrenchNumber.decimal(fromCellNumber: value)
        #expect(decimal == Decimal(string: "\(value)"), "\(value)")
    }

    /// Money-like cells (up to 9 decimals) against the Decimal of their shortest text, on
    /// seeded random values of every size.
    @Test(arguments: [1, 2, 3])
    func cellNumbersMatchTheirTextOnRandomValues(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<2_000 {
            let digits = Int.random(in: 1...15, using: &generator)
            let significand = Int.random(in: 0..<Int(pow(10, Double(digits))), using: &generator)
            let decimals = Int.random(in: 0...9, using: &generator)
            let sign = Bool.random(using: &generator) ? -1.0 : 1.0
            let value = sign * Double(significand) / pow(10, Double(decimals))
            #expect(FrenchNumber.decimal(fromCellNumber: value) == Decimal(string: "\(value)"), "\(value)")
        }
    }

    @Test func decimalsStayExact() {
        #expect(value("0,1")! + value("0,2")! == Decimal(string: "0.3"))
        #expect(FrenchNumber.decimal(fromCellNumber: 0.1) == Decimal(string: "0.1"))
    }

    @Test func failuresSpeakBothLanguages() {
        let message = FrenchNumber.Failure.ambiguous.message
        #expect(message.fr.contains("ambigu"))
        #expect(message.en.contains("ambiguous"))
    }
}
