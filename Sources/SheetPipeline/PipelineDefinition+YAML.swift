import Foundation
import Yams

/// Reading a definition from its YAML text; `DefinitionReader` walks the tree.
extension PipelineDefinition {
    public static func load(path: String) throws -> PipelineDefinition {
        // The size first: a definition is never read whole when it is over the limit.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
            let problem = DefinitionTextLimits.checkSize(size, file: path)
        {
            throw problem
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DefinitionError(file: path, line: nil, key: "", reason: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DefinitionError(file: path, line: nil, key: "", reason: "not UTF-8 text")
        }
        let folder = (path as NSString).deletingLastPathComponent
        return try parse(yaml: text, file: path, baseDirectory: folder.isEmpty ? "." : folder)
    }

    public static func parse(
        yaml: String, file: String, baseDirectory: String, currentYear: Int = currentYear
    ) throws -> PipelineDefinition {
        if let problem = DefinitionTextLimits.check(yaml, file: file) { throw problem }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw DefinitionError(
                file: file, line: yamlLine(error), key: "", reason: "not valid YAML: \(yamlProblem(error))")
        }
        guard let root else { throw DefinitionError(file: file, line: nil, key: "", reason: "the definition is empty") }
        if let problem = DefinitionTextLimits.checkExpansion(root, file: file) { throw problem }
        var reader = DefinitionReader(file: file)
        reader.currentYear = currentYear
        var definition = try reader.definition(root, baseDirectory: baseDirectory)
        definition.lines = reader.lines.lines
        return definition
    }

    private static func yamlLine(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        case .duplicatedKeysInMapping(let duplicates, _):
            return "key(s) given twice: \(duplicates.joined(separator: ", "))"
        default: return "\(error)"
        }
    }
}
