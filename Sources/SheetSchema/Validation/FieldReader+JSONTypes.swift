import Foundation

/// The Table Schema types read from JSON or ISO 8601 text: `object`, `array`, `geopoint`,
/// `geojson`, `duration` (JSONValueText.swift). Typed cells of a workbook are read as their text.
/// The existing types never come here: their per-cell path is unchanged.
extension FieldReader {
    func structured(_ text: String, field: Field, type: FieldType, outcome: inout FieldOutcome) -> TypedValue? {
        func refuse(_ fr: String, _ en: String) -> TypedValue? {
            outcome.issues.append(FieldIssue(.typeError, nil, Message(fr: fr, en: en), nil))
            return nil
        }
        switch type {
        case .object:
            guard JSONValueText.object(text) != nil else {
                return refuse("objet JSON attendu ({\"clé\": valeur})", "a JSON object is expected ({\"key\": value})")
            }
            return .text(text)
        case .array:
            guard JSONValueText.array(text) != nil else {
                return refuse("tableau JSON attendu ([valeur, …])", "a JSON array is expected ([value, …])")
            }
            return .text(text)
        case .geopoint:
            guard let point = GeoPointText.parse(text, format: field.format) else {
                let form: String
                switch field.format ?? "default" {
                case "array": form = "[lon, lat]"
                case "object": form = "{\"lon\": …, \"lat\": …}"
                default: form = "lon, lat"
                }
                return refuse(
                    "point attendu \(form) (longitude −180…180, latitude −90…90)",
                    "a point is expected as \(form) (longitude −180…180, latitude −90…90)")
            }
            return .text(point)
        case .geojson:
            guard GeoJSONText.isValid(text, format: field.format) else {
                return field.format == "topojson"
                    ? refuse("objet TopoJSON attendu", "a TopoJSON object is expected")
                    : refuse(
                        "objet GeoJSON attendu (type Point, LineString, Polygon, Feature…)",
                        "a GeoJSON object is expected (type Point, LineString, Polygon, Feature…)")
            }
            return .text(text)
        case .duration:
            guard DurationText.isValid(text) else {
                return refuse(
                    "durée ISO 8601 attendue (P1Y2M10DT2H30M)", "an ISO 8601 duration is expected (P1Y2M10DT2H30M)")
            }
            return .text(text)
        default:
            return nil
        }
    }

    /// Table Schema `minLength` / `maxLength` of an array or object: its number of items.
    func checkItemCount(_ text: String, field: Field, outcome: inout FieldOutcome) {
        let c = field.constraints
        guard c.minLength != nil || c.maxLength != nil else { return }
        let count = (field.type == .array ? JSONValueText.array(text) : JSONValueText.object(text)) ?? 0
        let unit = field.type == .array ? (fr: "éléments", en: "items") : (fr: "propriétés", en: "properties")
        if let minimum = c.minLength, count < minimum {
            outcome.issues.append(
                FieldIssue(
                    .constraintError, nil,
                    Message(
                        fr: "au moins \(minimum) \(unit.fr) attendus", en: "at least \(minimum) \(unit.en) expected"),
                    nil))
        }
        if let maximum = c.maxLength, count > maximum {
            outcome.issues.append(
                FieldIssue(
                    .constraintError, nil,
                    Message(
                        fr: "au plus \(maximum) \(unit.fr) (\(count) ici)",
                        en: "at most \(maximum) \(unit.en) (\(count) here)"),
                    nil))
        }
    }
}
