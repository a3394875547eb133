import SheetOutput

/// A small JSON document whose members keep the order they are given in, and whose layout is
/// chosen per object or array (one per line, or on one line), so that the run's documents
/// (`datapackage.json`, `manifest.json`) keep their bytes. Numbers are given as their text.
indirect enum OrderedJSON {
    /// One member or element per line, two spaces deeper than the enclosing line; `inline`:
    /// `{"a": 1, "b": 2}` on one line.
    enum Layout {
        case block
        case inline
        /// One per line at this indent, the closing brace at the enclosing one (the manifest's
        /// `totals`, laid out so since its first version).
        case blockAtIndent(Int)
    }

    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([OrderedJSON], Layout)
    case object([(String, OrderedJSON)], Layout)

    static func string(_ text: String?) -> OrderedJSON { text.map { .string($0) } ?? .null }
    static func number(_ value: Int) -> OrderedJSON { .number(String(value)) }
    static func number(_ value: Int?) -> OrderedJSON { value.map { .number(String($0)) } ?? .null }

    /// The document's text, ending with a line break.
    func text() -> String {
        var out = ""
        write(to: &out, indent: 0)
        out += "\n"
        return out
    }

    private func write(to out: inout String, indent: Int) {
        switch self {
        case .string(let text): out += JsonText.quoted(text)
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .array(let elements, let layout):
            Self.writeList(elements.map { (nil, $0) }, open: "[", close: "]", layout: layout, indent: indent, to: &out)
        case .object(let members, let layout):
            Self.writeList(
                members.map { ($0.0, $0.1) }, open: "{", close: "}", layout: layout, indent: indent, to: &out)
        }
    }

    private static func writeList(
        _ items: [(String?, OrderedJSON)], open: String, close: String, layout: Layout, indent: Int,
        to out: inout String
    ) {
        out += open
        let inner: Int
        switch layout {
        case .inline:
            for (position, (name, value)) in items.enumerated() {
                if position > 0 { out += ", " }
                if let name { out += JsonText.quoted(name) + ": " }
                value.write(to: &out, indent: indent)
            }
            out += close
            return
        case .block: inner = indent + 2
        case .blockAtIndent(let given): inner = given
        }
        let padding = String(repeating: " ", count: inner)
        for (position, (name, value)) in items.enumerated() {
            out += position == 0 ? "\n" : ",\n"
            out += padding
            if let name { out += JsonText.quoted(name) + ": " }
            value.write(to: &out, indent: inner)
        }
        out += "\n" + String(repeating: " ", count: indent) + close
    }
}
