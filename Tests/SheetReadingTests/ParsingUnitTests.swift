import Testing

@testable import SheetReading

/// The small parsers under the readers, pinned one behaviour at a time.
@Suite struct CellReferenceTests {
    @Test(arguments: [
        ("A1", 1, 0), ("Z9", 9, 25), ("AA10", 10, 26), ("XFD1048576", 1_048_576, 16_383), ("$B$7", 7, 1), ("b7", 7, 1),
    ])
    func parses(_ text: String, _ row: Int, _ column: Int) {
        #expect(CellReference.parse(text) == CellAddress(row: row, column: column))
        var copy = text
        copy.withUTF8 { #expect(CellReference.parse(bytes: $0)! == (row, column)) }
    }

    @Test(arguments: ["", "A", "1", "A0", "1A", "A1B", "ABCDEFGH1", "A12345678901"])
    func rejects(_ text: String) {
        #expect(CellReference.parse(text) == nil)
        var copy = text
        copy.withUTF8 { #expect(CellReference.parse(bytes: $0) == nil) }
    }

    @Test(arguments: [0, 25, 26, 701, 702, 16_383])
    func columnNamesRoundTrip(_ column: Int) {
        #expect(CellReference.parse(CellReference.columnName(column) + "1")?.column == column)
    }

    @Test func rangesNormaliseTheirCorners() {
        #expect(CellRange("C3:A1")?.description == "A1:C3")
        #expect(CellRange("B2")?.description == "B2")
        #expect(CellRange("A1:XFE1")?.isInsideGrid == false)
        #expect(CellRange("nope") == nil)
    }
}

@Suite struct NumberFormatTests {
    @Test(arguments: [
        ("dd/mm/yyyy", NumberFormatClass.date), ("[$-40C]d mmmm yyyy", .date), ("yyyy\\-mm\\-dd", .date),
        ("dd/mm/yyyy hh:mm:ss", .dateTime), ("h:mm", .time), ("mm:ss", .time), ("h:mm AM/PM", .time),
        ("[hh]:mm:ss", .duration), ("[h]:mm", .duration), ("#,##0.00\\ \"€\"", .number), ("0.00E+00", .number),
        ("\"Année \"0", .number), ("General", .number), ("@", .text), ("[Red]-#,##0", .number),
        ("[$€-40C] #,##0.00", .number), ("0.0%", .number), ("d-mmm", .date), ("mmm-yy", .date),
        ("\"dd\"0", .number), ("#,##0;[Red]dd/mm/yyyy", .number),
    ])
    func customCodesAreClassified(_ code: String, _ expected: NumberFormatClass) {
        #expect(NumberFormats.classify(code) == expected, "\(code)")
    }

    @Test(arguments: [
        (14, NumberFormatClass.date), (22, .dateTime), (20, .time), (46, .duration), (0, .number), (4, .number),
        (49, .text),
    ])
    func builtInIdsAreClassified(_ id: Int, _ expected: NumberFormatClass) {
        #expect(NumberFormats.builtInClass(id) == expected)
    }
}

@Suite struct NumberParsingTests {
    @Test(arguments: [
        ("12", 12.0), ("-3.25", -3.25), (" 7 ", 7.0), ("1.5E-3", 0.0015), ("1E+2", 100.0), ("0.1", 0.1),
        ("0.30000000000000004", 0.30000000000000004), ("123456789012345678", 123_456_789_012_345_678.0),
        ("45678.123456789", 45678.123456789), (".5", 0.5),
    ])
    func parsesXMLNumbers(_ text: String, _ value: Double) {
        var copy = text
        copy.withUTF8 { #expect(NumberParsing.parseDouble($0) == value) }
    }

    @Test(arguments: ["", "abc", "1,5", "1.2.3", "--1", "1e", "NaN", "1 2"])
    func rejectsNonNumbers(_ text: String) {
        var copy = text
        copy.withUTF8 { #expect(NumberParsing.parseDouble($0) == nil) }
    }

    @Test func isoDatesOfDateCells() {
        #expect(NumberParsing.parseISODate("2024-03-15")?.kind == .date)
        #expect(NumberParsing.parseISODate("2024-03-15T10:30:00")?.kind == .dateTime)
        #expect(NumberParsing.parseISODate("10:30:00")?.kind == .time)
        #expect(NumberParsing.parseISODate("2024-02-30") == nil)
        #expect(NumberParsing.parseISODate("15/03/2024") == nil)
    }
}

@Suite struct ExcelDateTests {
    @Test(arguments: [
        (1.0, "1900-01-01"), (59.0, "1900-02-28"), (61.0, "1900-03-01"), (45366.0, "2024-03-15"),
        (2958465.0, "9999-12-31"),
    ])
    func serials1900(_ serial: Double, _ date: String) {
        let civil = CivilDateTime(daysSince18991230: DateSystem.excel1900.daysSince18991230(serial: serial))
        #expect(zeroPadded(civil.year, 4) + "-" + zeroPadded(civil.month, 2) + "-" + zeroPadded(civil.day, 2) == date)
    }

    @Test func serials1904StartIn1904() {
        let civil = CivilDateTime(daysSince18991230: DateSystem.excel1904.daysSince18991230(serial: 0))
        #expect((civil.year, civil.month, civil.day) == (1904, 1, 1))
    }

    @Test func timesRoundToTheNearestSecondWithoutDrift() {
        let civil = CivilDateTime(daysSince18991230: 45366 + (14 * 3600 + 30 * 60 + 5) / 86_400.0)
        #expect((civil.hour, civil.minute, civil.second) == (14, 30, 5))
        let almostMidnight = CivilDateTime(daysSince18991230: 45366 + 86_399.9996 / 86_400)
        #expect((almostMidnight.day, almostMidnight.hour) == (16, 0))
    }

    @Test func civilDaysRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let civil = CivilDateTime.civilFromDays(days)
            #expect(CivilDateTime.daysFromCivil(year: civil.year, month: civil.month, day: civil.day) == days)
        }
    }
}

@Suite struct XlsxTextTests {
    func decode(_ text: String) -> (String, Bool) {
        var output: [UInt8] = []
        var copy = text
        let result = copy.withUTF8 { XlsxText.decode($0, into: &output) }
        return (String(decoding: output, as: UTF8.self), result.hadControlCharacters)
    }

    @Test func escapesAreDecoded() {
        #expect(decode("ABC_x000D__x000A_DEF").0 == "ABC\r\nDEF")
        #expect(decode("a_x005F_x0041_b").0 == "a_x0041_b")
        #expect(decode("_xD83D__xDE00_").0 == "😀")
        #expect(decode("_x00e9_").0 == "é")
        #expect(decode("not_x12_an escape").0 == "not_x12_an escape")
    }

    @Test func controlCharactersAreReplacedAndFlagged() {
        #expect(decode("a_x0007_b") == ("a\u{FFFD}b", true))
        #expect(decode("tab\tok") == ("tab\tok", false))
        #expect(decode("lone_xD800_") == ("lone\u{FFFD}", false))
    }
}

func zeroPadded(_ value: Int, _ width: Int) -> String {
    let digits = "\(value)"
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

@Suite struct ByteBufferTests {
    /// `appendShort` moves short runs in overlapping words: every length on each side of the
    /// 4, 8, 16 and 32-byte steps, at odd offsets of source and buffer, appends exactly the bytes.
    @Test func shortAppendsCopyExactlyTheBytes() {
        let source = (0..<96).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for offset in [0, 1, 3] {
            for length in 0...40 {
                let buffer = ByteBuffer(capacity: 16)
                buffer.append(0xAA)
                source.withUnsafeBufferPointer { all in
                    buffer.appendShort(UnsafeBufferPointer(rebasing: all[offset..<(offset + length)]))
                    buffer.appendShort(UnsafeBufferPointer(rebasing: all[offset..<(offset + length)]))
                }
                let expected = [0xAA] + Array(source[offset..<(offset + length)]) + source[offset..<(offset + length)]
                #expect(Array(buffer.bytes) == expected, "offset \(offset), length \(length)")
            }
        }
    }
}
