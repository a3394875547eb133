import ArgumentParser
import Foundation
import Glibc
import SheetBench

@main
struct Sheetpipe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheetpipe",
        abstract: "Reads French regional spreadsheets (XLSX, CSV) safely and turns them into clean data.",
        discussion: ExitStatus.help,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, MergeCommand.self, InspectCommand.self, ConvertCommand.self, ValidateCommand.self,
            TemplateCommand.self,
            BenchCommand.self,
        ])

    /// Maps every ending to a documented exit code (ArgumentParser's own is 64 for usage errors).
    static func main() {
        PeakMemory.reportAtExitIfRequested()
        // A write past the file-size limit (ulimit -f) fails with EFBIG, named and exit 2, like a
        // full disk, instead of killing the process with its temporary folder left behind.
        signal(SIGXFSZ, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if LogFormat.requested(arguments: arguments, environment: ProcessInfo.processInfo.environment) == .json {
            Console.useJSONLines()
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as CommandExit {
            terminate(exit.status.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                terminate(0)
            }
            let message = fullMessage(for: error)
            if code == .validationFailure || error is ValidationError || message.contains("Usage:") {
                if Console.logger != nil {
                    Console.error(message, metadata: RunCommand.ending(.usageError))
                } else {
                    Console.write(Console.visible(message, keepingLineBreaks: true) + "\n")
                }
                terminate(ExitStatus.usageError.rawValue)
            }
            Console.error(message, metadata: RunCommand.ending(.internalFailure))
            terminate(ExitStatus.internalFailure.rawValue)
        }
    }
}
