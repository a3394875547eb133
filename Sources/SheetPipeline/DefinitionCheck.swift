import Foundation
import Glibc
public import SheetSchema

/// The checks of a definition that need what the run knows — the reference lists, the schemas,
/// the output folder in effect — made after the definition is read and before any input is:
/// each error names the key and its line, as the reader's do.
public enum DefinitionCheck {
    /// Normalises the inputs' regions (to the code rows are compared with) and refuses what would
    /// lose or overwrite data. Returns the warnings (allowed, but probably not meant).
    /// - Parameters:
    ///   - schemaNames: the run's schemas (a schema without a declared dataset makes one of its name).
    ///   - outputOverride: `--out`, which replaces the definition's output folder.
    ///   - workingFolder: what relative paths given on the command line are relative to.
    public static func apply(
        _ definition: inout PipelineDefinition, places: FrenchPlaces?, schemaNames: [String],
        outputOverride: String? = nil, workingFolder: String? = nil
    ) throws(DefinitionError) -> [String] {
        let workingFolder = workingFolder ?? FileManager.default.currentDirectoryPath
        var warnings: [String] = []
        try checkPipelineName(definition, outputOverride: outputOverride)
        warnings += try normaliseRegions(&definition, places: places)
        warnings += try checkDuplicateInputs(definition, workingFolder: workingFolder)
        try checkImpliedDatasets(definition, schemaNames: schemaNames)
        try checkOutputOutsideInputs(definition, outputOverride: outputOverride, workingFolder: workingFolder)
        return warnings
    }

    static func error(_ definition: PipelineDefinition, _ key: String, _ reason: String) -> DefinitionError {
        DefinitionError(file: definition.source, line: definition.lines[key], key: key, reason: reason)
    }

    /// The pipeline's name makes the default output folder (`out/<name>`): it must be one folder name.
    static func checkPipelineName(_ definition: PipelineDefinition, outputOverride: String?) throws(DefinitionError) {
        guard outputOverride == nil, definition.outputDirectory == "out/\(definition.name)",
            let reason = OutputNames.unsafeReason(definition.name)
        else { return }
        throw error(
            definition, "name",
            "'\(definition.name)' cannot name the output folder out/\(definition.name) (\(reason)): choose another name or give outputs.directory"
        )
    }

    /// `region: Bretagne`, `"53"`, `FR-BRE`, `PACA`: normalised as cell values are, so that the
    /// rows (normalised the same way) are compared with a code.
    static func normaliseRegions(_ definition: inout PipelineDefinition, places: FrenchPlaces?) throws(DefinitionError)
        -> [String]
    {
        guard let places else { return [] }
        var warnings: [String] = []
        for index in definition.inputs.indices {
            guard let given = definition.inputs[index].region else { continue }
            let key = "inputs[\(index + 1)].region"
            switch places.region(given) {
            case .found(let region):
                definition.inputs[index].region = region.code
            case .former(let name, let successor):
                definition.inputs[index].region = successor.code
                warnings.append(
                    error(
                        definition, key,
                        "'\(name)' is a region of before 2016: read as its successor \(successor.name) (\(successor.code))"
                    ).description)
            case .unknown:
                throw error(
                    definition, key,
                    "'\(given)' is not a French region (a code such as 53, or a name such as Bretagne, is expected)")
            }
        }
        return warnings
    }

