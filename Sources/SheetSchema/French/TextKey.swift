import Foundation

/// Keys for matching text the way people mean it, not the way they typed it: headers against
/// labels, region names against the reference list. NFKD, combining marks dropped, lower case,
/// typographic apostrophes and dashes folded, every run of anything but [a-z0-9] → one space,
/// trimmed. "Coût total HT (€)" → "cout total ht", "N° fiche" → "n fiche", "Île-de-France" →
/// "ile de france".
public enum TextKey {
    public static func make(_ text: String) -> String {
        // ASCII needs no decomposition.
        let decomposed = text.utf8.allSatisfy { $0 < 0x80 } ? text : text.decomposedStringWithCompatibilityMapping
        var output: [UInt8] = []
        output.reserveCapacity(decomposed.utf8.count)
        var pendingSpace = false
        for scalar in decomposed.unicodeScalars {
            var value = scalar.value
            // ASCII holds no combining mark: the Unicode lookup is for the rest only.
            if value >= 0x80 && scalar.properties.generalCategory == .nonspacingMark { continue }
            if value >= 65 && value <= 90 { value += 32 }  // A–Z
            let keep = (value >= 97 && value <= 122) || (value >= 48 && value <= 57)
            if keep {
                if pendingSpace && !output.isEmpty { output.append(0x20) }
                pendingSpace = false
                output.append(UInt8(value))
            } else {
                // Letters outside ASCII after NFKD (ß, œ, æ, ø…) keep their usual spelling.
                switch scalar {
                case "ß": appendLetters("ss", &output, &pendingSpace)
                case "œ", "Œ": appendLetters("oe", &output, &pendingSpace)
                case "æ", "Æ": appendLetters("ae", &output, &pendingSpace)
                case "ø", "Ø": appendLetters("o", &output, &pendingSpace)
                default: pendingSpace = true
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func appendLetters(_ letters: String, _ output: inout [UInt8], _ pendingSpace: inout Bool) {
        if pendingSpace && !output.isEmpty { output.append(0x20) }
        pendingSpace = false
        output.append(contentsOf: letters.utf8)
    }

    /// Canonical text: NFC, whitespace runs (including NBSP and narrow NBSP) → one space, trimmed.
    public static func normalisedText(_ text: String) -> String {
        // Most values hold no combining mark (U+0300–U+036F: bytes CC 80…CD AF) and no space to
        // fold: they are already canonical. Bytes decide, before any Unicode work.
        var previousSpace = true
        var plain = true
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || (byte == 0x20 && previousSpace) || (previous == 0xCC)
                || (previous == 0xCD && byte <= 0xAF)
                || (previous == 0xC2 && byte == 0xA0) || (previous == 0x80 && byte >= 0x80 && byte <= 0xAF)
                || (previous == 0xE3 && byte == 0x80)
            {
                plain = false
                break
            }
            previousSpace = byte == 0x20
            previous = byte
        }
        if plain && !previousSpace { return text }
        let composed = text.precomposedStringWithCanonicalMapping
        var result = ""
        var pendingSpace = false
        for scalar in composed.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace && !result.isEmpty { result.unicodeScalars.append(" ") }
            pendingSpace = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
