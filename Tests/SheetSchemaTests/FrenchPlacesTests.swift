import Foundation
import SheetTestSupport
import Testing

@testable import SheetSchema

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
