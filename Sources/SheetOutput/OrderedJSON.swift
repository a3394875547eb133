/// The one writer of sheetpipe's JSON documents (`datapackage.json`, `manifest.json`, the
/// validation log): members keep the order they are given in, and the layout is chosen per
/// object or array (one per line, or on one line), so that each document keeps its bytes.
/// Numbers are given as their text; long lists of pre-rendered elements (a log's issues) are
/// written in place, never held as values.
public indirect enum OrderedJSON: Sendable {
    /// One member or element per line, two spaces deeper than the enclosing line; `inline`:
    /// `{"a": 1, "b": 2}` on one line. An empty object or array is `{}` or `[]` in any layout.
    public enum Layout: Sendable {
        case block
        case inline
        /// One per line at this indent, the closing brace at the enclosing one (the manifest's
        /// `totals`, laid out so since its first version).
        case blockAtIndent(Int)
    }

    /// How a document separates a member's name from its value: the run's documents write
    /// `"name": value`, the validation log `"name" : value` (as its first version did).
    public struct Style: Sendable {
        let nameSeparator: [UInt8]
        public static let run = Style(nameSeparator: Array(": ".utf8))
        public static let validationLog = Style(nameSeparator: Array(" : ".utf8))
    }

    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([OrderedJSON], Layout)
    case object([(String, OrderedJSON)], Layout)
    /// An array of `count` elements, one per line, each written by `write(index, &output)` as
    /// compact JSON.
    case renderedElements(count: Int, write: @Sendable (Int, inout [UInt8]) -> Void)

    public static func string(_ text: String?) -> OrderedJSON { text.map { .string($0) } ?? .null }
    public static func number(_ value: Int) -> OrderedJSON { .number(String(value)) }
    public static func number(_ value: Int?) -> OrderedJSON { value.map { .number(String($0)) } ?? .null }

    /// The document's text, ending with a line break.
    public func text(style: Style = .run) -> String {
        String(decoding: bytes(style: style), as: UTF8.self)
    }

    /// The document's bytes, ending with a line break; `capacity` reserves room for large ones.
    public func bytes(style: Style = .run, capacity: Int = 0) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        write(to: &out, indent: 0, style: style)
        out.append(0x0A)
        return out
    }

    private func write(to out: inout [UInt8], indent: Int, style: Style) {
        switch self {
        case .string(let text): JsonText.appendString(text, to: &out)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let elements, let layout):
            Self.writeList(
                count: elements.count, open: "[", close: "]", layout: layout, indent: indent, to: &out
            ) { position, inner, out in
                elements[position].write(to: &out, indent: inner, style: style)
            }
        case .object(let members, let layout):
            Self.writeList(
                count: members.count, open: "{", close: "}", layout: layout, indent: indent, to: &out
            ) { position, inner, out in
                JsonText.appendString(members[position].0, to: &out)
                out.append(contentsOf: style.nameSeparator)
                members[position].1.write(to: &out, indent: inner, style: style)
            }
        case .renderedElements(let count, let write):
            Self.writeList(count: count, open: "[", close: "]", layout: .block, indent: indent, to: &out) {
                position, _, out in write(position, &out)
            }
        }
    }

    /// `count` items between `open` and `close`; `item(position, indent of its line, &out)`.
    private static func writeList(
        count: Int, open: Unicode.Scalar, close: Unicode.Scalar, layout: Layout, indent: Int, to out: inout [UInt8],
        item: (Int, Int, inout [UInt8]) -> Void
    ) {
        out.append(UInt8(ascii: open))
        defer { out.append(UInt8(ascii: close)) }
        guard count > 0 else { return }
        let inner: Int
        switch layout {
        case .inline:
            for position in 0..<count {
                if position > 0 { out.append(contentsOf: ", ".utf8) }
                item(position, indent, &out)
            }
            return
        case .block: inner = indent + 2
        case .blockAtIndent(let given): inner = given
        }
        for position in 0..<count {
            out.append(contentsOf: (position == 0 ? "\n" : ",\n").utf8)
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: inner))
            item(position, inner, &out)
        }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }
}
