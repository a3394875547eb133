import Foundation
import SheetReading
import SheetTestSupport
import Testing

/// `docProps/custom.xml`: where templates stamp their schema, read with the hardened parser.
@Suite struct CustomPropertiesTests {
    /// A one-sheet workbook with this custom properties part, named by the package relationship or not.
    func rebuild(path: String, custom: String, related: Bool) throws -> String {
        let relationships =
            related
            ? "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties\" Target=\"docProps/custom.xml\"/>"
            : ""
        let package = try ZipPackageWriter(path: path)
        try package.add(
            "[Content_Types].xml",
            text:
                "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>"
        )
        try package.add(
            "_rels/.rels",
            text:
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\(relationships)</Relationships>"
        )
        try package.add(
            "xl/workbook.xml",
            text:
                "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
        )
        try package.add(
            "xl/_rels/workbook.xml.rels",
            text:
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
        )
        try package.add(
            "xl/worksheets/sheet1.xml",
            text:
                "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData/></worksheet>"
        )
        try package.add("docProps/custom.xml", text: custom)
        try package.close()
        return path
    }

    static func part(_ properties: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\(properties)</Properties>"
    }

    static let stamp = part(
        "<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"2\" name=\"sheetpipe_schema\"><vt:lpwstr>R&amp;D</vt:lpwstr></property><property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"3\" name=\"n\"><vt:i4>12</vt:i4></property>"
    )

    @Test(arguments: [true, false])
    func propertiesAreReadWithOrWithoutTheRelationship(_ related: Bool) throws {
        let directory = try TestFiles.folder("sheetpipe-custom")
        let path = try rebuild(
            path: directory.appendingPathComponent("w.xlsx").path, custom: Self.stamp, related: related)
        #expect(try SpreadsheetFile.open(path).customProperties() == ["sheetpipe_schema": "R&D", "n": "12"])
    }

    @Test func aDoctypeInTheCustomPartIsRefused() throws {
        let directory = try TestFiles.folder("sheetpipe-custom")
        let hostile = Self.stamp.replacingAll(
            "<Properties", "<!DOCTYPE Properties [<!ENTITY x \"boom\">]><Properties")
        let path = try rebuild(path: directory.appendingPathComponent("w.xlsx").path, custom: hostile, related: true)
        #expect(throws: ReadError.self) { try SpreadsheetFile.open(path).customProperties() }
    }

    @Test func aWorkbookWithoutThePartHasNone() throws {
        let directory = try TestFiles.folder("sheetpipe-custom")
        let path = directory.appendingPathComponent("w.xlsx").path
        try TestWorkbook.write(cells: [("A1", "x")], to: path)
        #expect(try SpreadsheetFile.open(path).customProperties().isEmpty)
    }
}
