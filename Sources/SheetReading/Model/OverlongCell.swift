/// A cell over the 32,767 characters Excel allows is an error of that cell, not of the file: the
/// row carries an issue (validation rejects it) and the cell keeps only the start of its text,
/// so that logs and rejected rows show what it was without holding megabytes.
package enum OverlongCell {
    /// Excel's limit for one cell.
    package static let maxCharacters = 32_767
    /// Characters of an overlong cell kept for the logs.
    static let shownCharacters = 200

    /// The first characters of `text`, then `… (60,000,000 characters)`: what the cell holds
    /// from now on.
    static func shown(_ text: UnsafeBufferPointer<UInt8>, characterCount: Int) -> [UInt8] {
        var characters = 0
        var end = 0
        while end < text.count {
            if text[end] & 0xC0 != 0x80 {
                if characters == shownCharacters { break }
                characters += 1
            }
            end += 1
        }
        var result = Array(UnsafeBufferPointer(rebasing: text[..<end]))
        result.append(contentsOf: "… (\(grouped(characterCount, separator: ",")) characters)".utf8)
        return result
    }

    /// The issue of the row that holds it (`reference`: `E3`, the cell in the row).
    static func issue(row: Int, reference: String, characterCount: Int, shown: [UInt8]) -> ReadIssue {
        ReadIssue(
            code: .cellTooLong, row: row, cell: reference,
            message:
                "the cell holds \(grouped(characterCount, separator: ",")) characters; Excel allows \(grouped(maxCharacters, separator: ",")) in a cell (its first \(shownCharacters) are kept, with its length)",
            value: String(decoding: shown, as: UTF8.self), characterCount: characterCount)
    }

    /// `60,000,000` (or `60 000 000` with a space): digits in groups of three.
    package static func grouped(_ number: Int, separator: String) -> String {
        let digits = Array(String(number.magnitude))
        var text = number < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text += separator }
            text.append(digit)
        }
        return text
    }
}
