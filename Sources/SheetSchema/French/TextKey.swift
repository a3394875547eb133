import Foundation
import SheetReading

/// Keys for matching text the way people mean it, not the way they typed it: headers against
/// labels, region names against the reference list. NFKD, combining marks dropped, lower case,
/// typographic apostrophes and dashes folded, every run of anything but [a-z0-9] → one space,
/// trimmed. "Coût total HT (€)" → "cout total ht", "N° fiche" → "n fiche", "Île-de-France" →
/// "ile de france".
public enum TextKey {
    /// The matching key of a text (`"Coût total HT (€)"` → `"cout total ht"`).
    public static func make(_ text: String) -> String {
        latinFold(text) ?? unicodeFold(text)
    }

    /// The key of UTF-8 bytes, written into `output` (emptied first): `make` without a String
    /// in or out, for loops that fold many texts kept as bytes.
    public static func fold(utf8 bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        if !latinFold(utf8: bytes, into: &output) {
            output.removeAll(keepingCapacity: true)
            output.append(contentsOf: unicodeFold(String(decoding: bytes, as: UTF8.self)).utf8)
        }
    }

    /// The general way: Unicode decomposition, then the characters one by one.
    static func unicodeFold(_ text: String) -> String {
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

    /// U+00C0…U+00FF as `make` folds them (NFKD, marks dropped, lower case; "" → a separator).
    private static let latin1Letters: [[UInt8]] = [
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "", "n", "o", "o", "o", "o",
        "o", "", "o", "u", "u", "u", "u", "y", "", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
        "i", "i", "i", "i", "", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "", "y",
    ].map { Array($0.utf8) }

    /// The same key without Unicode work, for text that is ASCII and Latin-1 letters (most French
    /// text): those fold by a table. nil when any other character is there.
    static func latinFold(_ text: String) -> String? {
        var output: [UInt8] = []
        guard text.withUTF8Bytes({ latinFold(utf8: $0, into: &output) }) else { return nil }
        return String(decoding: output, as: UTF8.self)
    }

    /// `latinFold` into a buffer; false when a character outside the table is there.
    private static func latinFold(utf8 bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Bool {
        // Written through a pointer (an array's append checks its storage at every byte): a byte
        // gives at most a space and a letter, two bytes at most a space and two letters.
        let asciiFolded = Self.asciiFolded
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count * 2 + 1) { buffer -> Bool in
            var count = 0
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    // (One table read per byte: its letter or digit in lower case, 0 for the rest.)
                    let folded = asciiFolded[Int(byte)]
                    if folded != 0 {
                        if pendingSpace && count > 0 {
                            buffer[count] = 0x20
                            count += 1
                        }
                        pendingSpace = false
                        buffer[count] = folded
                        count += 1
                    } else {
                        pendingSpace = true
                    }
                    index += 1
                } else if byte == 0xC3, index + 1 < bytes.count, bytes[index + 1] >= 0x80, bytes[index + 1] <= 0xBF {
                    let folded = latin1Pairs[Int(bytes[index + 1] - 0x80)]
                    if folded.0 == 0 {
                        pendingSpace = true
                    } else {
                        if pendingSpace && count > 0 {
                            buffer[count] = 0x20
                            count += 1
                        }
                        pendingSpace = false
                        buffer[count] = folded.0
                        count += 1
                        if folded.1 != 0 {
                            buffer[count] = folded.1
                            count += 1
                        }
                    }
                    index += 2
                } else {
                    return false
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<count]))
            return true
        }
    }

    /// Per ASCII byte: the letter in lower case or the digit; 0 for anything else.
    private static let asciiFolded: [UInt8] = (0..<128).map { byte in
        switch byte {
        case 65...90: return UInt8(byte + 32)
        case 97...122, 48...57: return UInt8(byte)
        default: return 0
        }
    }

    /// `latin1Letters` as pairs of bytes (0: none), read without retaining an array per letter.
    private static let latin1Pairs: [(UInt8, UInt8)] = latin1Letters.map { letters in
        (letters.first ?? 0, letters.count > 1 ? letters[1] : 0)
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
        let plain = text.withUTF8Bytes { bytes -> Bool in
            var previousSpace = true
            var previous: UInt8 = 0
            for byte in bytes {
                // Printable ASCII, most bytes of most values: nothing to look at.
                if byte > 0x20 && byte < 0x80 {
                    previousSpace = false
                    previous = byte
                    continue
                }
                if byte < 0x20 || (byte == 0x20 && previousSpace) || (previous == 0xCC)
                    || (previous == 0xCD && byte <= 0xAF)
                    || (previous == 0xC2 && byte == 0xA0) || (previous == 0x80 && byte >= 0x80 && byte <= 0xAF)
                    || (previous == 0xE3 && byte == 0x80)
                {
                    return false
                }
                previousSpace = byte == 0x20
                previous = byte
            }
            // (A trailing space, or nothing at all, is not canonical either.)
            return !previousSpace
        }
        if plain { return text }
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
