import Foundation
public import SheetSchema

/// Where schemas and reference lists are: `--pipelines`, `$SHEETPIPE_PIPELINES`, `./pipelines`,
/// the copy installed next to the binary (`../share/sheetpipe/pipelines`), else the built-in
/// schemas and reference lists the binary carries (`EmbeddedPipelines`).
public struct PipelineFolder: Sendable {
    public var path: String

    public init(path: String) { self.path = path }

    public static func locate(_ given: String?, executable: String) throws -> PipelineFolder {
        var candidates: [String] = []
        if let given { candidates.append(given) }
        if let environment = ProcessInfo.processInfo.environment["SHEETPIPE_PIPELINES"] {
            candidates.append(environment)
        }
        candidates.append("pipelines")
        let binary = URL(fileURLWithPath: executable).deletingLastPathComponent()
        candidates.append(binary.appendingPathComponent("../share/sheetpipe/pipelines").standardized.path)
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate + "/schemas", isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                return PipelineFolder(path: candidate)
            }
        }
        if given != nil { throw PipelineFolderError(message: "--pipelines: no schemas/ folder in \(given!)") }
        // Last, the copy the binary carries: a copied or installed sheetpipe works from anywhere.
        if let embedded = EmbeddedPipelines.folder { return PipelineFolder(path: embedded) }
        throw PipelineFolderError(
            message:
                "no pipelines folder found, and the built-in one could not be written in TMPDIR (give --pipelines, or run from the project folder)"
        )
    }

    public var schemaNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path + "/schemas")) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// `auto` → every schema of the folder; a name → that one; a path → that file.
    public func schemas(for selector: String) throws -> [NamedSchema] {
        switch SchemaSelector(selector) {
        case .auto:
            let names = schemaNames
            guard !names.isEmpty else {
                throw SchemaError(file: path + "/schemas", property: "(folder)", reason: "no schema found")
            }
            return try names.map { NamedSchema(name: $0, schema: try TableSchema.load(path: schemaFile(named: $0))) }
        case .file(let file):
            return [NamedSchema(name: SchemaSelector.name(ofFile: file), schema: try TableSchema.load(path: file))]
        case .name(let name):
            let file = schemaFile(named: name)
            guard FileManager.default.fileExists(atPath: file) else {
                throw SchemaError(
                    file: name, property: "--schema",
                    reason: "unknown schema name (known: \(schemaNames.joined(separator: ", ")), auto, or a .json file)"
                )
            }
            return [NamedSchema(name: name, schema: try TableSchema.load(path: file))]
        }
    }

    /// The file of a schema of the folder, by name.
    public func schemaFile(named name: String) -> String { path + "/schemas/\(name).json" }
}

public struct PipelineFolderError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
