/// The words of a header that carry its meaning, in order, spelled one way whatever way a person
/// wrote them: `Coût total H.T. (€)` → `cout total ht`, `Nb. d'emplois créés` → `nombre emploi cree`,
/// `N° de la fiche` → `numero fiche`. Header matching and suggestions both read headers through it.
enum HeaderWords {
    /// A header longer than this is not read for its words (a title or a note in a cell, not a
    /// header): only its exact key can match.
    static let maxBytes = 200

    /// The meaningful words of `text`, in order: dotted abbreviations run together (`H.T.` → `ht`),
    /// abbreviations spelled out (`N°`, `No`, `Num.` → `numero`; `Nb.` → `nombre`; `Dépt.` →
    /// `departement`), little words, the plural `(s)` and the euro left out, a final plural `s` dropped.
    static func words(_ text: String) -> [String] {
        var result: [String] = []
        for word in TextKey.make(joiningDottedLetters(text)).split(separator: " ") {
            let spelled = canonical[String(word)] ?? String(word)
            guard !littleWords.contains(spelled) else { continue }
            result.append(singular(spelled))
        }
        return result
    }

    /// `H.T.` → `HT`, `T.T.C` → `TTC`: a token made of single letters each followed by a dot (the
    /// last dot optional) is an abbreviation written with dots. `N° d'ordre` or `Nb.` are left as
    /// they are (only dotted single letters are joined, never letters that stood apart).
    static func joiningDottedLetters(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var output = ""
        var token: [Character] = []
        func flush() {
            // The letters of `(H.T.)` without its brackets: the brackets stay around them.
            let start = token.firstIndex { $0.isLetter } ?? token.endIndex
            let end = (token.lastIndex { $0.isLetter || $0 == "." }).map { token.index(after: $0) } ?? start
            let core = start < end ? Array(token[start..<end]) : []
            if isDottedLetters(core) {
                output += String(token[..<start]) + String(core.filter { $0 != "." }) + String(token[end...])
            } else {
                output += String(token)
            }
            token.removeAll()
        }
        for character in text {
            if character.isWhitespace {
                flush()
                output.append(character)
            } else {
                token.append(character)
            }
        }
        flush()
        return output
    }

    /// `H.T.`, `T.T.C`: letter, dot, letter, dot… (at least two letters).
    private static func isDottedLetters(_ core: [Character]) -> Bool {
        var letters = 0
        var expectLetter = true
        for character in core {
            if expectLetter {
                guard character.isLetter else { return false }
                letters += 1
            } else if character != "." {
                return false
            }
            expectLetter.toggle()
        }
        return letters >= 2
    }

    /// `emplois` → `emploi`, `créés` → `cree`: a final `s` dropped from words of four letters or more
    /// (never `ss`), so that singular and plural read alike.
    static func singular(_ word: String) -> String {
        guard word.utf8.count >= 4, word.hasSuffix("s"), !word.hasSuffix("ss") else { return word }
        return String(word.dropLast())
    }

    /// Abbreviations people write in headers, by their matching key, and the word they stand for.
    static let canonical: [String: String] = [
        "n": "numero", "no": "numero", "num": "numero", "nro": "numero", "nr": "numero",
        "nb": "nombre", "nbr": "nombre", "nbre": "nombre",
        "dept": "departement", "dpt": "departement", "dep": "departement", "depts": "departement",
        "ref": "reference", "id": "identifiant", "ident": "identifiant", "deb": "debut", "tot": "total",
        "mt": "montant", "mnt": "montant", "desc": "description", "descr": "description", "reg": "region",
    ]

    /// Words that say nothing about which field a header is (articles, prepositions, the `(s)` of a
    /// plural) and the euro (`(€)` is no word already; `EUR`, `en euros` are).
    static let littleWords: Set<String> = [
        "d", "l", "s", "de", "du", "des", "la", "le", "les", "en", "et", "ou", "a", "au", "aux", "par", "pour", "sur",
        "un", "une", "the", "of", "eur", "euro", "euros",
    ]

    /// Words a header may add to a field's label without meaning another field: what it is about
    /// (`du projet`, `de la fiche`), that it is planned (`prévue`), and the form of its values
    /// (`(jj/mm/aaaa)`, `(oui/non)`). Never a word that tells two amounts or two dates apart (`HT`,
    /// `TTC`, `k€`, `début`, `fin`): those must be the field's own.
    static let neutralWords: Set<String> = [
        "projet", "action", "fiche", "operation", "prevu", "prevue", "previsionnel", "previsionnelle", "estime",
        "estimee", "global", "globale", "jj", "mm", "aa", "aaaa", "yyyy", "dd", "oui", "non", "x",
    ]
}
