import Foundation
import SheetTestSupport
import Testing

@testable import SheetSchema

/// The French forms of SCHEMAS.md, one behaviour per case.
@Suite struct FrenchNumberTests {
    func value(_ text: String, _ kind: FrenchNumber.Kind = .amount) -> Decimal? {
        if case .success(let parsed) = FrenchNumber.parse(text, kind: kind) { return parsed.value }
        return nil
    }

    func notes(_ text: String, _ kind: FrenchNumber.Kind = .amount) -> [FrenchNumber.Note] {
        if case .success(let parsed) = FrenchNumber.parse(text, kind: kind) { return parsed.notes }
        return []
    }

    func failure(_ text: String, _ kind: FrenchNumber.Kind = .amount) -> FrenchNumber.Failure? {
        if case .failure(let failure) = FrenchNumber.parse(text, kind: kind) { return failure }
        return nil
    }

    @Test(arguments: [
        ("1 234,56", "1234.56"), ("1\u{00A0}234,56 €", "1234.56"), ("1\u{202F}234\u{202F}567,89", "1234567.89"),
        ("1\u{2009}000", "1000"), ("1.234.567,89", "1234567.89"), ("−7,25", "-7.25"), ("-7,250", "-7.25"),
        ("(1 234,56)", "-1234.56"), ("250000", "250000"), ("12 EUR", "12"), ("3 500 euros HT", "3500"),
        ("1 200 € TTC", "1200"), ("0,1", "0.1"), ("€ 45", "45"), ("1.234.567", "1234567"), (",5", "0.5"),
    ])
    func amountsAreRead(_ text: String, _ expected: String) {
        #expect(value(text) == Decimal(string: expected), "\(text)")
    }

    @Test func dotDecimalIsReadWithANote() {
        #expect(value("1234.56") == Decimal(string: "1234.56"))
        #expect(notes("1234.56") == [.dotDecimal])
        #expect(value("12.5") == Decimal(string: "12.5"))
        #expect(notes("1,234.56") == [.englishSeparators])
    }

    @Test(arguments: ["1.234", "12.345", "-123.456"])
    func aLoneDotBeforeThreeDigitsIsAmbiguous(_ text: String) {
        #expect(failure(text) == .ambiguous)
    }

    @Test func multipliersOnlyForAmountsAndWithANote() {
        #expect(value("12 k€") == 12_000)
        #expect(value("1,5 M€") == 1_500_000)
        #expect(value("2 Md€") == 2_000_000_000)
        #expect(notes("12 k€") == [.multiplier])
        #expect(failure("12 k€", .decimal) == .unitNotAllowed)
        #expect(failure("12 €", .integer) == .unitNotAllowed)
    }

    @Test(arguments: ["12 34", "1 2345", "abc", "12,3,4", "--5", "1,2.3.4", "", "€"])
    func malformedNumbersAreRefused(_ text: String) {
        #expect(value(text) == nil, "\(text)")
    }

    @Test func integersMustBeWhole() {
        #expect(value("12", .integer) == 12)
        #expect(value("12,0", .integer) == 12)
        #expect(failure("12,5", .integer) == .notAnInteger)
    }

    @Test(arguments: [0.1, 1416.5, -7.25, 123456.78, 0.000000001, 1e20, 3.0, -0.5, 1.0 / 3.0, 2469135.78])
    func cellNumbersBecomeExactDecimals(_ value: Double) {
        let decimal = FrenchNumber.decimal(fromCellNumber: value)
        #expect(decimal == Decimal(string: "\(value)"), "\(value)")
    }

    /// Money-like cells (up to 9 decimals) against the Decimal of their shortest text, on
    /// seeded random values of every size.
    @Test(arguments: [1, 2, 3])
    func cellNumbersMatchTheirTextOnRandomValues(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<2_000 {
            let digits = Int.random(in: 1...15, using: &generator)
            let significand = Int.random(in: 0..<Int(pow(10, Double(digits))), using: &generator)
            let decimals = Int.random(in: 0...9, using: &generator)
            let sign = Bool.random(using: &generator) ? -1.0 : 1.0
            let value = sign * Double(significand) / pow(10, Double(decimals))
            #expect(FrenchNumber.decimal(fromCellNumber: value) == Decimal(string: "\(value)"), "\(value)")
        }
    }

    @Test func decimalsStayExact() {
        #expect(value("0,1")! + value("0,2")! == Decimal(string: "0.3"))
        #expect(FrenchNumber.decimal(fromCellNumber: 0.1) == Decimal(string: "0.1"))
    }

