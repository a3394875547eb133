/// The smallest valid one-sheet package around given parts: the worksheet, and optionally the
/// shared strings and the styles. Tests build their workbooks with it, and the fuzz targets put
/// arbitrary bytes in one part of an otherwise valid package.
package enum MinimalWorkbook {
    package static func write(sheetXML: [UInt8], sharedStrings: [UInt8]? = nil, styles: [UInt8]? = nil, to path: String)
        throws
    {
        let package = try ZipPackageWriter(path: path)
        let main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        try package.add(
            "[Content_Types].xml",
            text:
                "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"\(main).sheet.main+xml\"/><Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(main).sharedStrings+xml\"/><Override PartName=\"/xl/styles.xml\" ContentType=\"\(main).styles+xml\"/></Types>"
        )
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        try package.add(
            "_rels/.rels",
            text:
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(relationships)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
        )
        try package.add(
            "xl/workbook.xml",
            text:
                "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"\(relationships)\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
        )
        try package.add(
            "xl/_rels/workbook.xml.rels",
            text:
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + (sharedStrings == nil
                    ? ""
                    : "<Relationship Id=\"rId2\" Type=\"\(relationships)/sharedStrings\" Target=\"sharedStrings.xml\"/>")
                + (styles == nil
                    ? "" : "<Relationship Id=\"rId3\" Type=\"\(relationships)/styles\" Target=\"styles.xml\"/>")
                + "</Relationships>"
        )
        try package.add("xl/worksheets/sheet1.xml", bytes: sheetXML)
        if let sharedStrings { try package.add("xl/sharedStrings.xml", bytes: sharedStrings) }
        if let styles { try package.add("xl/styles.xml", bytes: styles) }
        try package.close()
    }
}
