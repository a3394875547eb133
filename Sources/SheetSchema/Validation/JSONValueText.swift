import Foundation

/// The JSON types of Table Schema read from a cell's text: `object`, `array`, `geopoint`,
/// `geojson`. The text is parsed once (Foundation's JSON reader), checked, and kept as written
/// (trimmed): JSON has no canonical spelling a person would recognise, and what a submitter
/// wrote is what the outputs give back. A geopoint is the exception: its value is a point, and
/// it is written `lon,lat` (canonical numbers) whatever the format it came in.
enum JSONValueText {
    /// The parsed JSON, nil when the text is not JSON.
    static func parse(_ text: String) -> Any? {
        guard let first = text.utf8.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            return nil
        }
        return try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    /// A JSON object's text; its number of properties.
    static func object(_ text: String) -> Int? { (parse(text) as? [String: Any])?.count }

    /// A JSON array's text; its number of items.
    static func array(_ text: String) -> Int? { (parse(text) as? [Any])?.count }

    /// A JSON number, not a boolean (Foundation gives both as NSNumber).
    static func number(_ value: Any?) -> Decimal? {
        // (A JSON boolean is an NSNumber of type `c`, a char.)
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return Decimal(string: number.stringValue, locale: Locale(identifier: "en_US_POSIX"))
    }
}
