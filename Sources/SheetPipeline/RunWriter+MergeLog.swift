import Foundation
import Glibc
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema

/// `merge-log.csv`: what deduplication did and the near-duplicates to review, with the
/// messages that say why (also used by the validation log).
extension RunWriter {
    /// Where a row is, for people and for the merge log.
    struct Place {
        var file: String
        var sheet: String
        var row: Int
        var key: String
        var submitted: String?
        var submittedSource: String
    }

    func place(_ reference: RowReference) -> Place {
        let outcome = outcomes[Int(reference.file)]
        let file = outcome.consolidator!
        return Place(
            file: outcome.submission.path, sheet: file.sheet, row: Int(file.rows.rowNumbers[Int(reference.index)]),
            key: file.rows.keyText(Int(reference.index)), submitted: outcome.submission.submitted,
            submittedSource: outcome.submission.submittedSource)
    }

    /// Why an event happened, in both languages.
    func reason(_ event: DatasetConsolidator.Event) -> Message {
        let other = place(event.other)
        switch event.kind {
        case .merged:
            return Message(
                fr:
                    "valeurs identiques (après normalisation) à \(other.file) ligne \(other.row) : fusionnée, la première est gardée",
                en:
                    "same values (after normalisation) as \(other.file) row \(other.row): merged into it, the first is kept"
            )
        case .superseded:
            let row = place(event.row)
            let date = other.submitted ?? "?"
            let sourceFR =
                other.submittedSource == "definition" ? "date de la définition" : "date de modification du fichier"
            let sourceEN = other.submittedSource == "definition" ? "date from the definition" : "file modification time"
            var fr =
                "même clé (\(row.key)) dans une soumission plus récente : \(other.file) ligne \(other.row), reçue le \(date) (\(sourceFR))"
            var en =
                "same key (\(row.key)) in a newer submission: \(other.file) row \(other.row), received \(date) (\(sourceEN))"
            if row.submitted == other.submitted {
                fr += " ; même date : le fichier suivant dans l'ordre des noms est tenu pour plus récent"
                en += "; same date: the file later in name order is taken as newer"
            }
            return Message(fr: fr, en: en)
        }
    }

    func candidateMessage(_ candidate: NearDuplicateSearch.Candidate) -> Message {
        let other = place(candidate.first)
        let similarity = String(format: "%.2f", candidate.similarity)
        return Message(
            fr:
                "proche de \(other.file) ligne \(other.row) (\(candidate.field), similarité \(similarity.replacingOccurrences(of: ".", with: ","))) : à examiner, non fusionnée",
            en:
                "close to \(other.file) row \(other.row) (\(candidate.field), similarity \(similarity)): to review, not merged"
        )
    }

    /// `merge-log.csv`: merged and superseded rows with the row that took their place, then the
    /// near-duplicate candidates.
    mutating func writeMergeLog(candidates: [NearDuplicateSearch.Candidate]) throws {
        var output = csvHeader([
            "action", "dataset", "file", "sheet", "row", "key", "other_file", "other_sheet", "other_row", "field",
            "similarity", "reason_fr", "reason_en",
        ])
        func record(_ fields: [String]) { CsvFieldWriter.appendRecord(fields, to: &output) }
        for dataset in consolidation.datasets {
            let events = consolidation.decisions.events.filter { $0.dataset == dataset.name }.sorted { $0.row < $1.row }
            for event in events {
                let row = place(event.row)
                let other = place(event.other)
                let message = reason(event)
                record([
                    event.kind.rawValue, dataset.name, row.file, row.sheet, String(row.row), row.key, other.file,
                    other.sheet, String(other.row), "", "", message.fr, message.en,
                ])
            }
            for candidate in candidates where candidate.dataset == dataset.name {
                let row = place(candidate.second)
                let other = place(candidate.first)
                let message = candidateMessage(candidate)
                record([
                    "candidate", dataset.name, row.file, row.sheet, String(row.row), row.key, other.file, other.sheet,
                    String(other.row), candidate.field, String(format: "%.3f", candidate.similarity), message.fr,
                    message.en,
                ])
            }
        }
        try write("merge-log.csv", output)
    }
}
