import Foundation
import SheetSchema
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

    @Test func summaryTablesSumExactlyAndSortTheirGroups() {
        let definition = SummaryTable.Definition(
            name: "t", dataset: "d", groupBy: ["region", "axe"], sums: ["cout", "n"])
        var table = SummaryTable(definition, amountSums: [true, false])
        let key = { (a: String, b: String) in [a, b].joined(separator: SummaryTable.separator) }
        table.add(group: key("53", "innovation"), values: [Decimal(string: "0.1"), 2])
        table.add(group: key("28", "foncier"), values: [Decimal(string: "1"), nil])
        table.add(group: key("53", "innovation"), values: [Decimal(string: "0.2"), 3])
        table.add(group: key("53", "foncier"), values: [nil, nil])
        let csv = String(decoding: table.csv(), as: UTF8.self)
        #expect(
            csv
                == "region,axe,rows,cout,cout_rows,n,n_rows\r\n28,foncier,1,1.00,1,0,0\r\n53,foncier,1,0.00,0,0,0\r\n53,innovation,2,0.30,2,5,2\r\n"
        )
    }

    @Test func negativeSumsAreNumbersAndGroupTextIsNeutralised() {
        let definition = SummaryTable.Definition(name: "t", dataset: "d", groupBy: ["titre"], sums: ["cout"])
        var table = SummaryTable(definition, amountSums: [true])
        table.add(group: "=cmd", values: [Decimal(string: "-12.5")])
        let csv = String(decoding: table.csv(), as: UTF8.self)
        #expect(csv == "titre,rows,cout,cout_rows\r\n'=cmd,1,-12.50,1\r\n")
    }
}
