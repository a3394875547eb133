import Foundation
import Testing

@testable import SheetSchema

/// Headers as people write them (Fixtures/header-variants.tsv): each read as the field it means, or
/// left unmatched (with the fields suggested) when reading it as a field would be a guess.
@Suite struct HeaderVariantTests {
    struct Variant: CustomTestStringConvertible, Sendable {
        var schema: String
        var header: String
        /// nil: unmatched.
        var field: String?
        /// For an unmatched header, the fields suggested (nil: not checked).
        var suggested: [String]?
        var testDescription: String { "\(schema): \(header)" }
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static let variants: [Variant] = {
        let text =
            (try? String(contentsOf: fixtures.appendingPathComponent("header-variants.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 3 else { return nil }
            let suggested = parts.count > 3 && !parts[3].isEmpty ? parts[3].split(separator: ",").map(String.init) : nil
            return Variant(
                schema: parts[0], header: parts[1], field: parts[2] == "unmatched" ? nil : parts[2],
                suggested: suggested)
        }
    }()

    static func schema(_ name: String) throws -> TableSchema {
        if name == "close" {
            let path = fixtures.appendingPathComponent("close-fields.json").path
            return try TableSchema.decode(Data(contentsOf: URL(fileURLWithPath: path)), file: path)
        }
        return try Schemas.load(name)
    }

    @Test func theFixtureHasAtLeastFiftyVariantsOverBothSchemas() {
        #expect(Self.variants.count >= 50)
        let schemas = Set(Self.variants.map(\.schema))
        #expect(schemas.isSuperset(of: ["project-sheet", "csr-contribution", "close"]))
        #expect(Self.variants.contains { $0.field == nil } && Self.variants.contains { $0.field != nil })
    }

    @Test(arguments: variants)
    func aHeaderIsReadAsTheFieldItMeansOrLeftUnmatched(_ variant: Variant) throws {
        let schema = try Self.schema(variant.schema)
        let outcome = HeaderIndex(schema).answer(to: variant.header)
        guard let field = variant.field else {
            if case .field(let found) = outcome {
                Issue.record("\(variant.header) must stay unmatched, read as \(found)")
            }
            guard let suggested = variant.suggested else { return }
            var candidates: [String]?
            if case .ambiguous(let fields) = outcome { candidates = fields }
            let found = HeaderSuggestion(schema).fields(for: variant.header, candidates: candidates, excluding: [])
            #expect(found.map(\.name) == suggested, "suggested for \(variant.header)")
            return
        }
        #expect(outcome == .field(field), "\(variant.header)")
    }

    @Test(arguments: ["project-sheet", "csr-contribution"])
    func everyTextOfAFieldIsReadAsThatField(_ name: String) throws {
        // A schema's own name, title and labels never read as another field (nor as none).
        let schema = try Self.schema(name)
        let index = HeaderIndex(schema)
        for field in schema.fields {
            for text in [field.name, field.title].compactMap({ $0 }) + field.labels {
                #expect(index.answer(to: text) == .field(field.name), "\(text)")
            }
        }
    }

    @Test func wordsReadDotsAbbreviationsAndPlurals() {
        #expect(HeaderWords.words("Coût total H.T. (€)") == ["cout", "total", "ht"])
        #expect(HeaderWords.words("Nb. d'emplois créés") == ["nombre", "emploi", "cree"])
        #expect(HeaderWords.words("N° d'ordre") == ["numero", "ordre"])
        #expect(HeaderWords.words("Dépt.") == ["departement"])
        #expect(HeaderWords.words("Département(s)") == ["departement"])
        #expect(HeaderWords.words("Coût (T.T.C)") == ["cout", "ttc"])
    }
}
