import Testing

@testable import SheetSchema

/// A header no field answers to gets the field it most likely means, never a mapping.
@Suite struct HeaderSuggestionTests {
    static func projectSheet() throws -> TableSchema { try Schemas.load("project-sheet") }

    @Test(arguments: [
        ("Coût total H.T. (€)", ["cout_total_ht"]),
        ("Type porteur", ["porteur_type"]),
        ("Numéro de fiche", ["id_fiche"]),
        ("No fiche", ["id_fiche"]),
        ("Date début projet", ["date_debut"]),
        ("Commentaire libre", ["commentaire"]),
        ("Nombre emplois créés", ["emplois_crees"]),
    ])
    func aHeaderPeopleWriteGetsTheFieldItMeans(_ header: String, _ expected: [String]) throws {
        let found = HeaderSuggestion.fields(for: header, in: try Self.projectSheet(), excluding: [])
        #expect(found.map(\.name) == expected, "\(header)")
    }

    @Test(arguments: ["Contact", "Téléphone du référent", "Colonne 12", "", "€"])
    func aHeaderLikeNoFieldGetsNone(_ header: String) throws {
        #expect(HeaderSuggestion.fields(for: header, in: try Self.projectSheet(), excluding: []).isEmpty, "\(header)")
    }

    @Test func aFieldAnotherColumnAlreadyHasIsNotSuggested() throws {
        let found = HeaderSuggestion.fields(
            for: "Coût total H.T. (€)", in: try Self.projectSheet(), excluding: ["cout_total_ht"])
        #expect(!found.contains { $0.name == "cout_total_ht" })
    }

    @Test func wordsReadAbbreviationsAndLeaveLittleWordsOut() {
        #expect(HeaderSuggestion.words("Coût total H.T. (€)") == ["cout", "total", "ht"])
        #expect(HeaderSuggestion.words("N° de la fiche") == ["numero", "fiche"])
    }
}
