import Foundation
import SheetPipeline
import SheetSchema
import SheetTestSupport
import Testing

/// A definition that would lose or overwrite data is refused before any file is read, naming the
/// key and its line: names that collide (with each other or with sheetpipe's own outputs), inputs
/// given twice, regions, dates, campaign years and limits that cannot be right, an output folder
/// the inputs can reach.
@Suite struct DefinitionCheckTests {
    static let places = try? FrenchPlaces.load(directory: PipelineWorkspace.folder.path + "/reference")
    static let year = PipelineDefinition.currentYear

    /// Reads and checks a definition; the error, if any, else the definition and the warnings.
    static func check(_ yaml: String, schemas: [String] = ["essai"], outputOverride: String? = nil) throws
        -> Result<(PipelineDefinition, [String]), DefinitionError>
    {
        let loadedPlaces = try #require(places)
        do {
            var definition = try PipelineDefinition.parse(yaml: yaml, file: "p.yml", baseDirectory: "/data/pipelines")
            let warnings = try DefinitionCheck.apply(
                &definition, places: loadedPlaces, schemaNames: schemas, outputOverride: outputOverride,
                workingFolder: "/data")
            return .success((definition, warnings))
        } catch let error as DefinitionError {
            return .failure(error)
        }
    }

    /// The error of a definition that must be refused.
    static func refusal(
        _ yaml: String, schemas: [String] = ["essai"], outputOverride: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> DefinitionError? {
        switch try check(yaml, schemas: schemas, outputOverride: outputOverride) {
        case .success:
            Issue.record("accepted:\n\(yaml)", sourceLocation: sourceLocation)
            return nil
        case .failure(let error):
            #expect(error.description.hasPrefix("p.yml:"), sourceLocation: sourceLocation)
            return error
        }
    }

    static func accepted(
        _ yaml: String, schemas: [String] = ["essai"], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (PipelineDefinition, [String])? {
        switch try check(yaml, schemas: schemas) {
        case .success(let result): return result
        case .failure(let error):
            Issue.record("refused: \(error)\n\(yaml)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Every case variant a file system might confuse: lower, upper, capitalised, and mixed at random.
    static func caseVariants(_ name: String) -> [String] {
        var generator = SeededGenerator(seed: UInt64(name.utf8.count))
        let mixed = (0..<4).map { _ in
            String(name.map { Bool.random(using: &generator) ? Character($0.uppercased()) : $0 })
        }
        return [name, name.uppercased(), name.prefix(1).uppercased() + name.dropFirst()] + mixed
    }

    @Test(arguments: OutputNames.reserved)
    func aDatasetOrSummaryNamedLikeAnOutputIsRefused(_ reserved: String) throws {
        #expect(
            Set(OutputNames.reserved).isSuperset(of: [
                "manifest", "datapackage", "merge-log", "validation-report", "summary", "rejected", "feedback",
                "shards",
            ]))
        for name in Self.caseVariants(reserved) {
            let dataset = try Self.refusal(
                "name: x\ninputs: [a.csv]\ndatasets:\n  - schema: essai\n    name: \(name)\n")
            #expect(dataset?.key == "datasets[1].name" && dataset?.line == 5, "\(String(describing: dataset))")
            #expect(dataset?.description.contains("'\(name)'") == true)
            let summary = try Self.refusal(
                "name: x\ninputs: [a.csv]\nsummaries:\n  - dataset: essai\n    group_by: [region]\n    name: \(name)\n")
            #expect(summary?.key == "summaries[1].name" && summary?.line == 6, "\(String(describing: summary))")
        }
        // A schema with no dataset declared makes a dataset of its own name.
        let implied = try Self.refusal("name: x\nschemas: [\(reserved)]\ninputs: [a.csv]\n", schemas: [reserved])
        #expect(implied?.key == "schemas" && implied?.line == 2, "\(String(describing: implied))")
    }

    @Test func namesThatAreNotOneFileNameAreRefused() throws {
        for name in ["..", "../evil", "a/b", "\"\"", ".hidden", "\"a\\e[31m\""] {
            let dataset = try Self.refusal(
                "name: x\ninputs: [a.csv]\ndatasets:\n  - schema: essai\n    name: \(name)\n")
            #expect(dataset?.key == "datasets[1].name" && dataset?.line == 5, "\(name): \(String(describing: dataset))")
            let summary = try Self.refusal(
                "name: x\ninputs: [a.csv]\nsummaries:\n  - {name: \(name), dataset: essai, group_by: [region]}\n")
            #expect(
                summary?.key == "summaries[1].name" && summary?.line == 4, "\(name): \(String(describing: summary))")
        }
        // The pipeline's name makes the default output folder out/<name>.
        for name in ["..", ".", "a/../..", ".hidden", "\"\"", "\"a\\e[31m\""] {
            let error = try Self.refusal("title: t\nname: \(name)\ninputs: [a.csv]\n")
            #expect(error?.key == "name" && error?.line == 2, "\(name): \(String(describing: error))")
        }
        _ = try Self.accepted("name: ..\ninputs: [a.csv]\noutputs: {directory: ../out/x}\n")
        #expect(try Self.check("name: ..\ninputs: [a.csv]\n", outputOverride: "/data/out/x").isSuccess)
    }

    @Test func everyKindOfDuplicateName() throws {
        let datasets = try Self.refusal(
            "name: x\ninputs: [a.csv]\ndatasets:\n  - {schema: essai, name: tout}\n  - {schema: autre, name: Tout}\n",
            schemas: ["essai", "autre"])
        #expect(datasets?.key == "datasets[2].name" && datasets?.line == 5, "\(String(describing: datasets))")
        #expect(datasets?.description.contains("datasets[1].name on line 4") == true)

        let summaries = try Self.refusal(
            "name: x\ninputs: [a.csv]\nsummaries:\n  - {name: t, dataset: essai, group_by: [region]}\n  - {name: t, dataset: essai, group_by: [titre]}\n"
        )
        #expect(summaries?.key == "summaries[2].name" && summaries?.line == 5, "\(String(describing: summaries))")

        let schema = try Self.refusal(
            "name: x\ninputs: [a.csv]\ndatasets:\n  - {schema: essai, name: un}\n  - {schema: essai, name: deux}\n")
        #expect(schema?.key == "datasets[2].schema" && schema?.line == 5, "\(String(describing: schema))")

        // A declared dataset named like the dataset another schema makes by itself.
        let implied = try Self.refusal(
            "name: x\ninputs: [a.csv]\ndatasets:\n  - {schema: essai, name: autre}\n", schemas: ["essai", "autre"])
        #expect(implied?.key == "datasets[1].name" && implied?.line == 4, "\(String(describing: implied))")
    }

    static let twoEntries = "name: x\ninputs:\n  - path: ../in/a.xlsx\n    submitter: R\n    submitted: 2024-03-01\n"

    @Test func theSameFileListedTwice() throws {
        // Same details: a warning, the second entry is ignored.
        for second in ["  - path: ../in/a.xlsx\n", "  - path: ../in/./a.xlsx\n", "  - path: /data/in/a.xlsx\n"] {
            let yaml =
                Self.twoEntries
                + second.replacingOccurrences(of: "\n", with: "\n    submitter: R\n    submitted: 2024-03-01\n")
            let (_, warnings) = try #require(try Self.accepted(yaml))
            #expect(warnings.count == 1 && warnings[0].contains("p.yml:6: inputs[2]"), "\(warnings)")
            #expect(warnings.first?.contains("inputs[1] (line 3)") == true)
        }
        // Other details: the run could not honour both, an error naming both entries.
        for (key, value) in [
            ("submitted", "2024-04-02"), ("submitter", "Autre"), ("schema", "essai"), ("campaign", "2024"),
            ("region", "Bretagne"),
        ] {
            let yaml =
                Self.twoEntries
                + "  - path: ../in/a.xlsx\n    submitter: R\n    submitted: 2024-03-01\n"
                .replacingOccurrences(of: "    \(key): [^\n]*\n", with: "", options: .regularExpression)
                + "    \(key): \(value)\n"
            let error = try Self.refusal(yaml)
            #expect(error?.key == "inputs[2]" && error?.line == 6, "\(key): \(String(describing: error))")
            #expect(error?.description.contains("inputs[1] (line 3)") == true)
            #expect(error?.description.contains(key) == true)
        }
        // A region given once as a name and once as its code is the same region.
        let (_, sameRegion) = try #require(
            try Self.accepted(
                "name: x\ninputs:\n  - {path: a.csv, region: Bretagne}\n  - {path: a.csv, region: \"53\"}\n"))
        #expect(sameRegion.count == 1)
        // A pattern matching a file an earlier entry names is not a duplicate: the first entry wins.
        let (_, none) = try #require(
            try Self.accepted(Self.twoEntries + "  - path: ../in/*.xlsx\n    submitted: 2024-03-31\n"))
        #expect(none.isEmpty, "\(none)")
    }

    @Test func regionsAreNormalisedAsCellValuesAre() throws {
        for (given, code) in [
            ("\"53\"", "53"), ("Bretagne", "53"), ("\"Région Bretagne\"", "53"), ("Corse", "94"), ("FR-20R", "94"),
            ("PACA", "93"), ("\"6\"", "06"), ("\"  bretagne \"", "53"),
        ] {
            let (definition, warnings) = try #require(
                try Self.accepted("name: x\ninputs:\n  - path: a.csv\n    region: \(given)\n"))
            #expect(definition.inputs[0].region == code, "\(given)")
            #expect(warnings.isEmpty)
        }
        let (former, warnings) = try #require(
            try Self.accepted("name: x\ninputs:\n  - path: a.csv\n    region: Alsace\n"))
        #expect(former.inputs[0].region == "44")
        #expect(warnings.count == 1 && warnings[0].hasPrefix("p.yml:4: inputs[1].region"), "\(warnings)")
        for unknown in ["\"99\"", "Atlantide", "\"0\"", "FR-XXX"] {
            let error = try Self.refusal("name: x\ninputs:\n  - path: a.csv\n  - path: b.csv\n    region: \(unknown)\n")
            #expect(error?.key == "inputs[2].region" && error?.line == 5, "\(unknown): \(String(describing: error))")
        }
    }

    @Test func submissionDatesAreRealDays() throws {
        for date in [
            "2024-02-30", "2023-02-29", "2100-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-06-00",
            "2024-06-14T24:00:00", "2024-06-14T10:60:00", "2024-06-14T10:00:61", "14/06/2024",
        ] {
            let error = try Self.refusal("name: x\ninputs:\n  - path: a.csv\n    submitted: \(date)\n")
            #expect(error?.key == "inputs[1].submitted" && error?.line == 4, "\(date): \(String(describing: error))")
        }
        for date in ["2024-02-29", "2000-02-29", "2024-12-31", "2024-06-14T23:59:59"] {
            let (definition, _) = try #require(
                try Self.accepted("name: x\ninputs:\n  - path: a.csv\n    submitted: \(date)\n"))
            #expect(definition.inputs[0].submitted == date)
        }
        // Any day: accepted exactly when the Gregorian calendar has it.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SeededGenerator(seed: 2024)
        for _ in 0..<400 {
            let (year, month, day) = (
                Int.random(in: 1896...2104, using: &generator), Int.random(in: 0...13, using: &generator),
                Int.random(in: 0...32, using: &generator)
            )
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            let text = "\(year)-\(two(month))-\(two(day))"
            let real =
                (1...12).contains(month) && (1...31).contains(day)
                && DateComponents(calendar: calendar, year: year, month: month, day: day).isValidDate
            let result = try Self.check("name: x\ninputs:\n  - path: a.csv\n    submitted: \(text)\n")
            #expect(result.isSuccess == real, "\(text)")
        }
    }

    @Test func campaignYearsAreInRange() throws {
        let years = PipelineDefinition.campaignYears()
        #expect(years == 2000...(Self.year + 1))
        for year in [1850, 1999, Self.year + 2, 20240, -2024, 0] {
            let error = try Self.refusal("name: x\ninputs:\n  - path: a.csv\n    campaign: \(year)\n")
            #expect(error?.key == "inputs[1].campaign" && error?.line == 4, "\(year): \(String(describing: error))")
        }
        for year in [2000, 2024, Self.year, Self.year + 1] {
            let (definition, _) = try #require(
                try Self.accepted("name: x\ninputs:\n  - path: a.csv\n    campaign: \(year)\n"))
            #expect(definition.inputs[0].campaign == year)
        }
        var generator = SeededGenerator(seed: 1850)
        for _ in 0..<200 {
            let year = Int.random(in: 1900...2200, using: &generator)
            let result = try Self.check("name: x\ninputs:\n  - path: a.csv\n    campaign: \(year)\n")
            #expect(result.isSuccess == (2000...(Self.year + 1)).contains(year), "\(year)")
        }
    }

    @Test func limitsArePositive() throws {
        for limit in ["max_file_size", "max_entries", "max_part_size", "max_total_size"] {
            for value in ["-5", "0", "-1MiB"] {
                let error = try Self.refusal(
                    "name: x\ninputs: [a.csv]\noptions:\n  limits:\n    \(limit): \(value)\n")
                #expect(
                    error?.key == "options.limits.\(limit)" && error?.line == 5,
                    "\(limit) \(value): \(String(describing: error))")
            }
        }
        for value in ["0", "-0.5", "1.5"] {
            let error = try Self.refusal(
                "name: x\ninputs: [a.csv]\ndatasets:\n  - schema: essai\n    near_duplicates: {block: region, fields: [titre], threshold: \(value)}\n"
            )
            #expect(error?.key == "datasets[1].near_duplicates.threshold", "\(value): \(String(describing: error))")
        }
    }

    @Test func anOutputFolderTheInputsCanReachIsRefused() throws {
        // Paths are relative to /data/pipelines (the definition's folder).
        for (input, output) in [
            ("../data/*.csv", "../data"), ("../data/*/*.csv", "../data/out"), ("../*/*.csv", "../out"),
            ("../out/x/*.csv", "../out/x"), ("../out/*/*/*.csv", "../out/x"), ("../out/[xy]/*", "../out/x"),
            ("../out/x/a.csv", "../out/x"), ("../in/../out/*.csv", "../out"), ("../*/*.csv", ".."),
            ("../su*/*.csv", ".."), ("../rejected/*", ".."),
        ] {
            let error = try Self.refusal(
                "name: x\ninputs:\n  - path: a.csv\n  - path: \(input)\noutputs:\n  directory: \(output)\n")
            #expect(
                error?.key == "outputs.directory" && error?.line == 6,
                "\(input) → \(output): \(String(describing: error))")
            #expect(
                error?.description.contains("inputs[2].path \(input) (line 4)") == true, "\(String(describing: error))")
        }
        // The default output folder (out/<name>, beside the definition) and --out are checked too.
        let byDefault = try Self.refusal("name: x\ninputs: [\"out/*/*\"]\n")
        #expect(byDefault?.key == "outputs.directory", "\(String(describing: byDefault))")
        let override = try Self.refusal("name: x\ninputs: [\"../in/*\"]\n", outputOverride: "in")
        #expect(override?.key == "--out" && override?.line == nil, "\(String(describing: override))")
        // Out of reach: a sibling folder, a pattern that stops above the folder, a name that differs.
        for (input, output) in [
            ("../samples/*", "../out/x"), ("../*", "../out"), ("../out/*.csv", "../out/x"), ("../out/y*/*", "../out/x"),
            ("../out/.x/*", "../out/x"), ("../samples/*", ".."), ("../out/x/samples/*.csv", "../out/x"),
        ] {
            _ = try Self.accepted("name: x\ninputs:\n  - path: \(input)\noutputs:\n  directory: \(output)\n")
        }
    }

    @Test func theShippedDefinitionPassesEveryCheck() throws {
        let loadedPlaces = try #require(Self.places)
        var definition = try PipelineDefinition.load(path: PipelineWorkspace.folder.path + "/national-report.yml")
        let warnings = try DefinitionCheck.apply(
            &definition, places: loadedPlaces, schemaNames: ["project-sheet", "csr-contribution"])
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(definition.inputs.map(\.region) == ["53", "53", nil, nil])
    }

    @Test func definitionErrorsStopTheRunBeforeAnyFileIsRead() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("a.csv", [["A1", "Titre", "Bretagne", "X", "1"]])
        try workspace.write(
            "pipeline.yml", "name: x\nschemas: [essai.json]\ninputs:\n  - {path: a.csv, region: \"99\"}\n")
        let definition = try PipelineDefinition.load(path: "\(workspace.path)/pipeline.yml")
        do {
            _ = try PipelineRun.run(definition, folder: PipelineWorkspace.folder, options: RunOptions())
            Issue.record("the run went on")
        } catch let error as RunError {
            #expect(
                error.description.hasSuffix(
                    "pipeline.yml:4: inputs[1].region: '99' is not a French region (a code such as 53, or a name such as Bretagne, is expected)"
                ), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(workspace.path)/out"))
    }

    @Test func aRegionGivenByNameIsComparedAsACode() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("a.csv", [["A1", "Titre", "Corse", "X", "1"], ["A2", "Autre", "Bretagne", "Y", "2"]])
        let yaml = workspace.definition([("a.csv", "2024-01-01")]).replacingOccurrences(
            of: "    submitted: 2024-01-01\n", with: "    submitted: 2024-01-01\n    region: Corse\n")
        try workspace.write("pipeline.yml", yaml)
        let definition = try PipelineDefinition.load(path: "\(workspace.path)/pipeline.yml")
        _ = try PipelineRun.run(definition, folder: PipelineWorkspace.folder, options: RunOptions())
        // Only the Bretagne row is about another region; the manifest states the code compared with.
        let mismatches = try workspace.output("validation-report.jsonl").split(separator: "\n").filter {
            $0.contains("\"code\":\"region-mismatch\"")
        }
        #expect(mismatches.count == 1, "\(mismatches)")
        #expect(mismatches.first?.contains("\"message\":{\"en\":\"1 row(s)") == true, "\(mismatches)")
        let files = try workspace.manifest()["files"] as? [[String: Any]] ?? []
        #expect(files.first?["region"] as? String == "94")
    }

    @Test func twoInputsWithTheSameBytesAreNamed() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("a.csv", [["A1", "Titre", "Bretagne", "X", "1"]])
        try workspace.csv("b.csv", [["A1", "Titre", "Bretagne", "X", "1"]])
        try workspace.csv("c.csv", [["C1", "Autre", "Bretagne", "Y", "2"]])
        let result = try workspace.run([("a.csv", "2024-01-01"), ("b.csv", "2024-01-02"), ("c.csv", "2024-01-03")])
        let same = result.warnings.filter { $0.contains("same content") }
        #expect(same.count == 1, "\(result.warnings)")
        #expect(same.first?.contains("a.csv") == true && same.first?.contains("b.csv") == true)
        #expect(same.first?.contains("c.csv") == false)
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
