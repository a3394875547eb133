/// For a header no field answers to, the fields it most likely means (`Coût total H.T. (€)` →
/// `cout_total_ht`), said in the log and the feedback so that the submitter can rename the column.
/// Only a suggestion: a column is never mapped by it (a wrong guess would put values in the wrong
/// field).
struct HeaderSuggestion {
    /// Each field with the words of each of its texts (name, title, labels), read once per schema.
    private let texts: [(field: Field, words: [Set<String>])]
    /// Every word of those texts: a header sharing none gets no suggestion without more work.
    private let vocabulary: Set<String>

    init(_ schema: TableSchema) {
        texts = schema.fields.map { field in
            (field, ([field.name, field.title].compactMap { $0 } + field.labels).map(Self.words))
        }
        vocabulary = texts.reduce(into: Set<String>()) { all, text in
            for words in text.words { all.formUnion(words) }
        }
    }

    /// The fields (at most two, when they tie) whose name, title or a label shares the most words
    /// with `header`: at least half of the words of the two together.
    static func fields(for header: String, in schema: TableSchema, excluding taken: Set<String>) -> [Field] {
        HeaderSuggestion(schema).fields(for: header, excluding: taken)
    }

    /// The same, with the schema read already.
    func fields(for header: String, excluding taken: Set<String>) -> [Field] {
        guard header.utf8.count <= HeaderWords.maxBytes else { return [] }
        let target = Self.words(header)
        guard !target.isDisjoint(with: vocabulary) else { return [] }
        var best: [Field] = []
        var bestScore = 0.5
        for (field, words) in texts where !taken.contains(field.name) {
            let score = words.map { Self.similarity(target, $0) }.max() ?? 0
            if score > bestScore + 1e-9 {
                best = [field]
                bestScore = score
            } else if abs(score - bestScore) < 1e-9, score > 0.5 - 1e-9 {
                best.append(field)
            }
        }
        return Array(best.prefix(2))
    }

    /// What to suggest for an unmatched column: the fields the matcher found it could mean (those
    /// still free), else the closest by words.
    func fields(for header: String, candidates: [String]?, excluding taken: Set<String>) -> [Field] {
        let free = (candidates ?? []).filter { !taken.contains($0) }
        if !free.isEmpty {
            return texts.map(\.field).filter { free.contains($0.name) }
        }
        return fields(for: header, excluding: taken)
    }

    /// Shared words over all words (Jaccard).
    static func similarity(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }

    /// The words that carry meaning (`HeaderWords`), in any order.
    static func words(_ text: String) -> Set<String> { Set(HeaderWords.words(text)) }

    /// `« Coût total HT » (cout_total_ht)`, or two of them joined by "ou"/"or".
    static func names(_ fields: [Field], _ language: Language) -> String {
        let quoted = fields.map { field in
            language == .fr
                ? "« \(field.title ?? field.name) » (\(field.name))" : "'\(field.title ?? field.name)' (\(field.name))"
        }
        return quoted.joined(separator: language == .fr ? " ou " : " or ")
    }
}
