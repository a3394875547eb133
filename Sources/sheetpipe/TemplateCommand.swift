import ArgumentParser
import Foundation
import SheetOutput
import SheetPipeline
import SheetSchema

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write a blank workbook for submitters, made from a schema.",
        discussion: """
            A read-me sheet (each column explained, how to submit), a data sheet headed by the \
            French labels with a dropdown or a number, date or length rule on each column, and a \
            hidden sheet of lists. The schema's name and version are stamped as custom document \
            properties: validate and run read them back. Two runs give the same bytes.
            """)

    @Argument(help: "A schema name (project-sheet, csr-contribution) or a Table Schema file.")
    var schema: String

    @Option(name: .shortAndLong, help: "The workbook to write (default: SCHEMA.xlsx in the current folder).")
    var output: String?

    @Option(help: "Language of the read-me and the cell help (fr or en); headers stay the French labels.")
    var lang: String = "fr"

    @Option(help: "How many data rows carry the validations and formats.")
    var rows: Int = 1000

    @Option(help: "The folder holding schemas/ and reference/ (default: ./pipelines, or the installed copy).")
    var pipelines: String?

    func run() throws {
        guard let language = Language(rawValue: lang) else { throw ValidationError("--lang: fr or en") }
        guard (1...1_048_575).contains(rows) else { throw ValidationError("--rows: from 1 to 1048575") }
        guard schema != "auto" else { throw ValidationError("template: name one schema (auto is for reading files)") }
        let folder: PipelineFolder
        do {
            folder = try PipelineFolder.locate(pipelines, executable: currentExecutable)
        } catch let error as PipelineFolderError {
            throw ValidationError(error.message)
        }
        let named: NamedSchema
        do {
            guard let first = try folder.schemas(for: schema).first else { throw CommandExit(status: .usageError) }
            named = first
        } catch let error as SchemaError {
            Console.error("schema: \(error)")
            throw CommandExit(status: .usageError)
        }
        let schemaFile = SchemaSelector(schema) == .file(schema) ? schema : folder.schemaFile(named: schema)
        let schemaFolder = URL(fileURLWithPath: schemaFile).deletingLastPathComponent()
        let references = TemplateReferences.load(
            schema: named.schema,
            folders: [
                schemaFolder.appendingPathComponent("../reference").standardizedFileURL.path, schemaFolder.path,
                folder.path + "/reference",
            ])
        let path = output ?? "\(named.schema.name ?? named.name).xlsx"
        guard path.lowercased().hasSuffix(".xlsx") else {
            throw ValidationError("-o: the template is an XLSX workbook: give a name ending in .xlsx")
        }
        let year = PipelineDefinition.currentYear
        let plan = TemplateBuilder(
            schema: named.schema, fallbackName: named.name, references: references, language: language, rows: rows,
            currentYear: year
        ).plan()
        do {
            try TemplateWorkbook.write(plan, to: path)
        } catch {
            Console.error(error.description)
            throw CommandExit(status: .usageError)
        }
        Console.note(
            "\(path): template of \(plan.schemaName) \(plan.schemaVersion ?? "") (\(plan.columns.count) columns)")
    }
}
