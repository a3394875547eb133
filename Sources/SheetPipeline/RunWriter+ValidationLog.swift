import Foundation
import Glibc
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema

/// `validation-report.*`: validation's issues, then what consolidation did, per file.
extension RunWriter {
    /// The validation log of the whole run: validation's issues, then per file what consolidation
    /// did (values normalised, rows merged or superseded, near-duplicates to review).
    mutating func writeReport(candidates: [NearDuplicateSearch.Candidate]) throws {
        var files = outcomes.map(\.validation)
        for outcome in outcomes {
            guard let file = outcome.consolidator else { continue }
            var added: [ValidationIssue] = []
            for change in file.changes {
                let cells = change.count == 1 ? "" : " (\(change.count) cellules, première ici)"
                let cellsEN = change.count == 1 ? "" : " (\(change.count) cells, first here)"
                added.append(
                    ValidationIssue(
                        code: .valueNormalised, file: file.file, sheet: file.sheet, cell: change.firstCell,
                        row: change.firstRow, field: change.field, value: change.original,
                        normalised: change.normalised,
                        message: Message(
                            fr: "valeur normalisée : « \(change.original) » → « \(change.normalised) »\(cells)",
                            en: "value normalised: '\(change.original)' → '\(change.normalised)'\(cellsEN)")))
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
        let report = ValidationReport(files: files)
        let language = Language(rawValue: definition.language) ?? .fr
        // The formats are independent: made and written side by side, the longest to make
        // (HTML) first so that it does not start last.
        let formats = definition.reportFormats.sorted { ($0 == .html ? 0 : 1) < ($1 == .html ? 0 : 1) }
        let folder = self.folder
        let written = ParallelMap.map(formats) { format in
            Result { () throws -> String in
                let text: String
                switch format {
                case .json: text = try report.json()
                case .jsonl: text = try report.jsonLines()
                case .csv: text = report.csv(language: language)
                case .html: text = report.html(language: language)
                }
                let name = "validation-report.\(format.rawValue)"
                try Self.writeFile("\(folder)/\(name)") { $0.append(text) }
                return name
            }
        }
        for name in written { record(try name.get()) }
    }
}