    @Test func failuresSpeakBothLanguages() {
        let message = FrenchNumber.Failure.ambiguous.message
        #expect(message.fr.contains("ambigu"))
        #expect(message.en.contains("ambiguous"))
    }
}

@Suite struct FrenchDateTests {
    func iso(_ text: String) -> String? {
        if case .success(let parsed) = FrenchDate.parse(text) { return parsed.iso }
        return nil
    }

    @Test(arguments: [
        ("15/03/2024", "2024-03-15"), ("1/3/2024", "2024-03-01"), ("15-03-2024", "2024-03-15"),
        ("15.03.2024", "2024-03-15"),
        ("2024-03-15", "2024-03-15"), ("2024-03-15 00:00:00", "2024-03-15"), ("1er mars 2024", "2024-03-01"),
        ("15 mars 2024", "2024-03-15"), ("lundi 15 avril 2024", "2024-04-15"), ("29 février 2024", "2024-02-29"),
        ("3 AOÛT 2023", "2023-08-03"), ("12 déc. 2025", "2025-12-12"), ("15/03/24", "2024-03-15"),
        ("01/01/85", "1985-01-01"),
    ])
    func datesAreRead(_ text: String, _ expected: String) {
        #expect(iso(text) == expected, "\(text)")
    }

    @Test func twoDigitYearsAreNoted() throws {
        guard case .success(let parsed) = FrenchDate.parse("15/03/24") else {
            Issue.record("not read")
            return
        }
        #expect(parsed.twoDigitYear)
    }

    @Test func monthFirstIsNeverGuessed() {
        #expect(FrenchDate.parse("03/15/2024") == .failure(.monthFirst))
        #expect(iso("03/04/2024") == "2024-04-03", "day first, always")
    }

    @Test(arguments: ["31/02/2024", "29/02/2023", "2024-13-01", "32/01/2024"])
    func impossibleDaysAreRefused(_ text: String) {
        #expect(iso(text) == nil)
    }

    @Test(arguments: ["demain", "15 mars", "2024", "15/03/2024 14:00", "1/2/3"])
    func nonDatesAreRefused(_ text: String) {
        #expect(iso(text) == nil, "\(text)")
    }

    @Test func cellSerialsBecomeDates() {
        #expect(FrenchDate.fromCell(daysSince18991230: 45366).iso == "2024-03-15")
    }
}

@Suite struct TextKeyAndBooleanTests {
    @Test(arguments: [
        ("Coût total HT (€)", "cout total ht"), ("N° fiche", "n fiche"), ("Île-de-France", "ile de france"),
        ("Provence-Alpes-Côte d’Azur", "provence alpes cote d azur"), ("  ÉTAT   d'avancement ", "etat d avancement"),
        ("Œuvre", "oeuvre"), ("Straße", "strasse"), ("Réf.", "ref"),
    ])
    func keys(_ text: String, _ key: String) {
        #expect(TextKey.make(text) == key)
    }

    @Test func theLatinTableFoldsAsUnicodeDoes() {
        // Every character of U+0000…U+017F alone and in words: the table (when it applies) and the
        // Unicode path give the same key.
        var generator = SeededGenerator(seed: 42)
        let alphabet = (0x20...0x17F).compactMap { Unicode.Scalar($0).map(Character.init) }
        var texts = alphabet.map { "a\($0)b" }
        for _ in 0..<5000 {
            texts.append(
                String(
                    (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                        alphabet.randomElement(using: &generator)!
                    }))
        }
        var folded = 0
        for text in texts {
            guard let fast = TextKey.latinFold(text) else { continue }
            folded += 1
            #expect(fast == TextKey.unicodeFold(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(folded > 500)
    }

    @Test func normalisedTextIsNFCWithCollapsedSpaces() {
        let decomposed = "Re\u{0301}gion\u{00A0}\u{00A0}Bretagne "
        #expect(TextKey.normalisedText(decomposed) == "Région Bretagne")
        #expect(TextKey.normalisedText(decomposed).unicodeScalars.count == 15)
    }

    @Test(arguments: [
        ("oui", true), ("Non", false), ("x", true), ("X", true), ("1", true), ("0", false), ("vrai", true),
        ("FAUX", false),
    ])
    func booleans(_ text: String, _ value: Bool) {
        #expect(FrenchBoolean.parse(text) == value)
    }

    @Test func unknownBooleanIsNil() {
        #expect(FrenchBoolean.parse("peut-être") == nil)
    }
}

/// The test vectors of ../shared/reference/identifiants_exemples.csv (copied to pipelines/reference).
@Suite struct IdentifierTests {
    static let vectors: [(type: String, value: String, valid: Bool)] = {
        let path = Reference.directory + "/identifiants_exemples.csv"
        guard let table = try? ReferenceTable.load(path) else { return [] }
        return table.records.map { ($0["type"] ?? "", $0["valeur"] ?? "", $0["attendu"] == "valide") }
    }()

