/// The sheet list of `content.xml`: each top-level `table:table` in order with its name, hidden
/// when its automatic style says `table:display="false"` (or the table itself does). Every other
/// element is passed over at the cost of one byte compare.
final class OdsTableListHandler: XMLEventHandler {
    var failure: ReadError? { nil }
    var hasFailed: Bool { false }

    private let file: String
    private let part: String
    private(set) var sheets: [SheetInfo] = []
    /// The root element is `office:document` (a flat file), and its `office:mimetype`.
    private(set) var rootIsDocument = false
    private(set) var documentMimetype: String?
    private var sawRoot = false
    /// Table styles whose table-properties say `display="false"`.
    private var hiddenStyles = Set<String>()
    private var styleName: String?
    private var tableDepth = 0

    init(file: String, part: String) {
        self.file = file
        self.part = part
    }

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        if !sawRoot {
            sawRoot = true
            rootIsDocument = name.is("document")
            if rootIsDocument { documentMimetype = attributes.value("mimetype") }
        }
        let first = name.pointer[0]
        if first == UInt8(ascii: "t") {
            if name.is("table") {
                tableDepth += 1
                guard tableDepth == 1 else { return }
                let index = sheets.count
                let tableName = attributes.value("name") ?? "Table\(index + 1)"
                var hidden = attributes.rawValue("display").map { $0.elementsEqual("false".utf8) } ?? false
                if let style = attributes.value("style-name"), hiddenStyles.contains(style) { hidden = true }
                sheets.append(
                    SheetInfo(
                        name: tableName, index: index, visibility: hidden ? .hidden : .visible, kind: .worksheet,
                        part: part))
            } else if name.is("table-properties"), let styleName,
                attributes.rawValue("display").map({ $0.elementsEqual("false".utf8) }) == true
            {
                hiddenStyles.insert(styleName)
            }
        } else if first == UInt8(ascii: "s"), tableDepth == 0, name.is("style") {
            let family = attributes.rawValue("family")
            styleName = family.map { $0.elementsEqual("table".utf8) } == true ? attributes.value("name") : nil
        }
    }

    func endElement(_ name: XMLName) {
        let first = name.pointer[0]
        if first == UInt8(ascii: "t"), name.is("table") {
            tableDepth -= 1
        } else if first == UInt8(ascii: "s"), name.is("style") {
            styleName = nil
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}
