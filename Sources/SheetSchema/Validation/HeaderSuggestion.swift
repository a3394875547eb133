/// For a header no field answers to, the fields it most likely means (`Coût total H.T. (€)` →
/// `cout_total_ht`), said in the log and the feedback so that the submitter can rename the column.
/// Only a suggestion: a column is never mapped by it (a wrong guess would put values in the wrong
/// field).
enum HeaderSuggestion {
    /// The fields (at most two, when they tie) whose name, title or a label shares the most words
    /// with `header`: at least half of the words of the two together.
    static func fields(for header: String, in schema: TableSchema, excluding taken: Set<String>) -> [Field] {
        let target = words(header)
        guard !target.isEmpty else { return [] }
        var best: [Field] = []
        var bestScore = 0.5
        for field in schema.fields where !taken.contains(field.name) {
            let texts = [field.name, field.title].compactMap { $0 } + field.labels
            let score = texts.map { similarity(target, words($0)) }.max() ?? 0
            if score > bestScore + 1e-9 {
                best = [field]
                bestScore = score
            } else if abs(score - bestScore) < 1e-9, score > 0.5 - 1e-9 {
                best.append(field)
            }
        }
        return Array(best.prefix(2))
    }

    /// Shared words over all words (Jaccard).
    static func similarity(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }

    /// The words that carry meaning: the matching key's words, single letters run together
    /// (`H.T.` → `ht`), `N°`/`No`/`Num` read as `numero`, little words and currency left out.
    static func words(_ text: String) -> Set<String> {
        var result = Set<String>()
        var letters = ""
        func flush() {
            if !letters.isEmpty { result.insert(canonical(letters)) }
            letters = ""
        }
        for word in TextKey.make(text).split(separator: " ") {
            if word.count == 1, let first = word.first, first.isLetter {
                letters += String(first)
                continue
            }
            flush()
            result.insert(canonical(String(word)))
        }
        flush()
        return result.subtracting(littleWords)
    }

    static func canonical(_ word: String) -> String {
        switch word {
        case "n", "no", "num", "numero", "nro": "numero"
        case "nb", "nbre", "nombre": "nombre"
        default: word
        }
    }

    static let littleWords: Set<String> = [
        "d", "l", "de", "du", "des", "la", "le", "les", "en", "et", "a", "au", "aux", "par", "pour", "sur", "the", "of",
        "eur", "euro", "euros", "e",
    ]

    /// `« Coût total HT » (cout_total_ht)`, or two of them joined by "ou"/"or".
    static func names(_ fields: [Field], _ language: Language) -> String {
        let quoted = fields.map { field in
            language == .fr
                ? "« \(field.title ?? field.name) » (\(field.name))" : "'\(field.title ?? field.name)' (\(field.name))"
        }
        return quoted.joined(separator: language == .fr ? " ou " : " or ")
    }
}
