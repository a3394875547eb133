import Yams

/// What a pipeline definition may be before its YAML is composed, and after: a definition is a
/// few kilobytes written by a person, so anything that could make the YAML library work for
/// seconds or minutes is refused first, in one pass over the text, naming the line.
///
/// - over `maxBytes`;
/// - nested deeper than `maxDepth` (indentation, `- ` items and flow brackets together): the
///   composer recurses once per level;
/// - an alias (`*name`), a collection (`[…]`, `{…}`) or an explicit `? ` key used as a mapping
///   key: the composer hashes each key once expanded, so a few aliased keys cost exponential
///   time;
/// - after composing, more than `maxNodes` values once aliases are expanded (a "billion laughs"
///   of aliased lists): the walk stops at the bound, so this check is quick too.
enum DefinitionTextLimits {
    static let maxBytes = 1 << 20
    static let maxDepth = 64
    /// More values than a 1 MiB text can hold without aliases (each needs two bytes or more).
    static let maxNodes = 600_000

    /// The text's first problem, or nil.
    static func check(_ text: String, file: String) -> DefinitionError? {
        if let problem = checkSize(text.utf8.count, file: file) { return problem }
        var scan = Scan()
        var copy = text
        return copy.withUTF8 { scan.run($0) }
            .map { DefinitionError(file: file, line: $0.line, key: "", reason: $0.reason) }
    }

    /// A definition of `size` bytes is over `maxBytes` (the loader asks before reading the file).
    static func checkSize(_ size: Int, file: String) -> DefinitionError? {
        guard size > maxBytes else { return nil }
        return DefinitionError(
            file: file, line: nil, key: "",
            reason: "the definition is \(size) bytes; a definition is at most 1 MiB (1,048,576 bytes)")
    }

    /// The composed tree has more than `maxNodes` values once aliases are expanded.
    static func checkExpansion(_ root: Node, file: String) -> DefinitionError? {
        var budget = maxNodes
        func visit(_ node: Node) -> Bool {
            budget -= 1
            if budget < 0 { return false }
            switch node {
            case .scalar, .alias: return true
            case .sequence(let sequence): return sequence.allSatisfy(visit)
            case .mapping(let mapping): return mapping.allSatisfy { visit($0.key) && visit($0.value) }
            }
        }
        if visit(root) { return nil }
        return DefinitionError(
            file: file, line: nil, key: "",
            reason:
                "the definition expands to more than \(maxNodes) values through its aliases (*name); write the values out"
        )
    }

    struct Problem {
        var line: Int
        var reason: String
    }

    /// One pass over the bytes: quotes, comments and block scalars are skipped; indentation,
    /// `- ` items and flow brackets give the depth; anchors, aliases and keys are looked at.
    private struct Scan {
        var line = 1
        var flowDepth = 0
        /// Indentations of the open block levels.
        var indents: [Int] = []
        /// Inside a block scalar (`|`, `>`): its lines are those indented more than this.
        var blockScalarParent: Int?
        var quote: UInt8?

        mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
            var position = 0
            let end = bytes.count
            while position < end {
                let lineEnd = bytes[position..<end].firstIndex(of: 0x0A) ?? end
                if let problem = scanLine(bytes, from: position, to: lineEnd) { return problem }
                position = lineEnd + 1
                line += 1
            }
            return nil
        }

        private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        private static func isFlowIndicator(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
                || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
        }

