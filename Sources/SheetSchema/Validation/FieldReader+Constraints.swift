import Foundation

/// Constraints: what a value read for a field must also satisfy (Table Schema `constraints`,
/// enumerations with their synonyms, year bounds relative to the current year).
extension FieldReader {
    func checkConstraints(_ value: TypedValue, field: Field, outcome: inout FieldOutcome) {
        let c = field.constraints
        func fail(_ fr: String, _ en: String) {
            outcome.issues.append(FieldIssue(.constraintError, nil, Message(fr: fr, en: en), nil))
        }
        switch value {
        case .text(let text) where field.type == .array || field.type == .object:
            // Lengths count items and properties (Table Schema), not characters.
            checkItemCount(text, field: field, outcome: &outcome)
        case .text(let text):
            if let allowed = c.enumValues {
                if allowed.contains(text) { break }
                let key = TextKey.make(text)
                if let canonical = field.synonyms[key] ?? allowed.first(where: { TextKey.make($0) == key }) {
                    outcome.value = .text(canonical)
                    return checkConstraints(.text(canonical), field: field, outcome: &outcome)
                }
                fail(
                    "valeur hors de la liste (\(allowed.prefix(8).joined(separator: ", "))\(allowed.count > 8 ? ", …" : ""))",
                    "value not in the list (\(allowed.prefix(8).joined(separator: ", "))\(allowed.count > 8 ? ", …" : ""))"
                )
            }
            // Characters are counted only when the bytes leave a doubt (never more characters than bytes).
            let bytes = text.utf8.count
            if let minimum = c.minLength, bytes < minimum || text.count < minimum {
                fail("au moins \(minimum) caractères attendus", "at least \(minimum) characters expected")
            }
            if let maximum = c.maxLength, bytes > maximum, case let length = text.count, length > maximum {
                fail("au plus \(maximum) caractères (\(length) ici)", "at most \(maximum) characters (\(length) here)")
            }
            if let pattern = c.pattern, let regex = field.patternRegex, (try? regex.wholeMatch(in: text)) == nil {
                fail(
                    "ne respecte pas le format attendu (\(pattern))", "does not match the expected format (\(pattern))")
            }
        case .number(let number, _):
            if let minimum = c.minimum, number < minimum { fail("doit être ≥ \(minimum)", "must be ≥ \(minimum)") }
            if let maximum = c.maximum, number > maximum { fail("doit être ≤ \(maximum)", "must be ≤ \(maximum)") }
            if let minimum = c.exclusiveMinimum, number <= minimum {
                fail("doit être > \(minimum)", "must be > \(minimum)")
            }
            if let maximum = c.exclusiveMaximum, number >= maximum {
                fail("doit être < \(maximum)", "must be < \(maximum)")
            }
            if field.type == .year {
                if let text = field.minimumText, let bound = yearBound(text), number < Decimal(bound) {
                    fail("année ≥ \(bound) attendue", "year ≥ \(bound) expected")
                }
                if let text = field.maximumText, let bound = yearBound(text), number > Decimal(bound) {
                    fail("année ≤ \(bound) attendue", "year ≤ \(bound) expected")
                }
            }
            if let allowed = c.enumValues, !allowed.contains(value.canonical) {
                fail(
                    "valeur hors de la liste (\(allowed.joined(separator: ", ")))",
                    "value not in the list (\(allowed.joined(separator: ", ")))")
            }
        case .date(let iso):
            if let minimum = field.minimumText, iso < minimum {
                fail("date ≥ \(minimum) attendue", "date ≥ \(minimum) expected")
            }
            if let maximum = field.maximumText, iso > maximum {
                fail("date ≤ \(maximum) attendue", "date ≤ \(maximum) expected")
            }
        case .boolean, .list:
            break
        }
    }

    /// `2018`, `current`, `current+1`.
    func yearBound(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        guard text.hasPrefix("current") else { return nil }
        let rest = text.dropFirst("current".count)
        if rest.isEmpty { return currentYear }
        return Int(rest).map { currentYear + $0 }  // "+1" and "-1" parse as they are
    }
}
