import Foundation
import Glibc
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema

/// `validation-report.*`: validation's issues, then what consolidation did, per file.
extension RunWriter {
    /// Each file's validation with, after validation's issues, what consolidation did (values
    /// normalised, rows merged or superseded, near-duplicates to review): what the log and the
    /// feedback workbooks say.
    func reportFiles(candidates: [NearDuplicateSearch.Candidate]) -> [FileValidation] {
        var files = outcomes.map(\.validation)
        for outcome in outcomes {
            guard let file = outcome.consolidator else { continue }
            var added: [ValidationIssue] = []
            // One entry per field in the log (a reading note): the values are in `value` and
            // `normalised`, the cells in `count` and `examples`.
            for change in file.changes {
                var issue = ValidationIssue(
                    code: .valueNormalised, file: file.file, sheet: file.sheet, cell: change.firstCell,
                    row: change.firstRow, field: change.field, value: change.original, normalised: change.normalised,
                    message: Message(
                        fr: "valeur écrite sous la forme canonique du champ",
                        en: "value written in the field's canonical form"))
                issue.count = change.count
                added.append(issue)
            }
            if let mismatch = file.regionMismatches, let region = outcome.submission.input.region {
                added.append(
                    ValidationIssue(
                        code: .regionMismatch, file: file.file, sheet: file.sheet, row: mismatch.first,
                        value: mismatch.value,
                        message: Message(
                            fr:
                                "\(mismatch.count) ligne(s) d'une autre région que celle de la soumission (\(region)), la première ici",
                            en:
                                "\(mismatch.count) row(s) about another region than the submission's (\(region)), the first here"
                        )))
            }
            files[outcome.index].issues.append(contentsOf: added)
        }
        for event in consolidation.decisions.events {
            let row = place(event.row)
            files[Int(event.row.file)].issues.append(
                ValidationIssue(
                    code: event.kind == .merged ? .duplicateMerged : .superseded, file: row.file, sheet: row.sheet,
                    row: row.row, value: row.key, message: reason(event)))
        }
        for candidate in candidates {
            let row = place(candidate.second)
            files[Int(candidate.second.file)].issues.append(
                ValidationIssue(
                    code: .nearDuplicate, file: row.file, sheet: row.sheet, row: row.row, field: candidate.field,
                    value: row.key, message: candidateMessage(candidate)))
        }
        return files
    }

    /// The validation log of the whole run, in the definition's formats; the page links to the
    /// feedback workbooks when there are some.
    mutating func writeReport(_ files: [FileValidation], feedbackWorkbooks: [String: String]) throws {
        var page = ValidationReport(files: files)
        page.feedbackWorkbooks = feedbackWorkbooks
        let formats = definition.reportFormats
        // The page links to the complete lists beside it.
        page.completeLogs = formats.filter { $0 == .jsonl || $0 == .csv }.map { "validation-report.\($0.rawValue)" }
        let report = page
        let language = Language(rawValue: definition.language) ?? .fr
        let folder = self.folder
        // The formats are independent: each read back from the issues' spools and written side
        // by side.
        let written = ParallelMap.map(formats) { format in
            Result { () throws -> String in
                let name = "validation-report.\(format.rawValue)"
                try Self.writeFile("\(folder)/\(name)") { sink in
                    try report.write(ValidationReport.Format(format), language: language, to: sink)
                }
                return name
            }
        }
        for name in written { record(try name.get()) }
    }
}

extension ValidationReport.Format {
    /// The log format a definition asks for.
    init(_ format: PipelineDefinition.ReportFormat) {
        switch format {
        case .json: self = .json
        case .jsonl: self = .jsonl
        case .csv: self = .csv
        case .html: self = .html
        }
    }
}
