import Foundation
import SheetConsolidation
import SheetPipeline
import Testing

/// Pipeline definitions: the shipped one loads; a wrong one is refused naming the key and the line.
@Suite struct DefinitionTests {
    @Test func theNationalReportLoads() throws {
        let path = PipelineWorkspace.folder.path + "/national-report.yml"
        let definition = try PipelineDefinition.load(path: path)
        #expect(definition.name == "national-report")
        #expect(definition.schemas == ["project-sheet", "csr-contribution"])
        #expect(definition.inputs.count == 4)
        #expect(definition.inputs[0].submitted == "2024-06-14" && definition.inputs[0].region == "53")
        #expect(definition.dataset(forSchema: "project-sheet").name == "fiches-projets")
        #expect(definition.dataset(forSchema: "project-sheet").nearDuplicates?.fields == ["intitule", "porteur_nom"])
        #expect(definition.summaries.map(\.name).contains("fiches-par-region-axe-statut"))
        #expect(definition.reportFormats.count == 4)
    }

    static let wrong: [(yaml: String, line: Int?, key: String, reason: String)] = [
        ("name: x\ninputs:\n  - path: a.csv\noutput: out\n", 4, "output", "unknown key"),
        (
            "name: x\ninputs:\n  - path: a.csv\n  - path: b.csv\n    submitted: 14/06/2024\n", 5, "inputs[2].submitted",
            "YYYY-MM-DD"
        ),
        ("name: x\ninputs:\n  - schema: essai\n", 3, "inputs[1].path", "missing"),
        ("name: x\n", 1, "inputs", "missing"),
        ("name: x\ninputs: [a.csv]\noptions:\n  language: de\n", 4, "options.language", "fr or en"),
        (
            "name: x\ninputs: [a.csv]\noptions:\n  limits:\n    max_file_size: lots\n", 5,
            "options.limits.max_file_size", "size"
        ),
        (
            "name: x\ninputs: [a.csv]\ndatasets:\n  - schema: essai\n    near_duplicates: {block: region, fields: [titre], threshold: 2}\n",
            5, "datasets[1].near_duplicates.threshold", "(0, 1]"
        ),
        (
            "name: x\ninputs: [a.csv]\ndatasets:\n  - schema: essai\n    name: ../evil\n", 5, "datasets[1].name",
            "letters"
        ),
        ("name: x\ninputs: [a.csv]\noutputs:\n  report: [json, pdf]\n", 4, "outputs.report", "pdf"),
        (
            "name: x\ninputs: [a.csv]\nsummaries:\n  - name: t\n    dataset: essai\n", 4, "summaries[1].group_by",
            "missing"
        ),
        ("name: [x\ninputs: a\n", 2, "", "not valid YAML"),
        (
            "name: x\ninputs: [a.csv]\ndatasets:\n  - schema: essai\n    near_duplicates:\n      block: region\n      fields: [titre]\n      max_candidates_per_block: 0\n",
            8, "datasets[1].near_duplicates.max_candidates_per_block", "at least 1"
        ),
        (
            "name: x\ninputs: [a.csv]\ndatasets:\n  - schema: essai\n    near_duplicates: {block: region, fields: [titre], max_candidates_per_block: lots}\n",
            5, "datasets[1].near_duplicates.max_candidates_per_block", "at least 1"
        ),
    ]

    @Test(arguments: 0..<wrong.count)
    func aWrongDefinitionNamesTheKeyAndTheLine(_ index: Int) throws {
        let case_ = Self.wrong[index]
        do {
            _ = try PipelineDefinition.parse(yaml: case_.yaml, file: "p.yml", baseDirectory: ".")
            Issue.record("accepted: \(case_.yaml)")
        } catch let error as DefinitionError {
            #expect(error.key == case_.key, "\(error)")
            if let line = case_.line { #expect(error.line == line, "\(error)") }
            #expect(error.description.contains(case_.reason), "\(error)")
            #expect(error.description.hasPrefix("p.yml:"))
        }
    }

    @Test func fieldsUnknownToTheSchemaAreRefusedBeforeAnythingIsWritten() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("a.csv", [["A1", "Titre", "Bretagne", "X", "1"]])
        try workspace.write(
            "pipeline.yml",
            "name: x\nschemas: [essai.json]\ninputs: [a.csv]\nsummaries:\n  - {name: t, dataset: essai, group_by: [nope]}\noutputs: {directory: out}\n"
        )
        let definition = try PipelineDefinition.load(path: "\(workspace.path)/pipeline.yml")
        #expect(throws: RunError.self) {
            try PipelineRun.run(definition, folder: PipelineWorkspace.folder, options: RunOptions())
        }
        #expect(!FileManager.default.fileExists(atPath: "\(workspace.path)/out"))
    }
}
