import Foundation
import SheetSchema
import SheetTestSupport
import Testing

/// Generated columns (seeded: every run sees the same cases) read through the validator: written
/// with one convention, every value reads back to its true number or date; showing both, the
/// ambiguous values stay ambiguous and one warning names a cell of each.
@Suite struct ConventionPropertyTests {
    typealias Support = ConventionSupport

    /// A number, as `mantissa × 10^-scale`.
    struct Amount {
        var mantissa: Int64
        var scale: Int

        var value: Decimal {
            Decimal(sign: mantissa < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(abs(mantissa)))
        }

        static func random(using generator: inout SeededGenerator) -> Amount {
            let digits = Int.random(in: 1...9, using: &generator)
            var magnitude = Int64.random(in: 0..<Int64(pow(10, Double(digits))), using: &generator)
            if magnitude == 0 { magnitude = 7 }
            let scale = Int.random(in: 0...4, using: &generator)
            return Amount(mantissa: Bool.random(using: &generator) ? -magnitude : magnitude, scale: scale)
        }
    }

    /// The amount written with `decimal` (dot or comma) for the decimal separator, its integer
    /// part grouped or not: with a space, or the other separator where the reader takes it
    /// (the comma once before a dot; dots in any number of groups before a comma).
    static func write(_ amount: Amount, decimal: DecimalConvention, using generator: inout SeededGenerator) -> String {
        let magnitude = String(abs(amount.mantissa))
        let padded = String(repeating: "0", count: max(0, amount.scale + 1 - magnitude.count)) + magnitude
        let integer = String(padded.dropLast(amount.scale))
        let fraction = String(padded.suffix(amount.scale))
        var group = ""
        switch Int.random(in: 0...2, using: &generator) {
        case 0: group = " "
        case 1: group = decimal == .dot ? (integer.count <= 6 ? "," : "") : "."
        default: group = ""
        }
        var grouped = ""
        for (index, character) in integer.enumerated() {
            if index > 0 && (integer.count - index) % 3 == 0 { grouped += group }
            grouped.append(character)
        }
        let separator = decimal == .dot ? "." : ","
        return (amount.mantissa < 0 ? "-" : "") + grouped + (fraction.isEmpty ? "" : separator + fraction)
    }

    /// An amount whose text shows its separator by itself (one or two decimals).
    static func evidence(_ decimal: DecimalConvention, using generator: inout SeededGenerator) -> (Amount, String) {
        let amount = Amount(
            mantissa: Int64.random(in: 1...99_999, using: &generator), scale: Int.random(in: 1...2, using: &generator))
        return (amount, write(amount, decimal: decimal, using: &generator))
    }

    static func line(_ index: Int, _ text: String, delimiter: String) -> String {
        let quoted = text.contains(delimiter) ? "\"\(text)\"" : text
        return "R\(index)\(delimiter)\(quoted)"
    }

