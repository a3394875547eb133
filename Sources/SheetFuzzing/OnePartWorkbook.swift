import SheetReading

/// A valid one-sheet package whose worksheet, shared strings or styles are the fuzzer's bytes;
/// the other parts are fixed and refer to each other (strings 0–3, styles 0–3, dates and text).
enum OnePartWorkbook {
    static let sheet = Array(
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\" s=\"1\"><v>1</v></c></row>"
            + "<row r=\"2\"><c r=\"A2\" s=\"2\"><v>45292.5</v></c><c r=\"B2\" t=\"s\" s=\"3\"><v>2</v></c><c r=\"C2\" t=\"s\"><v>3</v></c></row>"
            + "</sheetData></worksheet>").utf8)
    static let sharedStrings = Array(
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4\" uniqueCount=\"4\">"
            + "<si><t>Région</t></si><si><r><t>Intitulé</t></r><r><rPr><b/></rPr><t> du projet</t></r></si>"
            + "<si><t xml:space=\"preserve\"> 1 234,56 </t></si><si><t>_x000D_ligne</t></si></sst>").utf8)
    static let styles = Array(
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\\ hh:mm\"/></numFmts>"
            + "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"49\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/></cellXfs>"
            + "</styleSheet>").utf8)

    static func write(_ target: FuzzTarget, bytes: [UInt8], to path: String) throws {
        try MinimalWorkbook.write(
            sheetXML: target == .sheetXML ? bytes : sheet,
            sharedStrings: target == .sharedStrings ? bytes : sharedStrings,
            styles: target == .styles ? bytes : styles, to: path)
    }
}
