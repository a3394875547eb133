import ArgumentParser
import Foundation
import Glibc
import SheetPipeline

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard results of a sharded run into the outputs a single run would write.",
        discussion: """
            Give the same PIPELINE (or --input and --schema) as the shards (`sheetpipe run --shard \
            I/N --work DIR`). Every shard result must be in DIR and made from this definition and \
            input list, else nothing is written (exit 2, naming the missing or foreign result). \
            Then deduplication, supersession, near-duplicates, summaries and every output as \
            `sheetpipe run` writes them, byte for byte (the manifest's run part lists the shards), \
            under the same output-folder rules and exit codes: 0 no row rejected; 1 some rows or \
            files rejected (see --fail-on); 2 definition, usage, output or shard-result error; 3 an \
            input could not be read, or none was read; 4 internal failure.
            """)

    /// The same as the shards were given.
    @OptionGroup var given: DefinitionArguments

    @Option(help: "The work folder the shards wrote into.")
    var work: String

    @Option(help: "The output folder (replaces the definition's).")
    var out: String?

    @Option(help: "Files merged at the same time (default: one per core).")
    var jobs: Int?

    @Flag(help: "Also write feedback/ (reads the inputs again: they must be reachable from here).")
    var feedback = false

    @Flag(help: "No summary (errors still go to stderr).")
    var quiet = false

    @Option(help: "What makes the exit code 1: error (default: rejected rows or files) or never.")
    var failOn: RunCommand.FailOn = .error

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if !given.inputs.isEmpty && out == nil { throw ValidationError("--input needs --out (where the outputs go)") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs: at least 1") }
    }

    func run() throws {
        SignalCleanup.install()
        let (folder, loaded) = try given.load(out: out)
        var definition = loaded
        if feedback { definition.feedback = true }
        var options = RunOptions(jobs: jobs, outputDirectory: out)
        options.toolVersion = Sheetpipe.configuration.version
        if let logger = Console.logger { options.logger = logger }
        let result: RunResult
        do {
            result = try PipelineRun.merge(definition, folder: folder, options: options, work: work)
        } catch let error as RunError {
            throw RunCommand.exit(for: error)
        }
        try RunCommand.report(result, definition: definition, quiet: quiet, failOn: failOn)
    }
}
