import Testing

@testable import SheetReading

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
