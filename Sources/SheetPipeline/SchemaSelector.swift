import Foundation

/// How a schema is chosen — `schemas:` and `inputs[].schema` in a definition, `--schema` on the
/// command line — and the schema name it stands for. This file owns the mapping between
/// selectors, schema names and datasets.
public enum SchemaSelector: Sendable, Equatable {
    /// Every schema of the pipelines folder; each file is read with the one whose header matches best.
    case auto
    /// A schema of the pipelines folder by name (`project-sheet` → `schemas/project-sheet.json`).
    case name(String)
    /// A Table Schema file (a path ending in `.json` or containing `/`), named by its base name.
    case file(String)

    public init(_ text: String) {
        if text == "auto" {
            self = .auto
        } else if text.hasSuffix(".json") || text.contains("/") {
            self = .file(text)
        } else {
            self = .name(text)
        }
    }

    /// The name of the schema selected (`schemas/x.json` → `x`); nil for `auto`.
    public var schemaName: String? {
        switch self {
        case .auto: return nil
        case .name(let name): return name
        case .file(let path): return Self.name(ofFile: path)
        }
    }

    /// A schema file's name: its base name (`schemas/x.json` → `x`).
    public static func name(ofFile path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }
}

extension PipelineDefinition {
    /// A selector as the definition gives it, its file (if any) resolved against the definition's folder.
    func resolvedSchemaSelector(_ text: String) -> String {
        if case .file(let path) = SchemaSelector(text) { return resolve(path) }
        return text
    }

    /// The names of the schemas the definition lists (files by their base name; `auto` names none).
    var schemaNames: [String] { schemas.compactMap { SchemaSelector($0).schemaName } }

    /// The schema behind a dataset name (or a schema name used as one).
    func schemaName(ofDataset name: String) -> String? {
        datasets.first { $0.name == name }?.schema ?? name
    }

    /// The dataset collecting a schema (one per schema; declared or implied).
    public func dataset(forSchema schema: String) -> Dataset {
        datasets.first { $0.schema == schema } ?? Dataset(schema: schema, name: schema, nearDuplicates: nil)
    }
}
