import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

/// Value ids (`ValidatedRow.valueIDs`): later stages keep what they derive from a value by its
/// id, so equal ids must mean equal values, originals and issues.
@Suite struct ValueIDTests {
    func rows(_ csv: String, schema json: String) throws -> (FileValidation, [ValidatedRow]) {
        let schema = try TableSchema.decode(Data(json.utf8), file: "ids.json")
        let validator = FileValidator(
            schemas: [NamedSchema(name: "ids", schema: schema)],
            reader: FieldReader(places: nil, currentYear: 2026), readOptions: ReadOptions(), sheet: nil)
        let path = try temporaryCSV(csv)
        var seen: [ValidatedRow] = []
        let result = validator.validate(try validator.prepare(path: path)) { seen.append($0) }
        return (result, seen)
    }

    @Test func equalIDsMeanEqualValuesAndIssuesAreReportedOnEveryRow() throws {
        let json = #"""
            {"fields": [{"name": "code"}, {"name": "montant", "type": "number"}, {"name": "absent"}]}
            """#
        let (result, rows) = try rows(
            "code;montant\nA;1.5\n B ;abc\nA;1.5\n;abc\nB;2\n", schema: json)
        #expect(rows.count == 5)
        // Same content, same id; the column the sheet lacks has one id, the same on every row.
        #expect(rows[0].valueIDs[0] == rows[2].valueIDs[0])
        #expect(rows[0].valueIDs[1] == rows[2].valueIDs[1])
        #expect(rows[1].valueIDs[1] == rows[3].valueIDs[1])
        #expect(rows[0].valueIDs[0] != rows[4].valueIDs[0])
        #expect(Set(rows.map { $0.valueIDs[2] }).count == 1 && rows[0].valueIDs[2] >= 0)
        // Whatever the id, the value is the one read ("B" with its spaces is another text cell,
        // another id, the same value).
        #expect(rows[1].valueIDs[0] != rows[4].valueIDs[0])
        #expect(rows[1].values[0] == .text("B") && rows[4].values[0] == .text("B"))
        for (a, b) in [(0, 2), (1, 3)] {
            #expect(rows[a].values[1] == rows[b].values[1])
            #expect(rows[a].originals[1] == rows[b].originals[1])
        }
        // An invalid value met twice is reported twice, once per row.
        let typeErrors = result.issues.filter { $0.code == "type-error" && $0.field == "montant" }
        #expect(typeErrors.compactMap(\.row) == [3, 5])
        #expect(typeErrors.compactMap(\.cell) == ["B3", "B5"])
        // An absent cell has an id too, and stays empty.
        #expect(rows[3].values[0] == nil && rows[3].valueIDs[0] >= 0)
    }

    /// A value that repeats the row before's is not copied again (`validate` keeps what the
    /// row before left): each row still has its value, its original and its issues.
    @Test func valuesRepeatedRowAfterRowAreKeptAndReportedOnEveryRow() throws {
        let json = #"""
            {"fields": [{"name": "code"}, {"name": "montant", "type": "number"}]}
            """#
        let (result, rows) = try rows(
            "code;montant\n A ;abc\n A ;abc\nA;abc\nA;1.5\nA;1.5\n;1.5\nA;2\n", schema: json)
        #expect(rows.count == 7)
        #expect(
            rows.map { $0.values[0] } == [.text("A"), .text("A"), .text("A"), .text("A"), .text("A"), nil, .text("A")])
        #expect(rows.map { $0.originals[0] } == [" A ", " A ", "A", "A", "A", nil, "A"])
        #expect(rows[3].values[1] == rows[4].values[1] && rows[4].values[1] == rows[5].values[1])
        #expect(rows[3].values[1]?.canonical == "1.5" && rows[6].values[1]?.canonical == "2")
        #expect(rows.map { $0.originals[1] } == ["abc", "abc", "abc", "1.5", "1.5", "1.5", "2"])
        #expect(rows[0].valueIDs[0] == rows[1].valueIDs[0] && rows[1].valueIDs[0] != rows[2].valueIDs[0])
        // The invalid amount, three rows running: three issues, one per row.
        let typeErrors = result.issues.filter { $0.code == "type-error" && $0.field == "montant" }
        #expect(typeErrors.compactMap(\.row) == [2, 3, 4])
        #expect(rows.map(\.isValid) == [false, false, false, true, true, true, true])
    }

    /// A rule that held for some values is not checked again for them (`checkRules`); one that
    /// failed is, and reports every row it fails on.
    @Test func rulesAreRememberedOnlyWhenTheyHold() throws {
        let json = #"""
            {"fields": [{"name": "axe"}, {"name": "campagne", "type": "integer"}],
             "rules": [{"type": "valueIn", "field": "axe", "values": ["a", "b"],
                        "when": {"field": "campagne", "minimum": 2023}, "severity": "warning"}]}
            """#
        let (result, rows) = try rows(
            "axe;campagne\na;2024\nx;2024\na;2024\nx;2024\nx;2020\nx;2020\nb;2024\n", schema: json)
        #expect(rows.count == 7)
        #expect(result.issues.filter { $0.code == "rule-error" }.compactMap(\.row) == [3, 5])
    }

    @Test func pastTheLimitValuesAreReadEachTimeWithoutAnID() throws {
        let count = FieldMemo.limit + 10
        let csv = "code;autre\n" + (0..<count).map { "v\($0);x" }.joined(separator: "\n") + "\nv0;x\n"
        let (_, rows) = try rows(csv, schema: #"{"fields": [{"name": "code"}, {"name": "autre"}]}"#)
        #expect(rows.count == count + 1)
        #expect(Set(rows.prefix(FieldMemo.limit).map { $0.valueIDs[0] }).count == FieldMemo.limit)
        #expect(rows[FieldMemo.limit...].dropLast().allSatisfy { $0.valueIDs[0] == -1 })
        // A value kept before the table filled up keeps its id.
        #expect(rows.last?.valueIDs[0] == rows.first?.valueIDs[0])
        #expect(rows.map { $0.values[0] } == (0..<count).map { TypedValue.text("v\($0)") } + [.text("v0")])
    }
}
