import Foundation
import SheetSchema
import Testing

@testable import SheetConsolidation

/// A file's rows grouped for a national table, from plain values.
@Suite struct SummaryGroupsTests {
    let fields = [plainField("region"), plainField("axe"), plainField("cout", .number, kind: .amount)]
    let definition = SummaryTable.Definition(name: "t", dataset: "d", groupBy: ["region", "axe"], sums: ["cout"])

    func add(_ groups: inout SummaryGroups, _ region: String, _ axis: String, _ cost: String?, ids: [Int32]) {
        let values: [TypedValue?] = [.text(region), .text(axis), cost.map(number)]
        groups.add(values: values, valueIDs: ids) { field in values[field]?.canonical ?? "" }
    }

    func summed(_ totals: [(group: String, totals: SummaryTable.Accumulator)]) -> [String: [String]] {
        Dictionary(
            uniqueKeysWithValues: totals.map { entry in
                (
                    entry.group.replacingOccurrences(of: SummaryTable.separator, with: "/"),
                    ["\(entry.totals.rows)"] + entry.totals.sums.map { "\($0)" }
                )
            })
    }

    @Test func rowsJoinTheGroupOfTheirValues() {
        var groups = SummaryGroups(definition, fields: fields)
        add(&groups, "53", "innovation", "1.5", ids: [-1, -1, -1])
        add(&groups, "28", "foncier", "2", ids: [-1, -1, -1])
        add(&groups, "53", "innovation", nil, ids: [-1, -1, -1])
        add(&groups, "53", "innovation", "0.25", ids: [-1, -1, -1])
        groups.finish()
        #expect(groups.groupNames.count == 2)
        #expect(summed(groups.totals { _ in true }) == ["53/innovation": ["3", "1.75"], "28/foncier": ["1", "2"]])
    }

    @Test func onlyKeptRowsAreAddedUp() {
        var groups = SummaryGroups(definition, fields: fields)
        add(&groups, "53", "a", "1", ids: [-1, -1, -1])
        add(&groups, "53", "a", "10", ids: [-1, -1, -1])
        add(&groups, "28", "b", "100", ids: [-1, -1, -1])
        #expect(summed(groups.totals { $0 != 1 }) == ["53/a": ["1", "1"], "28/b": ["1", "100"]])
        // A group none of whose rows is kept is not listed.
        #expect(summed(groups.totals { $0 == 0 }) == ["53/a": ["1", "1"]])
    }

    /// Rows whose group-by values have the same ids share a group without their text being made.
    @Test func valueIDsFindTheGroupWithoutItsText() {
        var groups = SummaryGroups(definition, fields: fields)
        add(&groups, "53", "a", "1", ids: [1, 2, -1])
        var asked = 0
        let values: [TypedValue?] = [.text("53"), .text("a"), number("2")]
        groups.add(values: values, valueIDs: [1, 2, -1]) { field in
            asked += 1
            return values[field]!.canonical
        }
        #expect(asked == 0)
        #expect(groups.groupIDs == [0, 0])
        // A group-by value without an id: the group is found by its text.
        groups.add(values: values, valueIDs: [1, -1, -1]) { field in
            asked += 1
            return values[field]!.canonical
        }
        #expect(asked == 2)
        #expect(groups.groupIDs == [0, 0, 0])
    }
}
