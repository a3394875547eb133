import Yams

/// Names that become output file names: each once (compared case-insensitively, as file systems
/// may), and none of the names sheetpipe writes itself.
struct NameRegister {
    let reader: DefinitionReader
    let what: String
    var seen: [String: String] = [:]

    mutating func register(_ name: String, _ node: Node, _ key: String) throws {
        if OutputNames.isReserved(name) {
            throw reader.fail(
                node, key,
                "'\(name)' is a name sheetpipe gives its own outputs (\(OutputNames.reserved.joined(separator: ", "))): choose another"
            )
        }
        if let earlier = seen[name.lowercased()] {
            throw reader.fail(
                node, key,
                "the \(what) name '\(name)' is given twice (\(earlier)): each names its own output files")
        }
        seen[name.lowercased()] = "\(key) on line \(node.mark?.line ?? 0)"
    }
}
