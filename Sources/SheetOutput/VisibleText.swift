/// Text for a terminal or a text report. A file name, sheet name or cell value can hold control
/// characters (a file named `ESC[31mred.csv` would recolour the terminal, a CR would overwrite
/// the line): C0 controls, DEL and C1 controls are shown as `\u{1B}` instead. JSON, CSV and
/// HTML outputs escape by their own rules and do not use this.
public enum VisibleText {
    public static func escapingControlCharacters(_ text: String, keepingLineBreaks: Bool = false) -> String {
        // Most text has none: the bytes are looked at before anything is copied.
        guard containsControlCharacter(text, keepingLineBreaks: keepingLineBreaks) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar.value) && !(keepingLineBreaks && scalar.value == 0x0A) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func isControl(_ value: UInt32) -> Bool { value < 0x20 || (0x7F...0x9F).contains(value) }

    /// C0 and DEL are single bytes; C1 controls are `C2 80` … `C2 9F` in UTF-8.
    static func containsControlCharacter(_ text: String, keepingLineBreaks: Bool) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 && !(keepingLineBreaks && byte == 0x0A) { return true }
            if byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) { return true }
            previous = byte
        }
        return false
    }
}
