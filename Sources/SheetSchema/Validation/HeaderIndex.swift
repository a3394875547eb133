/// What a schema's headers say, read once per schema, so that matching a header of any width costs
/// a few dictionary look-ups per column: the exact keys of each field, and the words of each of
/// its texts (name, title, labels) for the headers people write otherwise.
///
/// A header that is no exact key is read by its words (`HeaderWords`), from the surest reading to
/// the loosest; the first reading that finds a field decides, and it must find exactly one:
/// 1. the same words in the same order as a text of a field (`Coût total H.T. (€)`, `Numéro de fiche`);
/// 2. the same words in another order, starting with the same word (`Coût HT total`): the first word
///    is what a French header names (`Projet porteur` is a project, `Porteur du projet` a holder);
/// 3. a text of a field within the header, starting it, with any other word either one of that
///    field's own words or a neutral one (`Porteur du projet`, `Date de début (jj/mm/aaaa)`).
///    `Coût total TTC` does not answer to `Coût total` (a label of the HT cost): `TTC` is no word of
///    that field, and an amount with tax is not the amount without.
/// Two fields found by the same reading: the header is ambiguous, left unmatched, and both are
/// suggested.
struct HeaderIndex: Sendable {
    /// What a header answers to.
    enum Outcome: Equatable, Sendable {
        /// One field.
        case field(String)
        /// Several fields equally (their names, in schema order): none is chosen.
        case ambiguous([String])
        /// No field.
        case none
    }

    /// Exact matching key → field (the first field that has the key, as always).
    private var exact: [String: String] = [:]
    /// Words of a text joined by spaces → fields having such a text.
    private var sequences: [String: [String]] = [:]
    /// Words of a text sorted and joined → (field, first word).
    private var bags: [String: [(field: String, head: String)]] = [:]
    /// First word of a text → (field, words of the text).
    private var byHead: [String: [(field: String, words: [String])]] = [:]
    /// Field → every word of its texts.
    private var vocabulary: [String: Set<String>] = [:]
    /// Every word of every text of the schema, and the neutral words: a header with any other word
    /// can only match exactly.
    private var knownWords: Set<String> = HeaderWords.neutralWords
    /// Field names in schema order.
    private var order: [String: Int] = [:]

    init(_ schema: TableSchema) {
        for (position, field) in schema.fields.enumerated() {
            order[field.name] = position
            for key in field.headerKeys where exact[key] == nil { exact[key] = field.name }
            let texts = [field.name] + (field.title.map { [$0] } ?? []) + field.labels
            for text in texts {
                let words = HeaderWords.words(text)
                guard let head = words.first else { continue }
                vocabulary[field.name, default: []].formUnion(words)
                knownWords.formUnion(words)
                Self.append(field.name, to: &sequences[words.joined(separator: " "), default: []])
                let bag = words.sorted().joined(separator: " ")
                if !bags[bag, default: []].contains(where: { $0.field == field.name && $0.head == head }) {
                    bags[bag, default: []].append((field.name, head))
                }
                byHead[head, default: []].append((field.name, words))
            }
        }
    }

    private static func append(_ field: String, to fields: inout [String]) {
        if !fields.contains(field) { fields.append(field) }
    }

    /// What `header` answers to: the field it is an exact key of, else its reading by words.
    func answer(to header: String) -> Outcome {
        if let field = exact[TextKey.make(header)] { return .field(field) }
        return reading(header)
    }

    /// The field whose exact key `key` is (a header's `TextKey`), if any.
    func exactField(key: String) -> String? { exact[key] }

    /// What a header that is no exact key answers to, read by its words.
    func reading(_ header: String) -> Outcome {
        guard header.utf8.count <= HeaderWords.maxBytes else { return .none }
        let words = HeaderWords.words(header)
        guard let head = words.first, words.allSatisfy(knownWords.contains) else { return .none }
        if let fields = sequences[words.joined(separator: " ")] { return outcome(fields) }
        let reordered = bags[words.sorted().joined(separator: " ")]?.filter { $0.head == head }.map(\.field) ?? []
        if !reordered.isEmpty { return outcome(reordered) }
        var within: [String] = []
        for (field, text) in byHead[head] ?? [] where !within.contains(field) {
            if Self.holds(words, text, otherWordsIn: vocabulary[field] ?? []) { within.append(field) }
        }
        return within.isEmpty ? .none : outcome(within)
    }

    private func outcome(_ fields: [String]) -> Outcome {
        var distinct: [String] = []
        for field in fields where !distinct.contains(field) { distinct.append(field) }
        guard distinct.count > 1 else { return distinct.first.map { .field($0) } ?? .none }
        return .ambiguous(distinct.sorted { (order[$0] ?? 0) < (order[$1] ?? 0) })
    }

    /// Whether `text`'s words appear in `header`'s in order (both start with the same word), every
    /// other word of the header being one of `own` or a neutral word.
    static func holds(_ header: [String], _ text: [String], otherWordsIn own: Set<String>) -> Bool {
        var next = 0
        for word in header {
            if next < text.count, word == text[next] {
                next += 1
            } else if !own.contains(word) && !HeaderWords.neutralWords.contains(word) {
                return false
            }
        }
        return next == text.count
    }
}
