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
    /// An array whose elements a producer hands over one by one (`element { out in … }`), each
    /// written as compact JSON on its own line: a log's issues, read back from disk, pass
    /// through without ever being held together (see `write(style:to:)`).
    case streamedElements(@Sendable (_ element: (_ write: (inout [UInt8]) -> Void) throws -> Void) throws -> Void)

    public static func string(_ text: String?) -> OrderedJSON { text.map { .string($0) } ?? .null }
    public static func number(_ value: Int) -> OrderedJSON { .number(String(value)) }
    public static func number(_ value: Int?) -> OrderedJSON { value.map { .number(String($0)) } ?? .null }

    /// The document's text, ending with a line break.
    public func text(style: Style = .run) throws -> String {
        String(decoding: try bytes(style: style), as: UTF8.self)
    }

    /// The document's bytes, ending with a line break.
    public func bytes(style: Style = .run) throws -> [UInt8] {
        var out: [UInt8] = []
        try write(to: &out, indent: 0, style: style) { _ in }
        out.append(0x0A)
        return out
    }

    /// The document's bytes, ending with a line break, handed to `drain` a megabyte or so at a
    /// time (a log of millions of issues is never held whole).
    public func write(style: Style = .run, to drain: ([UInt8]) throws -> Void) throws {
        var out: [UInt8] = []
        out.reserveCapacity(Self.drainSize + 4096)
        try write(to: &out, indent: 0, style: style) { out in
            guard out.count >= Self.drainSize else { return }
            try drain(out)
            out.removeAll(keepingCapacity: true)
        }
        out.append(0x0A)
        try drain(out)
    }

    private static let drainSize = 1 << 20

    private func write(
        to out: inout [UInt8], indent: Int, style: Style, flush: (inout [UInt8]) throws -> Void
    ) throws {
        switch self {
        case .string(let text): JsonText.appendString(text, to: &out)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let elements, let layout):
            try Self.writeList(
                count: elements.count, open: "[", close: "]", layout: layout, indent: indent, to: &out
            ) { position, inner, out in
                try elements[position].write(to: &out, indent: inner, style: style, flush: flush)
            }
        case .object(let members, let layout):
            try Self.writeList(
                count: members.count, open: "{", close: "}", layout: layout, indent: indent, to: &out
            ) { position, inner, out in
                JsonText.appendString(members[position].0, to: &out)
                out.append(contentsOf: style.nameSeparator)
                try members[position].1.write(to: &out, indent: inner, style: style, flush: flush)
            }
        case .streamedElements(let produce):
            // As a block array: one element per line, two spaces deeper.
            out.append(UInt8(ascii: "["))
            var written = 0
            try produce { write in
                out.append(contentsOf: (written == 0 ? "\n" : ",\n").utf8)
                out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent + 2))
                write(&out)
                written += 1
                try flush(&out)
            }
            if written > 0 {
                out.append(0x0A)
                out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
            }
            out.append(UInt8(ascii: "]"))
        }
        try flush(&out)
    }

    /// `count` items between `open` and `close`; `item(position, indent of its line, &out)`.
    private static func writeList(
        count: Int, open: Unicode.Scalar, close: Unicode.Scalar, layout: Layout, indent: Int, to out: inout [UInt8],
        item: (Int, Int, inout [UInt8]) throws -> Void
    ) rethrows {
        out.append(UInt8(ascii: open))
        defer { out.append(UInt8(ascii: close)) }
        guard count > 0 else { return }
        let inner: Int
        switch layout {
        case .inline:
            for position in 0..<count {
                if position > 0 { out.append(contentsOf: ", ".utf8) }
                try item(position, indent, &out)
            }
            return
        case .block: inner = indent + 2
        case .blockAtIndent(let given): inner = given
        }
        for position in 0..<count {
            out.append(contentsOf: (position == 0 ? "\n" : ",\n").utf8)
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: inner))
            try item(position, inner, &out)
        }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }
}