        private mutating func scanLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Problem? {
            var index = start
            while index < end && bytes[index] == 0x20 { index += 1 }
            let indent = index - start
            let blank = index == end || Self.isSpace(bytes[index]) && bytes[index..<end].allSatisfy(Self.isSpace)
            if let parent = blockScalarParent {
                if blank || indent > parent { return nil }
                blockScalarParent = nil
            }
            if quote == nil && flowDepth == 0 {
                if blank || bytes[index] == UInt8(ascii: "#") { return nil }
                while let last = indents.last, last > indent { indents.removeLast() }
                if indents.last != indent { indents.append(indent) }
            }
            var depth = indents.count + flowDepth
            var atTokenStart = true
            while index < end {
                let byte = bytes[index]
                if let open = quote {
                    if open == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") {
                        index += 2
                        continue
                    }
                    if byte == open {
                        if open == UInt8(ascii: "'") && index + 1 < end && bytes[index + 1] == open {
                            index += 2
                            continue
                        }
                        quote = nil
                    }
                    index += 1
                    continue
                }
                if Self.isSpace(byte) {
                    atTokenStart = true
                    index += 1
                    continue
                }
                let tokenStart = atTokenStart
                atTokenStart = false
                switch byte {
                case UInt8(ascii: "#") where tokenStart:
                    return nil
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    if tokenStart || flowDepth > 0 { quote = byte }
                case UInt8(ascii: "-")
                where tokenStart && flowDepth == 0 && (index + 1 == end || Self.isSpace(bytes[index + 1])):
                    depth += 1
                    atTokenStart = true
                case UInt8(ascii: "?") where tokenStart && (index + 1 == end || Self.isSpace(bytes[index + 1])):
                    return Problem(line: line, reason: "an explicit key (`? `): a definition's keys are plain names")
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    if tokenStart || flowDepth > 0 {
                        flowDepth += 1
                        depth += 1
                        atTokenStart = true
                    }
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if flowDepth > 0 {
                        flowDepth -= 1
                        if let problem = keyAfter(bytes, index + 1, end, what: "a list or mapping") { return problem }
                    }
                case UInt8(ascii: ","):
                    if flowDepth > 0 { atTokenStart = true }
                case UInt8(ascii: "*") where tokenStart || flowDepth > 0:
                    var nameEnd = index + 1
                    while nameEnd < end && !Self.isSpace(bytes[nameEnd]) && !Self.isFlowIndicator(bytes[nameEnd]) {
                        nameEnd += 1
                    }
                    // A colon ending the name is the key's colon (`*a: 1`).
                    var afterName = nameEnd
                    if afterName > index + 1 && bytes[afterName - 1] == UInt8(ascii: ":") { afterName -= 1 }
                    let name = String(decoding: bytes[index..<afterName], as: UTF8.self)
                    if afterName < nameEnd {
                        return Problem(
                            line: line, reason: "an alias (\(name)) used as a key: a definition's keys are plain names")
                    }
                    if let problem = keyAfter(bytes, nameEnd, end, what: "an alias (\(name))") { return problem }
                    index = nameEnd
                    continue
                case UInt8(ascii: "|"),
                    UInt8(ascii: ">") where tokenStart && flowDepth == 0:
                    // A block scalar when only indicators (and a comment) follow on the line.
                    var rest = index + 1
                    while rest < end
                        && (bytes[rest] == UInt8(ascii: "-") || bytes[rest] == UInt8(ascii: "+")
                            || (bytes[rest] >= UInt8(ascii: "0") && bytes[rest] <= UInt8(ascii: "9")))
                    {
                        rest += 1
                    }
                    while rest < end && Self.isSpace(bytes[rest]) { rest += 1 }
                    if rest == end || bytes[rest] == UInt8(ascii: "#") {
                        blockScalarParent = indent
                        return depth > maxDepth ? deep() : nil
                    }
                default:
                    break
                }
                if depth > maxDepth { return deep() }
                index += 1
            }
            return depth > maxDepth ? deep() : nil
        }

        private func deep() -> Problem {
            Problem(line: line, reason: "nested more than \(maxDepth) levels deep: a definition needs a few")
        }

        /// `what` ends at `index`: refused when a key's colon follows it (`*a : 1`, `[a]: 1`).
        private func keyAfter(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int, what: String) -> Problem? {
            var next = index
            while next < end && Self.isSpace(bytes[next]) { next += 1 }
            guard next < end, bytes[next] == UInt8(ascii: ":") else { return nil }
            let after = next + 1
            guard after == end || Self.isSpace(bytes[after]) || Self.isFlowIndicator(bytes[after]) else { return nil }
            return Problem(line: line, reason: "\(what) used as a key: a definition's keys are plain names")
        }
    }
}
