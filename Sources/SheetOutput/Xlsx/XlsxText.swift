/// Text made safe for the parts of a workbook libxlsxwriter writes without escaping control
/// characters (comments, document properties, sheet names, validation messages): a character
/// XML 1.0 forbids would make the whole workbook unreadable, so it becomes U+FFFD (cell text is
/// escaped by libxlsxwriter itself, as `_x0001_`).
enum XlsxText {
    static func xmlSafe(_ text: String) -> String {
        // Most text has no such character: checked on the bytes first.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0xEF }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isAllowed(scalar.value) ? scalar : "\u{FFFD}")
        }
        return String(scalars)
    }

    /// XML 1.0's characters: tab, line feed, carriage return, and from space on, less U+FFFE/U+FFFF.
    static func isAllowed(_ value: UInt32) -> Bool {
        value == 0x09 || value == 0x0A || value == 0x0D || (value >= 0x20 && value != 0xFFFE && value != 0xFFFF)
    }
}
