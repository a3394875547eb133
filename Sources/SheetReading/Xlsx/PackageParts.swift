/// The small XML parts of an OPC package that say where everything else is:
/// `[Content_Types].xml` and the relationship parts (`_rels/.rels`, `xl/_rels/workbook.xml.rels`).

/// Collects elements with their attributes from a small part (a few KB): simple and good enough
/// for parts that are not streamed row by row.
final class ElementCollector: XMLEventHandler {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// `r:id` and friends: attributes in the relationships namespace, by local name.
        var relationshipAttributes: [String: String]
    }

    private let wanted: Set<String>
    private(set) var elements: [Element] = []
    var failure: ReadError? { nil }
    var hasFailed: Bool { false }

    init(wanted: Set<String>) {
        self.wanted = wanted
    }

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        let local = name.string
        guard wanted.contains(local) else { return }
        var plain: [String: String] = [:]
        var relationship: [String: String] = [:]
        if let base = attributes.base {
            for i in 0..<attributes.count {
                let slot = base + i * 5
                guard let attributeName = slot[0], let start = slot[3], let end = slot[4] else { continue }
                let key = String(cString: attributeName)
                let value = XMLAttributes.decode(UnsafeBufferPointer(start: start, count: end - start))
                if let uri = slot[2], String(cString: uri).contains("relationships") {
                    relationship[key] = value
                } else {
                    plain[key] = value
                }
            }
        }
        elements.append(Element(name: local, attributes: plain, relationshipAttributes: relationship))
    }

    func endElement(_ name: XMLName) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}

extension ZipArchive {
    func collect(_ part: String, elements: Set<String>) throws(ReadError) -> [ElementCollector.Element] {
        let collector = ElementCollector(wanted: elements)
        let parser = try XMLStreamParser(handler: collector, file: file, part: part)
        try stream(part, overlapInflate: false) { chunk throws(ReadError) in try parser.feed(chunk) }
        try parser.finish()
        return collector.elements
    }
}

struct Relationship {
    var id: String
    var type: String
    /// The part the target points to, resolved against the source part; nil for external targets.
    var targetPart: String?

    /// Transitional and strict-ISO relationship types end the same way (`…/worksheet`).
    func isType(_ suffix: String) -> Bool { type.hasSuffix("/" + suffix) }
}

enum PartNames {
    /// `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; the package itself → `_rels/.rels`.
    static func relationshipsPart(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "_rels/\(part).rels" }
        let folder = part[..<slash]
        let name = part[part.index(after: slash)...]
        return "\(folder)/_rels/\(name).rels"
    }

    /// Resolves a relationship target: absolute (`/xl/…`) from the package root, relative from the
    /// source part's folder; `.` and `..` segments folded. nil if it climbs out of the package.
    static func resolve(target: String, from sourcePart: String) -> String? {
        var segments: [Substring] = []
        let path: Substring
        if target.hasPrefix("/") {
            path = target.dropFirst()
        } else {
            if let slash = sourcePart.lastIndex(of: "/") {
                segments = sourcePart[..<slash].split(separator: "/")
            }
            path = Substring(target)
        }
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if segments.isEmpty { return nil }
                segments.removeLast()
                continue
            }
            segments.append(segment)
        }
        return segments.isEmpty ? nil : segments.joined(separator: "/")
    }

    /// `%20` and friends in a target URI.
    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.first {
            utf8 = utf8.dropFirst()
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension ZipArchive {
    /// The relationships of a part (empty when it has no relationship part).
    func relationships(of sourcePart: String) throws(ReadError) -> [Relationship] {
        let relsPart = sourcePart.isEmpty ? "_rels/.rels" : PartNames.relationshipsPart(of: sourcePart)
        guard contains(relsPart) else { return [] }
        return try collect(relsPart, elements: ["Relationship"]).compactMap { element in
            guard let id = element.attributes["Id"], let type = element.attributes["Type"],
                let target = element.attributes["Target"]
            else { return nil }
            if element.attributes["TargetMode"] == "External" {
                return Relationship(id: id, type: type, targetPart: nil)
            }
            var resolved = PartNames.resolve(target: target, from: sourcePart)
            if let candidate = resolved, !contains(candidate) {
                let decoded = PartNames.resolve(target: PartNames.percentDecoded(target), from: sourcePart)
                if let decoded, contains(decoded) { resolved = decoded }
            }
            return Relationship(id: id, type: type, targetPart: resolved.flatMap { resolve($0) } ?? resolved)
        }
    }

    /// `[Content_Types].xml`: part name → content type (overrides only; defaults by extension).
    func contentTypes() throws(ReadError) -> (overrides: [String: String], defaults: [String: String]) {
        guard contains("[Content_Types].xml") else { return ([:], [:]) }
        var overrides: [String: String] = [:]
        var defaults: [String: String] = [:]
        for element in try collect("[Content_Types].xml", elements: ["Override", "Default"]) {
            if element.name == "Override", let name = element.attributes["PartName"],
                let type = element.attributes["ContentType"]
            {
                overrides[String(name.drop(while: { $0 == "/" })).lowercased()] = type
            } else if let ext = element.attributes["Extension"], let type = element.attributes["ContentType"] {
                defaults[ext.lowercased()] = type
            }
        }
        return (overrides, defaults)
    }
}
