internal import CLibXML2

/// An element name as libxml2 hands it over: a NUL-terminated local name (no prefix: namespace
/// prefixes differ between producers and never matter here).
struct XMLName {
    let pointer: UnsafePointer<UInt8>

    /// Compares with an ASCII name without allocating.
    @inline(__always)
    func `is`(_ name: StaticString) -> Bool {
        let expected = name.utf8Start
        var i = 0
        let count = name.utf8CodeUnitCount
        while i < count {
            if pointer[i] != expected[i] { return false }
            i += 1
        }
        return pointer[count] == 0
    }

    var string: String { String(cString: pointer) }
}

/// The attributes of a start tag (libxml2's SAX2 layout: five pointers per attribute).
struct XMLAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    let count: Int

    /// The raw value of the attribute named `name` (any namespace), without copying.
    @inline(__always)
    func rawValue(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let base else { return nil }
        var i = 0
        while i < count {
            let slot = base + i * 5
            if let local = slot[0], XMLName(pointer: local).is(name), let start = slot[3], let end = slot[4] {
                return UnsafeBufferPointer(start: start, count: end - start)
            }
            i += 1
        }
        return nil
    }

    /// The value with the one escape libxml2 leaves in attribute values when entities are not
    /// substituted (`&` arrives as `&#38;`) decoded.
    func value(_ name: StaticString) -> String? {
        guard let raw = rawValue(name) else { return nil }
        return XMLAttributes.decode(raw)
    }

    /// The value of an attribute in a namespace whose URI contains `uriFragment` (e.g. `r:id`).
    func value(_ name: StaticString, namespaceContaining uriFragment: String) -> String? {
        guard let base else { return nil }
        for i in 0..<count {
            let slot = base + i * 5
            guard let local = slot[0], XMLName(pointer: local).is(name), let start = slot[3], let end = slot[4]
            else { continue }
            guard let uri = slot[2], String(cString: uri).contains(uriFragment) else { continue }
            return XMLAttributes.decode(UnsafeBufferPointer(start: start, count: end - start))
        }
        return nil
    }

    /// `xml:space="preserve"`: the element's text keeps its leading and trailing whitespace.
    /// Without it, Excel (and calamine) trim the text of a `<t>` element.
    var preservesSpace: Bool {
        guard let value = rawValue("space") else { return false }
        return value.elementsEqual("preserve".utf8)
    }

    static func decode(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var i = 0
        let marker: [UInt8] = Array("&#38;".utf8)
        while i < raw.count {
            if raw[i] == UInt8(ascii: "&"), i + 5 <= raw.count, Array(raw[i..<i + 5]) == marker {
                bytes.append(UInt8(ascii: "&"))
                i += 5
            } else {
                bytes.append(raw[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// What a streaming XML consumer implements. Calls arrive in document order.
protocol XMLEventHandler: AnyObject {
    func startElement(_ name: XMLName, _ attributes: XMLAttributes)
    func endElement(_ name: XMLName)
    func characters(_ text: UnsafeBufferPointer<UInt8>)
    /// Set by the handler to stop the parse with an error of its own (a bad cell, say).
    var failure: ReadError? { get }
    /// Cheap check of `failure != nil`, asked after every element.
    var hasFailed: Bool { get }
}

/// libxml2's SAX2 push parser, hardened for untrusted input: no entity substitution, no DTD
/// loading, no network, no XInclude, no "huge" mode; any DOCTYPE or entity declaration stops the
/// parse (spreadsheet XML has none); the process-wide external-entity loader refuses everything.
/// Owns its parser context and frees it in `deinit`.
final class XMLStreamParser {
    private let context: xmlParserCtxtPtr
    private let box: HandlerBox
    private let file: String
    private let part: String

    final class HandlerBox {
        let handler: any XMLEventHandler
        var forbiddenDTD = false
        var context: xmlParserCtxtPtr?
        init(handler: any XMLEventHandler) { self.handler = handler }

        /// Stops the parser at once (the handler failed or a DTD appeared).
        func stopIfFailed() {
            if forbiddenDTD || handler.hasFailed, let context { xmlStopParser(context) }
        }
    }

    private static let setUpOnce: Void = {
        xmlInitParser()
        CLibXML2_installRefusingEntityLoader()
    }()

    init(handler: any XMLEventHandler, file: String, part: String) throws(ReadError) {
        _ = XMLStreamParser.setUpOnce
        self.file = file
        self.part = part
        box = HandlerBox(handler: handler)
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { context, localName, _, _, _, _, attributeCount, _, attributes in
            guard let context, let localName else { return }
            Unmanaged<HandlerBox>.fromOpaque(context)._withUnsafeGuaranteedRef { box in
                box.handler.startElement(
                    XMLName(pointer: localName),
                    XMLAttributes(base: attributes, count: Int(attributeCount)))
                box.stopIfFailed()
            }
        }
        sax.endElementNs = { context, localName, _, _ in
            guard let context, let localName else { return }
            Unmanaged<HandlerBox>.fromOpaque(context)._withUnsafeGuaranteedRef { box in
                box.handler.endElement(XMLName(pointer: localName))
                box.stopIfFailed()
            }
        }
        let characters: charactersSAXFunc = { context, text, length in
            guard let context, let text else { return }
            Unmanaged<HandlerBox>.fromOpaque(context)._withUnsafeGuaranteedRef { box in
                box.handler.characters(UnsafeBufferPointer(start: text, count: Int(length)))
            }
        }
        sax.characters = characters
        sax.cdataBlock = characters
        // Spreadsheet XML never has a DTD: refuse one as soon as it starts, before its internal
        // subset (where billion-laughs entities would be declared) is read.
        sax.internalSubset = { context, _, _, _ in
            guard let context else { return }
            XMLStreamParser.refuseDTD(context)
        }
        sax.externalSubset = { context, _, _, _ in
            guard let context else { return }
            XMLStreamParser.refuseDTD(context)
        }
        sax.entityDecl = { context, _, _, _, _, _ in
            guard let context else { return }
            XMLStreamParser.refuseDTD(context)
        }
        // Errors are read back from the context; nothing is printed.
        sax.serror = { _, _ in }
        let userData = Unmanaged.passUnretained(box).toOpaque()
        guard let context = xmlCreatePushParserCtxt(&sax, userData, nil, 0, part) else {
            throw ReadError(.malformedXML, file: file, part: part, reason: "cannot create an XML parser")
        }
        self.context = context
        box.context = context
        // The context keeps the user data pointer; the box lives as long as this parser.
        let forbidden: Int32 =
            Int32(XML_PARSE_NOENT.rawValue) | Int32(XML_PARSE_DTDLOAD.rawValue) | Int32(XML_PARSE_DTDATTR.rawValue)
            | Int32(XML_PARSE_DTDVALID.rawValue) | Int32(XML_PARSE_XINCLUDE.rawValue) | Int32(XML_PARSE_HUGE.rawValue)
        let options =
            Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_NOWARNING.rawValue)
            | Int32(XML_PARSE_NOERROR.rawValue)
        precondition(options & forbidden == 0)
        xmlCtxtUseOptions(context, options)
        context.pointee.replaceEntities = 0
        CLibXML2_silenceGenericErrors(context)
    }

    deinit {
        xmlFreeParserCtxt(context)
    }

    private static func refuseDTD(_ userData: UnsafeMutableRawPointer) {
        let box = Unmanaged<HandlerBox>.fromOpaque(userData).takeUnretainedValue()
        box.forbiddenDTD = true
        box.stopIfFailed()
    }

    /// The line the parser is on (1-based), for messages.
    var line: Int { Int(xmlSAX2GetLineNumber(context)) }

    /// Feeds the next bytes of the document.
    func feed(_ bytes: UnsafeRawBufferPointer) throws(ReadError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        // xmlParseChunk takes an Int32 length.
        while offset < bytes.count {
            let size = min(bytes.count - offset, 64 << 10)
            let status = xmlParseChunk(
                context, base.advanced(by: offset).assumingMemoryBound(to: CChar.self), Int32(size), 0)
            try check(status)
            offset += size
        }
    }

    /// Ends the document: checks that it was complete and well-formed.
    func finish() throws(ReadError) {
        let status = xmlParseChunk(context, nil, 0, 1)
        try check(status)
    }

    private func check(_ status: Int32) throws(ReadError) {
        if box.forbiddenDTD {
            xmlStopParser(context)
            throw ReadError(
                .forbiddenDTD, file: file, part: part, line: line,
                reason:
                    "the XML declares a DOCTYPE or entities, which spreadsheet XML never has; refused (possible XXE or entity-expansion attack)"
            )
        }
        if let failure = box.handler.failure {
            xmlStopParser(context)
            throw failure
        }
        if status != 0 || context.pointee.wellFormed == 0 {
            var message = "the XML is malformed"
            var line = self.line
            if let error = xmlCtxtGetLastError(context) {
                if let text = error.pointee.message {
                    let detail = String(cString: text).split(whereSeparator: { $0 == "\n" || $0 == "\r" })
                        .map { $0.trimmingWhitespace() }.joined(separator: " ")
                    message = "the XML is malformed: " + detail
                }
                if error.pointee.line > 0 { line = Int(error.pointee.line) }
            }
            throw ReadError(.malformedXML, file: file, part: part, line: line, reason: message)
        }
    }
}

extension ZipArchive {
    /// Streams one part through an XML handler (large parts inflated on a thread of their own).
    func parse(_ part: String, with handler: any XMLEventHandler) throws(ReadError) {
        let parser = try XMLStreamParser(handler: handler, file: file, part: part)
        try stream(part) { chunk throws(ReadError) in try parser.feed(chunk) }
        try parser.finish()
    }
}
