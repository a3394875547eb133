import Foundation
import SheetSchema
import SheetTestSupport
import Testing

@testable import SheetConsolidation

/// The pieces of consolidation, one behaviour per case: dataset values, the ledger, the tables.
@Suite struct ConsolidationTests {
    @Test(arguments: [
        ("1234.5", "1234.50"), ("12", "12.00"), ("-7.25", "-7.25"), ("0.1", "0.10"), ("-7.255", "-7.26"),
        ("2.004", "2.00"),
    ])
    func amountsHaveTwoDecimals(_ canonical: String, _ expected: String) {
        #expect(DatasetValues.twoDecimals(canonical) == expected)
        // The writer's shortcut (zeros added as it writes) agrees, or leaves rounding to it.
        var copy = canonical
        let padded = copy.withUTF8 { bytes in
            DatasetValues.twoDecimalPadding(bytes).map { canonical + $0.description }
        }
        #expect(padded == expected || (padded == nil && canonical.split(separator: ".").last!.count > 2))
    }

    func digest(_ texts: String?...) -> RowDigest {
        var builder = RowDigest.Builder()
        for text in texts { builder.add(text) }
        return builder.finish()
    }

    @Test func digestsTellEmptyFromMissingAndKeepTheOrder() {
        #expect(digest("a", "b") == digest("a", "b"))
        #expect(digest("a", "b") != digest("b", "a"))
        #expect(digest("ab", "") != digest("a", "b"))
        #expect(digest("", nil) != digest(nil, ""))
        #expect(digest("x") != digest("x", nil))
        #expect(RowDigest(bytes: Array("{\"a\":1}".utf8)) == RowDigest(bytes: Array("{\"a\":1}".utf8)))
        #expect(RowDigest(bytes: Array("{\"a\":1}".utf8)) != RowDigest(bytes: Array("{\"a\":2}".utf8)))
    }

