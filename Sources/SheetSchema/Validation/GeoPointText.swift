import Foundation

/// A geopoint (Table Schema): longitude and latitude in degrees, within ±180 and ±90.
enum GeoPointText {
    /// `lon,lat` (canonical numbers), or nil when the text is not a point in this format:
    /// `default` `"lon, lat"`, `array` `[lon, lat]`, `object` `{"lon": …, "lat": …}`.
    static func parse(_ text: String, format: String?) -> String? {
        var lon: Decimal?
        var lat: Decimal?
        switch format ?? "default" {
        case "array":
            guard let items = JSONValueText.parse(text) as? [Any], items.count == 2 else { return nil }
            lon = JSONValueText.number(items[0])
            lat = JSONValueText.number(items[1])
        case "object":
            guard let object = JSONValueText.parse(text) as? [String: Any], object.count == 2 else { return nil }
            lon = JSONValueText.number(object["lon"])
            lat = JSONValueText.number(object["lat"])
        default:
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            lon = plainDecimal(parts[0].trimmingCharacters(in: .whitespaces))
            lat = plainDecimal(parts[1].trimmingCharacters(in: .whitespaces))
        }
        guard let lon, let lat, lon >= -180, lon <= 180, lat >= -90, lat <= 90 else { return nil }
        return NumberText.canonical(lon) + "," + NumberText.canonical(lat)
    }

    /// `-12.5`, `3`, `1e2`: a number as JSON writes it (no grouping, `.` before decimals).
    static func plainDecimal(_ text: String) -> Decimal? {
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let mantissa = bytes.prefix { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }
        let digits = mantissa.filter { $0 != UInt8(ascii: ".") }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            mantissa.count - digits.count <= 1
        else { return nil }
        let exponent = bytes.dropFirst(mantissa.count)
        if !exponent.isEmpty {
            var rest = exponent.dropFirst()
            if rest.first == UInt8(ascii: "-") || rest.first == UInt8(ascii: "+") { rest = rest.dropFirst() }
            guard !rest.isEmpty, rest.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}
