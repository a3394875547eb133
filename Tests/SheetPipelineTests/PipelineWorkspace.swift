import Foundation
import SheetPipeline
import SheetTestSupport
import Testing

/// A folder with a small schema, input files and a pipeline definition, run in-process.
struct PipelineWorkspace {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folder = PipelineFolder(path: packageRoot.appendingPathComponent("pipelines").path)

    /// Identifier, title, region, owner, amount (French, two decimals), key = identifier.
    static let schema = """
        {"name": "essai", "version": "1.0.0", "locale": "fr", "primaryKey": ["id"],
         "fields": [
          {"name": "id", "type": "string", "constraints": {"required": true}, "labels": ["Identifiant"]},
          {"name": "titre", "type": "string", "labels": ["Titre"]},
          {"name": "region", "type": "string", "kind": "region", "labels": ["Région"]},
          {"name": "porteur", "type": "string", "labels": ["Porteur"]},
          {"name": "montant", "type": "number", "kind": "amount", "labels": ["Montant"]}
         ]}
        """

    let path: String

    init() throws {
        path = try TestFiles.folder("run").path
        try write("essai.json", Self.schema)
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: "\(path)/\(name)"))
    }

    /// A `;` CSV with the schema's French headers.
    func csv(_ name: String, _ rows: [[String]]) throws {
        let lines = [["Identifiant", "Titre", "Région", "Porteur", "Montant"]] + rows
        try write(name, lines.map { $0.joined(separator: ";") }.joined(separator: "\r\n") + "\r\n")
    }

    /// The definition: inputs (path, submitted date or nil), near-duplicates on title and owner by region.
    func definition(_ inputs: [(String, String?)], extra: String = "") -> String {
        var text = "name: essai\nschemas: [essai.json]\ninputs:\n"
        for (file, date) in inputs {
            text += "  - path: \(file)\n"
            if let date { text += "    submitted: \(date)\n" }
        }
        text += """
            datasets:
              - schema: essai
                near_duplicates: {block: region, fields: [titre, porteur], threshold: 0.7}
            summaries:
              - {name: par-region, dataset: essai, group_by: [region], sum: [montant]}
            outputs:
              directory: out
            \(extra)
            """
        return text
    }

    @discardableResult
    func run(_ inputs: [(String, String?)], jobs: Int? = nil, extra: String = "", rowsPerSheet: Int? = nil) throws
        -> RunResult
    {
        try write("pipeline.yml", definition(inputs, extra: extra))
        let definition = try PipelineDefinition.load(path: "\(path)/pipeline.yml")
        var options = RunOptions(jobs: jobs)
        options.workbookRowsPerSheet = rowsPerSheet
        return try PipelineRun.run(definition, folder: Self.folder, options: options)
    }

    func output(_ name: String) throws -> String {
        try String(contentsOfFile: "\(path)/out/\(name)", encoding: .utf8)
    }

    /// Records of an output CSV (header first), split on commas outside quotes.
    func records(_ name: String) throws -> [[String]] {
        try output(name).split(separator: "\r\n", omittingEmptySubsequences: true).map { line in
            var fields: [String] = []
            var field = ""
            var quoted = false
            for character in line {
                if character == "\"" {
                    quoted.toggle()
                } else if character == "," && !quoted {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(character)
                }
            }
            fields.append(field)
            return fields
        }
    }

    /// An output CSV by column name (records after the header).
    func table(_ name: String) throws -> CsvTable {
        CsvTable(text: try output(name))
    }

    func manifest() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(path)/out/manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every file's counts and the totals add up: in = out + rejected + merged + superseded.
    func expectReconciled(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let manifest = try manifest()
        let files = manifest["files"] as? [[String: Any]] ?? []
        var entries = files
        entries.append(manifest["totals"] as? [String: Any] ?? [:])
        for entry in entries {
            let count = { (key: String) in entry[key] as? Int ?? -1 }
            #expect(
                count("rows_in")
                    == count("rows_out") + count("rows_rejected") + count("duplicates_merged") + count("superseded"),
                "\(entry["path"] ?? "totals") reconciles", sourceLocation: sourceLocation)
        }
    }
}
