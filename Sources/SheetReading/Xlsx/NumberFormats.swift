/// Number formats decide whether a number is shown as a date, a time or a plain number: XLSX
/// stores all of them as numbers.
enum NumberFormatClass: UInt8, Sendable {
    case number
    case date
    case time
    case dateTime
    /// `[h]:mm:ss` and other elapsed-time formats.
    case duration
    /// `@`: the cell is meant to hold text.
    case text
}

enum NumberFormats {
    /// Built-in format ids (ECMA-376 Part 1, 18.8.30) that show dates or times; 27–36 and 50–58
    /// are the East Asian locale date formats.
    static func builtInClass(_ id: Int) -> NumberFormatClass {
        switch id {
        case 14, 15, 16, 17: return .date
        case 18, 19, 20, 21, 45, 47: return .time
        case 46: return .duration
        case 22: return .dateTime
        case 27...36, 50...58: return .date
        case 49: return .text
        default: return .number
        }
    }

    /// Classifies a custom format code such as `dd/mm/yyyy`, `[$-40C]d mmmm yyyy`, `h:mm`,
    /// `#,##0.00 "€"` or `"Année "yyyy`. Only the first section (positive numbers) counts;
    /// quoted text, escaped characters and bracketed parts (colours, locales, conditions) are
    /// skipped, except elapsed-time brackets such as `[h]`.
    static func classify(_ code: String) -> NumberFormatClass {
        let lower = Array(code.lowercased().utf8)
        if lower.isEmpty { return .number }
        var hasDate = false
        var hasTime = false
        var hasElapsed = false
        var hasMonthOrMinute = false
        var hasDigitPlaceholder = false
        var i = 0
        var sawText = false
        scan: while i < lower.count {
            let byte = lower[i]
            switch byte {
            case UInt8(ascii: ";"):
                break scan
            case UInt8(ascii: "\""):
                i += 1
                while i < lower.count && lower[i] != UInt8(ascii: "\"") { i += 1 }
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                i += 1  // the next character is literal (or padding/fill)
            case UInt8(ascii: "["):
                var j = i + 1
                while j < lower.count && lower[j] != UInt8(ascii: "]") { j += 1 }
                let inside = lower[min(i + 1, lower.count)..<min(j, lower.count)]
                if !inside.isEmpty,
                    inside.allSatisfy({ $0 == UInt8(ascii: "h") || $0 == UInt8(ascii: "m") || $0 == UInt8(ascii: "s") })
                {
                    hasElapsed = true
                }
                i = j
            case UInt8(ascii: "@"):
                sawText = true
            case UInt8(ascii: "y"), UInt8(ascii: "d"):
                hasDate = true
            case UInt8(ascii: "h"), UInt8(ascii: "s"):
                hasTime = true
            case UInt8(ascii: "m"):
                hasMonthOrMinute = true
            case UInt8(ascii: "a"):
                if lower[i...].starts(with: Array("am/pm".utf8)) || lower[i...].starts(with: Array("a/p".utf8)) {
                    hasTime = true
                    i += lower[i...].starts(with: Array("am/pm".utf8)) ? 4 : 2
                }
            case UInt8(ascii: "g"):
                if lower[i...].starts(with: Array("general".utf8)) { i += 6 }
            case UInt8(ascii: "0"), UInt8(ascii: "#"), UInt8(ascii: "?"):
                hasDigitPlaceholder = true
            case UInt8(ascii: "e"):
                // `0.00E+00` is scientific notation, not an era year.
                break
            default:
                break
            }
            i += 1
        }
        // `m` alone is a month unless the format only has times (`h:mm`, `mm:ss`).
        if hasElapsed && !hasDate { return .duration }
        if hasMonthOrMinute && !hasTime { hasDate = true }
        if hasDate && hasTime { return .dateTime }
        if hasDate { return .date }
        if hasTime { return .time }
        if sawText && !hasDigitPlaceholder { return .text }
        return .number
    }
}

/// `xl/styles.xml`, reduced to what reading needs: for each cell style (`s` attribute), its
/// number format id and what that format shows.
struct CellStyles {
    var formatIDs: [Int32] = []
    var classes: [NumberFormatClass] = []
    /// Custom format codes by id, for `inspect`.
    var customCodes: [Int: String] = [:]

    @inline(__always)
    func format(ofStyle index: Int) -> (id: Int32, class: NumberFormatClass) {
        guard index >= 0 && index < classes.count else { return (0, .number) }
        return (formatIDs[index], classes[index])
    }
}

final class StylesHandler: XMLEventHandler {
    var failure: ReadError? { nil }
    var hasFailed: Bool { false }
    private var inCellXfs = false
    private var customCodes: [Int: String] = [:]
    private var xfFormatIDs: [Int] = []

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("numFmt") {
            if let id = attributes.value("numFmtId").flatMap({ Int($0) }), let code = attributes.value("formatCode") {
                customCodes[id] = code
            }
        } else if name.is("cellXfs") {
            inCellXfs = true
        } else if name.is("xf") && inCellXfs {
            xfFormatIDs.append(attributes.value("numFmtId").flatMap { Int($0) } ?? 0)
        }
    }

    func endElement(_ name: XMLName) {
        if name.is("cellXfs") { inCellXfs = false }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {}

    var styles: CellStyles {
        var result = CellStyles()
        result.customCodes = customCodes
        var classByID: [Int: NumberFormatClass] = [:]
        for id in xfFormatIDs where classByID[id] == nil {
            // A custom code overrides a built-in id (LibreOffice redefines some).
            classByID[id] = customCodes[id].map(NumberFormats.classify) ?? NumberFormats.builtInClass(id)
        }
        result.formatIDs = xfFormatIDs.map { Int32(clamping: $0) }
        result.classes = xfFormatIDs.map { classByID[$0] ?? .number }
        return result
    }
}
