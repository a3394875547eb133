import Foundation
import SheetSchema
import SheetTestSupport
import Testing

/// Properties checked over many generated values (seeded: every run sees the same cases).
@Suite struct PropertyTests {
    /// `1234567.5` → `1 234 567,50 €` with the given group separator.
    static func french(cents: Int64, group: String, euro: Bool) -> String {
        let negative = cents < 0
        let magnitude = negative ? -cents : cents
        let digits = String(magnitude / 100)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += group }
            grouped.append(character)
        }
        let fraction = magnitude % 100
        let text = grouped + "," + (fraction < 10 ? "0" : "") + String(fraction)
        return (negative ? "-" : "") + text + (euro ? " €" : "")
    }

    @Test func frenchAmountsReadBackExactly() {
        var generator = SeededGenerator(seed: 2024)
        for _ in 0..<5000 {
            let cents = Int64.random(in: -10_000_000_000...10_000_000_000, using: &generator)
            let group = ["\u{00A0}", "\u{202F}", " ", "."].randomElement(using: &generator)!
            let text = Self.french(cents: cents, group: group, euro: Bool.random(using: &generator))
            guard case .success(let parsed) = FrenchNumber.parse(text, kind: .amount) else {
                Issue.record("not read: \(text.debugDescription)")
                continue
            }
            #expect(parsed.value == Decimal(cents) / 100, "\(text.debugDescription)")
        }
    }

    @Test func luhnCatchesEverySingleDigitError() {
        var generator = SeededGenerator(seed: 75)
        for _ in 0..<2000 {
            let base = (0..<8).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let siren = (0...9).map { base + String($0) }.first { Identifiers.siren($0) == .valid($0) }
            guard let siren else {
                Issue.record("no check digit for \(base)")
                continue
            }
            var digits = Array(siren)
            let position = Int.random(in: 0..<9, using: &generator)
            let original = digits[position]
            var replacement = original
            while replacement == original { replacement = Character(String(Int.random(in: 0...9, using: &generator))) }
            digits[position] = replacement
            let damaged = String(digits)
            #expect(
                Identifiers.siren(damaged) == .invalid(cleaned: damaged, reason: .checksum), "\(siren) → \(damaged)")
        }
    }

    @Test func dayFirstDatesReadBack() {
        var generator = SeededGenerator(seed: 1999)
        for _ in 0..<3000 {
            let days = Int.random(in: 0...(365 * 120), using: &generator)
            let date = Calendar(identifier: .gregorian).date(
                byAdding: .day, value: days, to: Date(timeIntervalSince1970: -2_208_988_800))!
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let (y, m, d) = (parts.year!, parts.month!, parts.day!)
            let separator = ["/", "-", "."].randomElement(using: &generator)!
            let text = "\(d)\(separator)\(m < 10 ? "0" : "")\(m)\(separator)\(y)"
            guard case .success(let parsed) = FrenchDate.parse(text) else {
                Issue.record("not read: \(text)")
                continue
            }
            #expect((parsed.year, parsed.month, parsed.day) == (y, m, d), "\(text)")
        }
    }
}