    @Test func aColumnWrittenWithOneSeparatorReadsBackExactly() throws {
        var generator = SeededGenerator(seed: 1717)
        var ambiguousSeen = 0
        for _ in 0..<150 {
            let decimal: DecimalConvention = Bool.random(using: &generator) ? .dot : .comma
            let delimiter = decimal == .dot && Bool.random(using: &generator) ? "," : ";"
            var column = (0..<Int.random(in: 1...25, using: &generator)).map { _ in
                let amount = Amount.random(using: &generator)
                return (amount, Self.write(amount, decimal: decimal, using: &generator))
            }
            column.insert(
                Self.evidence(decimal, using: &generator), at: Int.random(in: 0...column.count, using: &generator))
            let lines = column.enumerated().map { Self.line($0.offset, $0.element.1, delimiter: delimiter) }
            let reading = try Support.read(lines, delimiter: delimiter)
            for (offset, (amount, text)) in column.enumerated() {
                if case .failure(.ambiguous) = FrenchNumber.parse(text, kind: .amount) { ambiguousSeen += 1 }
                #expect(
                    Support.number(reading.values[offset + 2]) == amount.value,
                    "\(text) in a \(decimal) column (\(delimiter)): \(lines)")
            }
            #expect(reading.issues("ambiguous-number").isEmpty && reading.issues("convention-conflict").isEmpty)
        }
        #expect(ambiguousSeen > 20, "the generated columns hold values that read either way")
    }

    @Test func aColumnShowingBothSeparatorsKeepsItsAmbiguousValuesAmbiguous() throws {
        var generator = SeededGenerator(seed: 31)
        for _ in 0..<100 {
            // Values that read either way (`12.345`, `7,250`), and one of each separator shown.
            var column: [String] = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                let whole = Int.random(in: 1...999, using: &generator)
                let three = String(Int.random(in: 0...999, using: &generator) + 1000).dropFirst()
                return "\(whole)\(Bool.random(using: &generator) ? "." : ",")\(three)"
            }
            let dot = "\(Int.random(in: 0...9999, using: &generator)).\(Int.random(in: 1...99, using: &generator))"
            let comma = "\(Int.random(in: 0...9999, using: &generator)),\(Int.random(in: 1...99, using: &generator))"
            for text in [dot, comma, "\(Int.random(in: 1...999, using: &generator)).500"] {
                column.insert(text, at: Int.random(in: 0...column.count, using: &generator))
            }
            let reading = try Support.read(column.enumerated().map { Self.line($0.offset, $0.element, delimiter: ";") })
            func cells(_ where: (String) -> Bool) -> [String] {
                column.enumerated().filter { `where`($0.element) }.map { "B\($0.offset + 2)" }
            }
            let ambiguous = cells { $0.split(whereSeparator: { ".,".contains($0) }).last?.count == 3 }
            #expect(reading.issues("ambiguous-number").map { $0.cell ?? "" } == ambiguous, "\(column)")
            #expect(reading.validation.rowsInvalid == ambiguous.count)
            let conflict = reading.issues("convention-conflict")
            #expect(conflict.count == 1, "\(column)")
            let message = conflict.first?.message.en ?? ""
            let firstDot = cells { $0 == dot }.first ?? "?"
            let firstComma = cells { $0 == comma }.first ?? "?"
            #expect(message.contains("the dot in \(firstDot) ('\(dot)')"), "\(message)")
            #expect(message.contains("the comma in \(firstComma) ('\(comma)')"), "\(message)")
        }
    }

    @Test func aColumnOfDatesWrittenInOneOrderReadsBack() throws {
        var generator = SeededGenerator(seed: 2025)
        for _ in 0..<120 {
            let monthFirst = Bool.random(using: &generator)
            var dates: [(day: Int, month: Int, year: Int)] = (0..<Int.random(in: 1...20, using: &generator)).map { _ in
                (
                    Int.random(in: 1...28, using: &generator), Int.random(in: 1...12, using: &generator),
                    Int.random(in: 1990...2030, using: &generator)
                )
            }
            // One date that shows the order by itself.
            dates.insert(
                (Int.random(in: 13...28, using: &generator), Int.random(in: 1...12, using: &generator), 2024),
                at: Int.random(in: 0...dates.count, using: &generator))
            let separator = ["/", "-", "."].randomElement(using: &generator)!
            func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
            let texts = dates.map { date in
                monthFirst
                    ? "\(two(date.month))\(separator)\(two(date.day))\(separator)\(date.year)"
                    : "\(two(date.day))\(separator)\(two(date.month))\(separator)\(date.year)"
            }
            let reading = try Support.read(
                texts.enumerated().map { Self.line($0.offset, $0.element, delimiter: ";") }, type: "date")
            for (offset, date) in dates.enumerated() {
                #expect(
                    Support.date(reading.values[offset + 2]) == "\(date.year)-\(two(date.month))-\(two(date.day))",
                    "\(texts[offset]) (\(monthFirst ? "month" : "day") first): \(texts)")
            }
            #expect(reading.validation.rowsInvalid == 0)
            #expect(reading.issues("convention-inferred").count == (monthFirst ? 1 : 0))
        }
    }
}
