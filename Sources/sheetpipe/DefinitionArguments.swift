import ArgumentParser
import SheetPipeline

/// What `run` and `merge` are given to know the pipeline: a definition (by file or name), or an
/// ad-hoc one from `--input` and `--schema`; and where the schemas and reference lists are.
/// A shard and its merge take the same arguments, so they make the same definition.
struct DefinitionArguments: ParsableArguments {
    @Argument(help: "A pipeline definition (.yml) or its name in the pipelines folder.")
    var pipeline: String?

    @Option(name: .customLong("input"), help: "Ad-hoc run: an input file or pattern (repeatable).")
    var inputs: [String] = []

    @Option(help: "Ad-hoc run: schema name, Table Schema file, or auto.")
    var schema = "auto"

    @Option(help: "The folder holding schemas/ and reference/ (default: ./pipelines, or the installed copy).")
    var pipelines: String?

    func validate() throws {
        if pipeline != nil && !inputs.isEmpty { throw ValidationError("give a pipeline or --input files, not both") }
    }

    /// The pipelines folder and the definition; a definition that cannot be used is said on
    /// stderr and ends the command with exit 2.
    func load(out: String?) throws -> (PipelineFolder, PipelineDefinition) {
        let folder: PipelineFolder
        do {
            folder = try PipelineFolder.locate(pipelines, executable: currentExecutable)
        } catch let error as PipelineFolderError {
            throw ValidationError(error.message)
        }
        do {
            return (folder, try definition(folder, out: out))
        } catch let error as DefinitionError {
            Console.error(error.description, metadata: RunCommand.ending(.usageError))
            throw CommandExit(status: .usageError)
        }
    }

    private func definition(_ folder: PipelineFolder, out: String?) throws -> PipelineDefinition {
        if !inputs.isEmpty {
            var definition = PipelineDefinition(
                name: "ad-hoc", baseDirectory: ".", schemas: schema == "auto" ? [] : [schema],
                inputs: inputs.map { PipelineDefinition.input(path: $0) }, outputDirectory: out ?? "out",
                source: "command line")
            definition.title = "sheetpipe run --input"
            return definition
        }
        let name = pipeline ?? "national-report"
        let path =
            name.hasSuffix(".yml") || name.hasSuffix(".yaml") || name.contains("/")
            ? name : "\(folder.path)/\(name).yml"
        return try PipelineDefinition.load(path: path)
    }
}
