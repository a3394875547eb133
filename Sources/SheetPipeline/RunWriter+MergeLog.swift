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

    /// How a dataset's near-duplicates were found, in both languages (the merge log's `method` row).
    func similarityMethod(_ near: PipelineDefinition.NearDuplicates) -> Message {
        let finder = NearDuplicateFinder(fieldNames: near.fields, threshold: near.threshold)
        let threshold = String(format: "%.2f", near.threshold)
        let fields = near.fields.joined(separator: ", ")
        let share = Int(finder.commonTrigramShare * 100)
        return Message(
            fr:
                "similarité : indice de Jaccard des trigrammes de caractères des textes repliés (accents, casse et ponctuation ignorés) ≥ \(threshold.replacingOccurrences(of: ".", with: ",")), champs \(fields), par bloc \(near.block) ; dans un bloc d'au moins \(finder.templateBlock) textes, les mots que plus de la moitié d'entre eux contiennent sont écartés (un modèle commun, voir les lignes template-words) ; dans un bloc de plus de \(finder.largeBlock) lignes, les trigrammes de plus de \(share) % ou \(finder.commonTrigramLimit) lignes aussi ; deux textes qui ne diffèrent que par des chiffres ne sont jamais proches ; au plus \(NearDuplicateSearch.defaultPerRow) candidats par ligne (les plus proches, puis les lignes soumises les premières) ; au plus \(near.maxPerBlock) candidats par bloc (les premières lignes)",
            en:
                "similarity: Jaccard index of the character trigrams of the folded texts (accents, case and punctuation ignored) ≥ \(threshold), fields \(fields), within each \(near.block) block; in a block of at least \(finder.templateBlock) texts, the words more than half of them hold are left out (a shared template, see the template-words rows); in a block of more than \(finder.largeBlock) rows, so are trigrams held by more than \(share)% or \(finder.commonTrigramLimit) rows; two texts that differ only by digits are never close; at most \(NearDuplicateSearch.defaultPerRow) candidates per row (the closest, then the rows submitted first); at most \(near.maxPerBlock) candidates per block (the first rows')"
        )
    }

    func templateWordsMessage(_ words: NearDuplicateSearch.TemplateWords) -> Message {
        let list = words.words.joined(separator: ", ")
        return Message(
            fr:
                "bloc \(words.block) : mots écartés de \(words.field), présents dans plus de la moitié des textes du bloc : \(list)",
            en:
                "block \(words.block): words left out of \(words.field), held by more than half the block's texts: \(list)"
        )
    }

    func cappedMessage(_ capped: NearDuplicateSearch.CappedBlock) -> Message {
        Message(
            fr:
                "bloc \(capped.block) : plafond de \(capped.listed) candidats atteint, \(capped.leftOut) candidats de plus non listés (lignes suivantes dans l'ordre de soumission ; near_duplicates.max_candidates_per_block)",
            en:
                "block \(capped.block): cap of \(capped.listed) candidates reached, \(capped.leftOut) more candidates not listed (later rows in submission order; near_duplicates.max_candidates_per_block)"
        )
    }

    /// `merge-log.csv`: merged and superseded rows with the row that took their place, then how
    /// near-duplicates were searched (method, words left out, capped blocks) and the candidates.
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
            // How similarity was computed, before the rows it explains (when there are any).
            let results = nearDuplicates.filter { $0.dataset == dataset.name }
            let searchRows = results.contains {
                !$0.candidates.isEmpty || !$0.templateWords.isEmpty || !$0.cappedBlocks.isEmpty
            }
            if let near = dataset.definition.nearDuplicates, searchRows {
                let method = similarityMethod(near)
                record([
                    "method", dataset.name, "", "", "", "", "", "", "", near.fields.joined(separator: " "),
                    String(format: "%.3f", near.threshold), method.fr, method.en,
                ])
            }
            for result in results {
                for words in result.templateWords {
                    let message = templateWordsMessage(words)
                    record([
                        "template-words", dataset.name, "", "", "", "", "", "", "", words.field, "", message.fr,
                        message.en,
                    ])
                }
                for capped in result.cappedBlocks {
                    let message = cappedMessage(capped)
                    record(["capped", dataset.name, "", "", "", "", "", "", "", "", "", message.fr, message.en])
                }
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

extension NearDuplicateSearch.CappedBlock {
    /// The run's warning (stderr and manifest).
    var warning: String {
        "\(dataset): near-duplicate candidates of block \(block) capped at \(listed): \(leftOut) more left out (near_duplicates.max_candidates_per_block)"
    }
}
