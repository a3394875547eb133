import SheetSchema

/// Every French value parser on one text (the `french-values` fuzz target).
enum FrenchValues {
    /// How many of the parsers accepted the text (each line is also tried on its own).
    static func parseAll(_ text: String) -> Int {
        var accepted = 0
        for candidate in [text] + text.split(separator: "\n").prefix(64).map(String.init) {
            for kind in [FrenchNumber.Kind.integer, .decimal, .amount] {
                if case .success = FrenchNumber.parse(candidate, kind: kind) { accepted += 1 }
            }
            if case .success = FrenchDate.parse(candidate) { accepted += 1 }
            if FrenchBoolean.parse(candidate) != nil { accepted += 1 }
            for check in [Identifiers.siren, Identifiers.siret, Identifiers.rna, Identifiers.postalCode] {
                if case .valid = check(candidate) { accepted += 1 }
            }
            if !TextKey.make(candidate).isEmpty { accepted += 1 }
            _ = TextKey.normalisedText(candidate)
        }
        return accepted
    }
}