    @Test func theLedgerMergesEqualRowsAndSupersedesOlderKeys() {
        var ledger = DeduplicationLedger()
        var signatures: [RowReference: RowDigest] = [:]
        func add(_ row: RowReference, key: RowDigest?, signature: RowDigest) -> DeduplicationLedger.Decision {
            signatures[row] = signature
            return ledger.add(row, key: key, signature: signature) { signatures[$0]! }
        }
        let key = digest("K1")
        let first = RowReference(file: 0, index: 0)
        let equal = RowReference(file: 1, index: 0)
        let newer = RowReference(file: 2, index: 0)
        let back = RowReference(file: 3, index: 0)
        #expect(add(first, key: key, signature: digest("K1", "v1")) == .kept)
        #expect(add(equal, key: key, signature: digest("K1", "v1")) == .merged(into: first))
        #expect(add(newer, key: key, signature: digest("K1", "v2")) == .supersedes(first))
        // v1 again: the kept row is v2 now, so v1 supersedes it rather than merging into the old one.
        #expect(add(back, key: key, signature: digest("K1", "v1")) == .supersedes(newer))
        // Without a key, only equal rows are merged.
        #expect(add(RowReference(file: 4, index: 0), key: nil, signature: digest("x")) == .kept)
        #expect(
            add(RowReference(file: 4, index: 1), key: nil, signature: digest("x"))
                == .merged(into: RowReference(file: 4, index: 0)))
    }

    /// The ledger's table against a Dictionary, with digests made to collide (few distinct slots),
    /// through inserts, replacements, removals and growth.
    @Test(arguments: [3, 11, 2024])
    func digestTableBehavesAsADictionary(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var table = DigestTable(capacity: 4)
        var reference: [RowDigest: RowReference] = [:]
        for step in 0..<20_000 {
            // 200 digests whose high bits take 40 values: long runs of collisions.
            let which = UInt64.random(in: 0..<200, using: &random)
            let digest = RowDigest(high: which % 40, low: which)
            let row = RowReference(file: step % 7, index: step)
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                let had = reference[digest]
                if had == nil { reference[digest] = row }
                #expect(table.insert(row, for: digest) == had)
            case 1:
                #expect(table.replace(with: row, for: digest) == reference.updateValue(row, forKey: digest))
            default:
                table.remove(digest)
                reference[digest] = nil
            }
            if step % 997 == 0 {
                for probe in 0..<200 as Range<UInt64> {
                    let digest = RowDigest(high: probe % 40, low: probe)
                    #expect(table[digest] == reference[digest])
                }
            }
        }
        #expect(table.count == reference.count)
    }

    @Test func summaryTablesSumExactlyAndSortTheirGroups() {
        let definition = SummaryTable.Definition(
            name: "t", dataset: "d", groupBy: ["region", "axe"], sums: ["cout", "n"])
        var table = SummaryTable(definition, amountSums: [true, false])
        let key = { (a: String, b: String) in [a, b].joined(separator: SummaryTable.separator) }
        table.add(group: key("53", "innovation"), values: [Decimal(string: "0.1"), 2])
        table.add(group: key("28", "foncier"), values: [Decimal(string: "1"), nil])
        table.add(group: key("53", "innovation"), values: [Decimal(string: "0.2"), 3])
        table.add(group: key("53", "foncier"), values: [nil, nil])
        #expect(table.header == ["region", "axe", "rows", "cout", "cout_rows", "n", "n_rows"])
        #expect(
            table.rows() == [
                ["28", "foncier", "1", "1.00", "1", "0", "0"], ["53", "foncier", "1", "0.00", "0", "0", "0"],
                ["53", "innovation", "2", "0.30", "2", "5", "2"],
            ])
    }

    @Test func summandsHoldMillionthsAndTellWhatDoesNotFit() {
        #expect(SummaryTable.Summand(canonical: "1234.5").micros == 1_234_500_000)
        #expect(SummaryTable.Summand(canonical: "-0.000001").micros == -1)
        #expect(SummaryTable.Summand(canonical: "999999999999").micros == 999_999_999_999_000_000)
        #expect(SummaryTable.Summand(canonical: "1000000000000") == .wide)  // 10¹²
        #expect(SummaryTable.Summand(canonical: "0.0000001") == .wide)  // seven decimals
        #expect(SummaryTable.Summand(canonical: "1e5") == .wide)
        #expect(SummaryTable.Summand(canonical: "-") == .wide)
    }

    /// The integer path gives the Decimal sums exactly, across an Int64 overflow and with values
    /// that do not fit in millionths.
    @Test(arguments: [1, 7, 42])
    func integerSumsEqualDecimalSums(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var accumulator = SummaryTable.Accumulator(width: 1)
        var other = SummaryTable.Accumulator(width: 1)
        var expected = Decimal(0)
        for step in 0..<5_000 {
            // The first hundred are positive: their millionths pass Int64.max (9.2 × 10¹⁸) for sure.
            let lowest: Int64 = step < 100 ? 0 : -999_999_999_999
            let whole = Int64.random(in: lowest...999_999_999_999, using: &random)
            let fraction = Int64.random(in: 0...999_999, using: &random)
            var text = "\(whole < 0 ? "-" : "")\(abs(whole)).\(String(fraction).leftPadded(to: 6))"
            if step % 97 == 0 { text += "5" }  // seven decimals: kept as a Decimal
            let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!
            expected += value
            let summand = SummaryTable.Summand(canonical: text)
            var target = step.isMultiple(of: 2) ? accumulator : other
            target.addRow()
            if summand == .wide { target.add(value, at: 0) } else { target.add(summand, at: 0) }
            if step.isMultiple(of: 2) { accumulator = target } else { other = target }
        }
        let definition = SummaryTable.Definition(name: "t", dataset: "d", groupBy: ["g"], sums: ["v"])
        var table = SummaryTable(definition, amountSums: [false])
        table.add(group: "a", accumulator)
        table.add(group: "a", other)
        let expectedText = NSDecimalNumber(decimal: expected).stringValue
        #expect(table.rows() == [["a", "5000", expectedText, "5000"]])
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
