package import SheetReading

/// JSON strings written from bytes: `"` `\` and control characters escaped, UTF-8 passed through.
public enum JsonText {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A byte of the text has to be escaped (most texts have none: they are copied in one go).
    @inline(__always)
    static func needsEscapes(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0x7F }
    }

    @inline(__always)
    public static func appendString(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most texts need no escape: copied in one go.
        if !needsEscapes(text) {
            output.append(contentsOf: text)
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): output.append(contentsOf: [92, 92])
            case 0x0A: output.append(contentsOf: [92, 110])
            case 0x0D: output.append(contentsOf: [92, 114])
            case 0x09: output.append(contentsOf: [92, 116])
            case 0..<0x20, 0x7F:
                output.append(contentsOf: [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The same at the end of a byte buffer.
    @inline(__always)
    package static func appendString(_ text: UnsafeBufferPointer<UInt8>, to output: ByteBuffer) {
        if !needsEscapes(text) {
            let p = output.reserve(text.count + 2)
            p[0] = UInt8(ascii: "\"")
            if let base = text.baseAddress, text.count > 0 { (p + 1).update(from: base, count: text.count) }
            p[text.count + 1] = UInt8(ascii: "\"")
            output.advance(text.count + 2)
            return
        }
        // (Escapes are rare: made through an array.)
        var escaped: [UInt8] = []
        appendString(text, to: &escaped)
        escaped.withUnsafeBufferPointer { output.append($0) }
    }

    public static func appendString(_ text: String, to output: inout [UInt8]) {
        text.withUTF8Bytes { appendString($0, to: &output) }
    }

    /// A JSON string literal as a Swift `String` (for small documents built by hand).
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