    @Test func theVectorsAreThere() {
        #expect(Self.vectors.count >= 16)
    }

    @Test(
        arguments: vectors.filter { ["SIREN", "SIRET", "RNA"].contains($0.type) }.map {
            "\($0.type) \($0.value) \($0.valid)"
        })
    func vector(_ line: String) {
        let parts = line.split(separator: " ").map(String.init)
        let verdict: Identifiers.Verdict
        switch parts[0] {
        case "SIREN": verdict = Identifiers.siren(parts[1])
        case "SIRET": verdict = Identifiers.siret(parts[1])
        default: verdict = Identifiers.rna(parts[1])
        }
        let valid: Bool
        if case .valid = verdict { valid = true } else { valid = false }
        #expect(valid == (parts[2] == "true"), "\(line)")
    }

    @Test func identifiersAreCleanedFirst() {
        #expect(Identifiers.siret("732 829 320 00074") == .valid("73282932000074"))
        #expect(Identifiers.siren("732.829.320") == .valid("732829320"))
        #expect(Identifiers.siren("732\u{202F}829\u{00A0}320") == .valid("732829320"))
        #expect(Identifiers.siret("7,32829E+13") == .invalid(cleaned: "7,32829E+13", reason: .notDigits))
    }

    @Test func postalCodesKeepTheirLeadingZero() {
        #expect(Identifiers.postalCode("01000") == .valid("01000"))
        #expect(Identifiers.postalCode("1000") == .invalid(cleaned: "1000", reason: .length))
    }
}

enum Reference {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("pipelines/reference").path
}

@Suite struct FrenchPlacesTests {
    static let places = try? FrenchPlaces.load(directory: Reference.directory)

    @Test(arguments: [
        ("Bretagne", "53"), ("53", "53"), ("FR-BRE", "53"), ("Région Bretagne", "53"),
        ("Conseil régional de Bretagne", "53"),
        ("PACA", "93"), ("Région Sud", "93"), ("AURA", "84"), ("Île-de-France", "11"), ("ile de france", "11"),
        ("1", "01"), ("La Réunion", "04"), ("Grand-Est", "44"), ("Collectivité de Corse", "94"),
        ("Région des Pays de la Loire", "52"), ("Région de Normandie", "28"),
        ("Conseil régional du Centre-Val de Loire", "24"),
        ("la Région Bretagne", "53"),
    ])
    func regions(_ text: String, _ code: String) throws {
        let places = try #require(Self.places)
        guard case .found(let region) = places.region(text) else {
            Issue.record("\(text): \(places.region(text))")
            return
        }
        #expect(region.code == code, "\(text)")
    }

    @Test func formerRegionsPointToTheirSuccessor() throws {
        let places = try #require(Self.places)
        guard case .former(let name, let successor) = places.region("Alsace") else {
            Issue.record("Alsace not seen as former")
            return
        }
        #expect(name == "Alsace")
        #expect(successor.code == "44")
    }

    @Test func unknownRegion() throws {
        #expect(try #require(Self.places).region("Atlantide") == .unknown)
        #expect(try #require(Self.places).region("99") == .unknown)
    }

    @Test(arguments: [
        ("29", "29"), ("2a", "2A"), ("2 B", "2B"), ("1", "01"), ("Finistère", "29"), ("974", "974"), ("75", "75"),
    ])
    func departments(_ text: String, _ code: String) throws {
        let places = try #require(Self.places)
        guard case .found(let department) = places.department(text) else {
            Issue.record("\(text): \(places.department(text))")
            return
        }
        #expect(department.code == code)
    }

    @Test func departmentsWithTheirOwnAnswers() throws {
        let places = try #require(Self.places)
        #expect(places.department("20") == .corsicaUndivided)
        #expect(places.department("975") == .outOfScope("975"))
        #expect(places.department("988") == .outOfScope("988"))
        #expect(places.department("96") == .unknown)
        guard case .found(let department) = places.department("29") else { return }
        #expect(department.regionCode == "53")
    }
}
