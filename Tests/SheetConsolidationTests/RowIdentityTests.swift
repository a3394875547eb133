import Foundation
import SheetSchema
import Testing

@testable import SheetConsolidation

/// The row identity contract (`RowIdentity`), one rule per case: which values, in which order,
/// what makes two rows the same.
@Suite struct RowIdentityTests {
    let fields = [
        plainField("id"), plainField("titre"), plainField("cout", .number, kind: .amount),
        plainField("departements", .list), plainField("n", .integer),
    ]

    /// The identity of one row made by a fresh maker (no value id: every value hashed).
    func identity(_ values: [TypedValue?], key: [Int] = [0]) -> RowIdentity {
        var maker = RowIdentity.Maker(fields: fields, keyFields: key)
        return maker.identity(values: values, valueIDs: Array(repeating: -1, count: values.count))
    }

    func row(_ id: String, _ title: TypedValue?, cost: String = "10", list: [String] = ["29"], n: String = "1")
        -> [TypedValue?]
    {
        [.text(id), title, number(cost), .list(list.map { .text($0) }), number(n)]
    }

    @Test func equalDatasetValuesAreTheSameRow() {
        #expect(identity(row("A", .text("x"))).values == identity(row("A", .text("x"))).values)
        #expect(identity(row("A", .text("x"))).values != identity(row("A", .text("y"))).values)
        #expect(identity(row("A", .text("x"))).values != identity(row("B", .text("x"))).values)
    }

    @Test func amountsCompareInTheirTwoDecimalForm() {
        #expect(identity(row("A", nil, cost: "12.5")).values == identity(row("A", nil, cost: "12.50")).values)
        #expect(identity(row("A", nil, cost: "12")).values == identity(row("A", nil, cost: "12.00")).values)
        // Rounded to the cent as the dataset writes them.
        #expect(identity(row("A", nil, cost: "2.004")).values == identity(row("A", nil, cost: "2.001")).values)
        #expect(identity(row("A", nil, cost: "2.01")).values != identity(row("A", nil, cost: "2.00")).values)
        // A plain number keeps its canonical text.
        #expect(identity(row("A", nil, n: "1")).values != identity(row("A", nil, n: "1.5")).values)
    }

    @Test func listsCompareSortedWithoutRepeatsItemByItem() {
        let sorted = identity(row("A", nil, list: ["29", "35"])).values
        #expect(identity(row("A", nil, list: ["35", "29", "35"])).values == sorted)
        #expect(identity(row("A", nil, list: ["29"])).values != sorted)
        // Items, not their joined text: one item "29;35" is another list.
        #expect(identity(row("A", nil, list: ["29;35"])).values != sorted)
        // The key reads a list the same way.
        let key = identity(row("A", nil, list: ["29", "35"]), key: [3]).key
        #expect(identity(row("A", nil, list: ["35", "29"]), key: [3]).key == key)
        #expect(identity(row("A", nil, list: ["29;35"]), key: [3]).key != key)
    }

    @Test func noValueDiffersFromTheEmptyTextAndPositionsCount() {
        #expect(identity(row("A", nil)).values != identity(row("A", .text(""))).values)
        // The same texts in other fields are another row.
        let swapped: [TypedValue?] = [.text("x"), .text("A"), number("10"), .list([.text("29")]), number("1")]
        #expect(identity(row("A", .text("x"))).values != identity(swapped).values)
    }

    @Test func theKeyIsOverTheKeyFieldsOnly() {
        let first = identity(row("A", .text("x"), cost: "1"))
        let second = identity(row("A", .text("y"), cost: "2"))
        #expect(first.key == second.key)
        #expect(first.values != second.values)
        #expect(identity(row("B", .text("x"), cost: "1")).key != first.key)
        #expect(identity(row("A", .text("x")), key: []).key == nil)
        // Key order is the key's, not the schema's.
        let idTitle = identity(row("A", .text("B")), key: [0, 1]).key
        let titleId = identity(row("A", .text("B")), key: [1, 0]).key
        #expect(idTitle != titleId)
    }

    /// A value id stands for its value: hashed once, the same identity as without the id.
    @Test func valueIDsGiveTheSameIdentity() {
        var maker = RowIdentity.Maker(fields: fields, keyFields: [0])
        let values = row("A", .text("x"), cost: "3.5", list: ["35", "29"])
        // (Ids are per field: the same id in two fields is two values.)
        let ids: [Int32] = [0, 0, 2, 0, 3]
        let first = maker.identity(values: values, valueIDs: ids)
        let again = maker.identity(values: values, valueIDs: ids)
        #expect(first.values == identity(values).values)
        #expect(again.values == first.values)
        #expect(again.key == first.key)
    }
}
