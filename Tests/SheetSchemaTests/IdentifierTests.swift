import Foundation
import SheetTestSupport
import Testing

@testable import SheetSchema

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
