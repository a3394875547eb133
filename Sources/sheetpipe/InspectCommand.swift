import ArgumentParser
import SheetOutput
import SheetPipeline
import SheetReading

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract:
            "Describe files: sheets and visibility, dimensions, header row, merged ranges, formulas without value, error cells, CSV encoding and delimiter."
    )

    @Argument(help: "XLSX, XLSM, CSV, TSV or TXT files.")
    var files: [String]

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @OptionGroup var reading: ReadingOptions

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let options = try reading.readOptions()
        // Files are independent: inspected in parallel (one per core), printed in the order given.
        let inspections = ParallelMap.map(files) { FileInspection.inspect($0, options: options) }
        switch format {
        case .json:
            print(try InspectionReport.json(inspections), terminator: "")
        case .text:
            print(inspections.map(InspectionReport.text).joined(separator: "\n"), terminator: "")
        }
        for inspection in inspections where inspection.error != nil {
            Console.error(inspection.error ?? "")
        }
        if inspections.contains(where: { $0.error != nil }) { throw CommandExit(status: .unreadableInput) }
        if inspections.contains(where: { $0.sheets.contains { $0.error != nil } }) {
            throw CommandExit(status: .unreadableInput)
        }
    }
}