    /// Two entries naming the same file: the second would be dropped (a file belongs to the first
    /// input matching it). An error when they say different things about it, a warning otherwise.
    /// A pattern matching a file an earlier entry names is not a duplicate: first match wins.
    static func checkDuplicateInputs(_ definition: PipelineDefinition, workingFolder: String) throws(DefinitionError)
        -> [String]
    {
        var warnings: [String] = []
        var named: [String: Int] = [:]
        for (index, input) in definition.inputs.enumerated() where !isPattern(input.path) {
            let path = absolute(definition.resolve(input.path), workingFolder: workingFolder)
            guard let first = named[path] else {
                named[path] = index
                continue
            }
            let earlier = definition.inputs[first]
            let key = "inputs[\(index + 1)]"
            let place = "inputs[\(first + 1)]\(onLine(earlier.line))"
            let details: [(key: String, earlier: String?, later: String?)] = [
                ("schema", earlier.schema, input.schema), ("submitter", earlier.submitter, input.submitter),
                ("region", earlier.region, input.region),
                ("campaign", earlier.campaign.map(String.init), input.campaign.map(String.init)),
                ("submitted", earlier.submitted, input.submitted),
            ]
            let differences = details.filter { $0.earlier != $0.later }.map { detail in
                "\(detail.key): \(detail.earlier ?? "none") ≠ \(detail.later ?? "none")"
            }
            if !differences.isEmpty {
                throw error(
                    definition, key,
                    "names the same file as \(place), with other details (\(differences.joined(separator: ", "))): keep one entry"
                )
            }
            warnings.append(
                error(definition, key, "names the same file as \(place): this entry is ignored").description)
        }
        return warnings
    }

    /// A schema without a declared dataset makes a dataset of its own name: that name must not
    /// be one of sheetpipe's outputs, nor a declared dataset's.
    static func checkImpliedDatasets(_ definition: PipelineDefinition, schemaNames: [String]) throws(DefinitionError) {
        let declared = Set(definition.datasets.map(\.schema))
        for schema in schemaNames where !declared.contains(schema) {
            if OutputNames.isReserved(schema) {
                throw error(
                    definition, "schemas",
                    "schema '\(schema)' would make a dataset '\(schema)', a name sheetpipe gives its own outputs: declare its dataset with another name (datasets: - {schema: \(schema), name: …})"
                )
            }
            if let index = definition.datasets.firstIndex(where: { $0.name.lowercased() == schema.lowercased() }) {
                throw error(
                    definition, "datasets[\(index + 1)].name",
                    "'\(definition.datasets[index].name)' is also the dataset schema '\(schema)' makes (it has no dataset declared): choose another name, or declare schema '\(schema)''s dataset"
                )
            }
        }
    }

    /// The output folder must be out of every input's reach: a pattern that can match a file in
    /// it, or in one of the folders sheetpipe makes there (summary/, rejected/…), would read the
    /// outputs back as input next run. Compared component by component, as glob(3) matches.
    static func checkOutputOutsideInputs(
        _ definition: PipelineDefinition, outputOverride: String?, workingFolder: String
    ) throws(DefinitionError) {
        let output = absolute(
            outputOverride ?? definition.resolve(definition.outputDirectory), workingFolder: workingFolder)
        let outputParts = output.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        for (index, input) in definition.inputs.enumerated() {
            let pattern = absolute(definition.resolve(input.path), workingFolder: workingFolder)
            let parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            guard parts.count > outputParts.count,
                zip(parts, outputParts).allSatisfy({ fnmatch($0.0, $0.1, FNM_PERIOD) == 0 })
            else { continue }
            // Deeper than the folder's own files: only through a folder sheetpipe makes there.
            if parts.count > outputParts.count + 1 {
                let next = parts[outputParts.count]
                guard OutputNames.reserved.contains(where: { fnmatch(next, $0, FNM_PERIOD) == 0 }) else { continue }
            }
            let key = outputOverride == nil ? "outputs.directory" : "--out"
            let line = definition.lines["inputs[\(index + 1)].path"] ?? input.line
            throw DefinitionError(
                file: definition.source, line: outputOverride == nil ? definition.lines[key] : nil, key: key,
                reason:
                    "the output folder \(outputOverride ?? definition.outputDirectory) is within reach of inputs[\(index + 1)].path \(input.path)\(onLine(line)): its outputs would be read back as input next run; choose a folder outside the inputs"
            )
        }
    }

    /// ` (line 4)`, or nothing for inputs given on the command line.
    static func onLine(_ line: Int) -> String { line > 0 ? " (line \(line))" : "" }

    static func isPattern(_ path: String) -> Bool { path.contains { "*?[".contains($0) } }

    /// An absolute path without `.`, `..` or repeated `/` (worked out on the text: nothing is read).
    static func absolute(_ path: String, workingFolder: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workingFolder, isDirectory: true))
            .standardizedFileURL.path
    }
}
