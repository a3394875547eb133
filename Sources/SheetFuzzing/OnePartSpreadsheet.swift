import SheetReading

/// A valid OpenDocument package (mimetype stored first, manifest) whose `content.xml` is the
/// fuzzer's bytes.
enum OnePartSpreadsheet {
    static let mimetype = "application/vnd.oasis.opendocument.spreadsheet"
    static let manifest =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
        + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"\(mimetype)\"/>"
        + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>"

    static func write(content: [UInt8], to path: String) throws {
        let writer = try ZipPackageWriter(path: path)
        try writer.add("mimetype", text: mimetype, store: true)
        try writer.add("META-INF/manifest.xml", text: manifest)
        try writer.add("content.xml", bytes: content)
        try writer.close()
    }
}
