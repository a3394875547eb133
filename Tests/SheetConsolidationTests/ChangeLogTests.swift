import Testing

@testable import SheetConsolidation

/// The values normalisation changed, counted over a file.
@Suite struct ChangeLogTests {
    @Test func eachChangeIsCountedOnceWithWhereItWasFirstSeen() {
        var log = ChangeLog()
        let first = log.note(field: "titre", original: "Été  solaire", normalised: "Été solaire", row: 3, column: 1)
        let other = log.note(field: "titre", original: "ete solaire", normalised: "Été solaire", row: 4, column: 1)
        let again = log.note(field: "titre", original: "Été  solaire", normalised: "Été solaire", row: 9, column: 1)
        // The same change in another field is another change.
        let elsewhere = log.note(
            field: "porteur", original: "Été  solaire", normalised: "Été solaire", row: 5, column: nil)
        log.countAgain(first)
        #expect(first == again)
        #expect(first != other && other != elsewhere)
        #expect(log.changes.map(\.count) == [3, 1, 1])
        #expect(log.changes[0].firstRow == 3 && log.changes[0].firstCell == "B3")
        #expect(log.changes[2].firstCell == nil)
    }
}
