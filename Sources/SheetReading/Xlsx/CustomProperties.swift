/// Reads `docProps/custom.xml` (File › Properties › Custom): name → text of each property, with
/// the hardened parser and the package's limits like every other part. sheetpipe's templates
/// stamp their schema's name and version there.
final class CustomPropertiesHandler: XMLEventHandler {
    /// A workbook has a handful; more is not a workbook sheetpipe made, and is not kept.
    static let maxProperties = 1000
    /// Excel's limit for a property's text.
    static let maxValueBytes = 255 * 4

    private(set) var properties: [String: String] = [:]
    private var current: String?
    private var value: [UInt8] = []
    var failure: ReadError? { nil }
    var hasFailed: Bool { false }

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        guard name.is("property") else { return }
        current = attributes.value("name")
        value.removeAll(keepingCapacity: true)
    }

    func endElement(_ name: XMLName) {
        guard name.is("property"), let property = current else { return }
        current = nil
        if properties.count < CustomPropertiesHandler.maxProperties,
            value.count <= CustomPropertiesHandler.maxValueBytes
        {
            properties[property] = String(decoding: value, as: UTF8.self)
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard current != nil, value.count <= CustomPropertiesHandler.maxValueBytes else { return }
        value.append(contentsOf: text)
    }
}

extension XlsxWorkbook {
    /// The custom properties part: named by the package relationship, else at its usual place.
    func customProperties() throws(ReadError) -> [String: String] {
        var part: String?
        for relationship in try archive.relationships(of: "") where relationship.isType("custom-properties") {
            if let target = relationship.targetPart, archive.contains(target) {
                part = archive.resolve(target)
                break
            }
        }
        if part == nil, archive.contains("docProps/custom.xml") { part = archive.resolve("docProps/custom.xml") }
        guard let part else { return [:] }
        let handler = CustomPropertiesHandler()
        try archive.parse(part, with: handler)
        return handler.properties
    }
}
