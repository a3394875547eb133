import Foundation
import SheetPipeline
import SheetSchema
import SheetTestSupport
import Testing

/// What `schemas:`, `inputs[].schema` and `--schema` mean, decided in one place.
@Suite struct SchemaSelectorTests {
    @Test(arguments: [
        ("auto", SchemaSelector.auto, nil), ("project-sheet", .name("project-sheet"), "project-sheet"),
        ("essai.json", .file("essai.json"), "essai"), ("schemas/essai.json", .file("schemas/essai.json"), "essai"),
        ("../other/essai", .file("../other/essai"), "essai"),
    ])
    func selectorsAndTheSchemaNameTheyStandFor(_ text: String, _ selector: SchemaSelector, _ name: String?) {
        #expect(SchemaSelector(text) == selector)
        #expect(selector.schemaName == name)
    }

    /// An input naming its schema file is read with that schema only, by the file's base name.
    @Test func anInputsSchemaFileSelectsThatSchema() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("a.csv", [["A1", "Serres", "Bretagne", "Flore", "5"]])
        try workspace.write(
            "pipeline.yml",
            "name: essai\nschemas: [project-sheet]\ninputs:\n  - path: a.csv\n    schema: essai.json\n"
                + "outputs: {directory: out}\n")
        let definition = try PipelineDefinition.load(path: "\(workspace.path)/pipeline.yml")
        let result = try PipelineRun.run(definition, folder: PipelineWorkspace.folder, options: RunOptions(jobs: 1))
        #expect(result.datasets.first { $0.schema == "essai" }?.counts.rowsOut == 1, "\(result.datasets)")
        #expect(result.totals.rowsOut == 1 && result.totals.rowsRejected == 0)
    }

    @Test func referenceListsAndTheirAbsenceAreSaidOnce() throws {
        let present = ValidationReferences(folder: PipelineWorkspace.folder, currentYear: 2026)
        #expect(present.places != nil && present.missingWarning == nil)
        #expect(present.fieldReader.currentYear == 2026)
        let empty = try TestFiles.folder("no-reference")
        let absent = ValidationReferences(folder: PipelineFolder(path: empty.path), currentYear: 2026)
        #expect(absent.places == nil)
        #expect(
            absent.missingWarning
                == "no reference lists under \(empty.path)/reference: regions and departments are not checked")
    }
}
