import Foundation

/// GeoJSON (RFC 7946) and TopoJSON objects, checked for their structure: a known `type` and
/// the members that type requires, positions of 2 or 3 numbers.
enum GeoJSONText {
    static let geometryTypes: Set<String> = [
        "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection",
    ]

    /// The text is a GeoJSON object (`format` default) or a TopoJSON one (`topojson`).
    static func isValid(_ text: String, format: String?) -> Bool {
        guard let object = JSONValueText.parse(text) as? [String: Any] else { return false }
        if format == "topojson" { return isTopology(object) }
        return isGeoJSON(object)
    }

    static func isGeoJSON(_ object: [String: Any]) -> Bool {
        guard let type = object["type"] as? String else { return false }
        switch type {
        case "Feature":
            guard object.keys.contains("geometry"), object.keys.contains("properties") else { return false }
            let geometry = object["geometry"]
            let properties = object["properties"]
            return (geometry is NSNull || (geometry as? [String: Any]).map(isGeometry) == true)
                && (properties is NSNull || properties is [String: Any])
        case "FeatureCollection":
            guard let features = object["features"] as? [Any] else { return false }
            return features.allSatisfy {
                ($0 as? [String: Any]).map { isGeoJSON($0) && $0["type"] as? String == "Feature" } == true
            }
        default:
            return isGeometry(object)
        }
    }

    static func isGeometry(_ object: [String: Any]) -> Bool {
        guard let type = object["type"] as? String, geometryTypes.contains(type) else { return false }
        if type == "GeometryCollection" {
            guard let geometries = object["geometries"] as? [Any] else { return false }
            return geometries.allSatisfy { ($0 as? [String: Any]).map(isGeometry) == true }
        }
        let coordinates = object["coordinates"]
        switch type {
        case "Point": return isPosition(coordinates)
        case "MultiPoint": return (coordinates as? [Any])?.allSatisfy(isPosition) == true
        case "LineString": return isLine(coordinates)
        case "MultiLineString": return (coordinates as? [Any])?.allSatisfy(isLine) == true
        case "Polygon": return isPolygon(coordinates)
        default: return (coordinates as? [Any])?.allSatisfy(isPolygon) == true
        }
    }

    static func isPosition(_ value: Any?) -> Bool {
        guard let items = value as? [Any], items.count == 2 || items.count == 3 else { return false }
        return items.allSatisfy { JSONValueText.number($0) != nil }
    }

    /// Two positions or more.
    static func isLine(_ value: Any?) -> Bool {
        guard let items = value as? [Any], items.count >= 2 else { return false }
        return items.allSatisfy(isPosition)
    }

    /// Rings of four positions or more.
    static func isPolygon(_ value: Any?) -> Bool {
        guard let rings = value as? [Any] else { return false }
        return rings.allSatisfy { ring in
            guard let positions = ring as? [Any], positions.count >= 4 else { return false }
            return positions.allSatisfy(isPosition)
        }
    }

    /// A TopoJSON Topology (`objects` and `arcs`), or one of its geometry objects.
    static func isTopology(_ object: [String: Any]) -> Bool {
        guard let type = object["type"] as? String else { return false }
        if type == "Topology" { return object["objects"] is [String: Any] && object["arcs"] is [Any] }
        return geometryTypes.contains(type)
    }
}
