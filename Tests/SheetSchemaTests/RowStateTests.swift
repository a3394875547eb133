import Testing

@testable import SheetSchema

/// `RowState`, the row being validated as one value, and the packing of value ids that keys
/// what depends only on some fields' values (rules, foreign keys, summary groups).
@Suite struct RowStateTests {
    @Test func aKeptValueHashesAsItsMemoSaysAFreshOneAsTheRowSays() {
        var state = RowState(fieldCount: 2)
        var outcome = FieldOutcome()
        outcome.value = .text("Bretagne")
        state.ids[0] = state.memos[0].keep(outcome, for: .text(ByteKey("Bretagne")))
        state.ids[1] = -1
        state.firstHashes[1] = 41
        state.secondHashes[1] = 42
        #expect(state.ids[0] == 0)
        #expect(state.valueHash(0, second: false) == ValueHash.of(.text("Bretagne"), second: false))
        #expect(state.valueHash(0, second: true) == ValueHash.of(.text("Bretagne"), second: true))
        #expect(ValueHash.of(.text("Bretagne"), second: false) != ValueHash.of(.text("Bretagne"), second: true))
        #expect(state.valueHash(1, second: false) == 41 && state.valueHash(1, second: true) == 42)
    }

    @Test func theRowIsHandedToAValidatedRowAndTakenBack() {
        var state = RowState(fieldCount: 2)
        state.values.values = [.text("a"), nil]
        state.ids = [3, -1]
        state.originals = [" a ", nil]
        var validated = ValidatedRow(
            number: 2, values: [], valueIDs: [], originals: [], columns: [], isValid: true, errors: [])
        state.exchange(with: &validated)
        #expect(validated.values == [.text("a"), nil] && validated.valueIDs == [3, -1])
        #expect(validated.originals == [" a ", nil])
        #expect(state.values.values.isEmpty && state.ids.isEmpty && state.originals.isEmpty)
        state.exchange(with: &validated)
        #expect(state.values.values == [.text("a"), nil] && state.ids == [3, -1] && state.originals == [" a ", nil])
        #expect(validated.values.isEmpty && validated.valueIDs.isEmpty && validated.originals.isEmpty)
    }

    @Test func valueIDsPackSixteenBitsAFieldUpToFour() {
        let ids: [Int32] = [1, 2, -1, 3, 4, 5]
        #expect(ValidatedRow.packedValueIDs(ids, of: []) == 0)
        #expect(ValidatedRow.packedValueIDs(ids, of: [0, 1]) == 1 << 16 | 2)
        #expect(ValidatedRow.packedValueIDs(ids, of: [1, 0]) == 2 << 16 | 1)
        #expect(ValidatedRow.packedValueIDs(ids, of: [0, 1, 3, 4]) == 1 << 48 | 2 << 32 | 3 << 16 | 4)
        // A field without an id, or a fifth field: no key.
        #expect(ValidatedRow.packedValueIDs(ids, of: [0, 2]) == nil)
        #expect(ValidatedRow.packedValueIDs(ids, of: [0, 1, 3, 4, 5]) == nil)
        var state = RowState(fieldCount: 6)
        state.ids = ids
        #expect(state.packedValueIDs(of: [3, 4]) == 3 << 16 | 4)
        let row = ValidatedRow(
            number: 2, values: [], valueIDs: ids, originals: [], columns: [], isValid: true, errors: [])
        #expect(row.packedValueIDs(of: [3, 4]) == 3 << 16 | 4)
        // Every id a field can have fits its 16 bits.
        #expect(ValidatedRow.valueIDLimit <= 1 << 16 && FieldMemo.limit == ValidatedRow.valueIDLimit)
    }
}
