import Foundation
import SheetHashing
import SheetReading

/// The schema's cross-field rules, checked on each row's values.
extension SheetValidator {
    private func holds(
        _ condition: Condition, at position: Int, bounds: ResolvedRules.ConditionBounds, _ values: RowValues
    ) -> Bool {
        guard let value = values[at: position] else { return false }
        if let allowed = condition.values, !allowed.contains(value.canonical) { return false }
        guard condition.minimum != nil || condition.maximum != nil else { return true }
        // In millionths as integers when value and bounds fit (Decimal comparisons are slow).
        if bounds.fit, let number = value.millionths {
            if let minimum = bounds.minimum, number < minimum { return false }
            if let maximum = bounds.maximum, number > maximum { return false }
            return true
        }
        if let minimum = condition.minimum {
            guard let number = value.decimal, number >= minimum else { return false }
        }
        if let maximum = condition.maximum {
            guard let number = value.decimal, number <= maximum else { return false }
        }
        return true
    }

    /// Codes of a department field (a list or one value).
    private func items(_ value: TypedValue) -> [String] {
        if case .list(let list) = value { return list.map(\.canonical) }
        return [value.canonical]
    }

    /// Reports the rules the row breaks.
    func checkRules(_ state: RowState, row: Int) {
        for (position, rule) in schema.rules.enumerated() {
            // A rule reads only the values of its fields (and of its conditions' fields): one
            // that held for these value ids holds again, and is not checked again.
            let key = state.packedValueIDs(of: resolvedRules.reads[position])
            if let key, passedRules[position].contains(key) { continue }
            let issuesBefore = rowIssues.count
            check(rule, at: position, state.values, row: row)
            if let key, rowIssues.count == issuesBefore, passedRules[position].count < Self.passedRulesLimit {
                passedRules[position].insert(key)
            }
        }
    }

    /// How many value combinations a rule (or a foreign key) remembers as holding.
    static let passedRulesLimit = 1 << 16

    private func check(_ rule: Rule, at position: Int, _ values: RowValues, row: Int) {
        let conditions = resolvedRules.conditionFields[position]
        let bounds = resolvedRules.conditionBounds[position]
        if let when = rule.when,
            !holds(when, at: conditions.when, bounds: bounds.when, values)
        {
            return
        }
        if let unless = rule.unless,
            holds(unless, at: conditions.unless, bounds: bounds.unless, values)
        {
            return
        }
        let fields = resolvedRules.fields[position]
        func report(_ field: String?, value: String? = nil, _ fallback: Message) {
            let column = field.flatMap { fieldIndex[$0] }.flatMap { fieldColumns[$0] }
            issue(
                .ruleError, severity: rule.severity, cell: column.map { CellReference.name(row: row, column: $0) },
                row: row, field: field, value: value, rule.message ?? fallback)
        }
        switch rule.check {
        case .departmentsInRegion(let departmentsField, _):
            guard let places = reader.places, let region = values[at: fields[1]]?.canonical,
                let departments = values[at: fields[0]]
            else { return }
            let outside = items(departments).filter {
                places.departments[$0].map { $0.regionCode != region } ?? false
            }
            if !outside.isEmpty {
                report(
                    departmentsField, value: outside.joined(separator: ", "),
                    Message(
                        fr:
                            "département(s) \(outside.joined(separator: ", ")) hors de la région \(region) (territoire interrégional ?)",
                        en:
                            "department(s) \(outside.joined(separator: ", ")) outside region \(region) (an interregional territory?)"
                    ))
            }
        case .postalCodeInDepartments(let postalField, _):
            guard let postal = values[at: fields[0]]?.canonical, postal.utf8.count == 5,
                let departments = values[at: fields[1]]
            else { return }
            // (A few codes: an array is searched faster than a set is built.)
            let codes = items(departments)
            let prefix2 = String(postal.prefix(2))
            let matches =
                codes.contains(prefix2) || codes.contains(String(postal.prefix(3)))
                || (prefix2 == "20" && (codes.contains("2A") || codes.contains("2B")))
            if !matches {
                report(
                    postalField, value: postal,
                    Message(
                        fr:
                            "code postal \(postal) hors des départements indiqués (\(Set(codes).sorted().joined(separator: ", ")))",
                        en:
                            "postal code \(postal) outside the departments given (\(Set(codes).sorted().joined(separator: ", ")))"
                    ))
            }
        case .pattern(let field, let pattern):
            guard let value = values[at: fields[0]], let regex = compiled(pattern) else { return }
            for item in items(value) where (try? regex.wholeMatch(in: item)) == nil {
                report(
                    field, value: item,
                    Message(
                        fr: "valeur inhabituelle (\(pattern) attendu)", en: "unusual value (\(pattern) expected)"))
            }
        case .valueIn(let field, let allowed):
            guard let value = values[at: fields[0]] else { return }
            for item in items(value) where !allowed.contains(item) {
                report(
                    field, value: item,
                    Message(
                        fr: "valeur attendue parmi \(allowed.joined(separator: ", "))",
                        en: "value expected among \(allowed.joined(separator: ", "))"))
            }
        case .compare(let left, let op, let rightOperand, let tolerance):
            guard let a = values[at: fields[0]],
                let b = fields[1] >= 0 ? values[at: fields[1]] : resolvedRules.constants[position]
            else { return }
            let holds: Bool
            // Numbers in millionths compare as integers, exactly; other numbers as Decimals.
            if let x = a.millionths, let y = b.millionths, let margin = resolvedRules.tolerances[position] {
                holds = Self.compare(x, op, y, tolerance: margin)
            } else if let x = a.decimal, let y = b.decimal {
                holds = Self.compare(x, op, y, tolerance: tolerance)
            } else {
                holds = Self.compare(a.canonical, op, b.canonical)
            }
            if !holds {
                let right: String
                switch rightOperand {
                case .field(let name): right = name
                case .constant(let constant): right = "\(constant)"
                }
                issue(
                    .ruleError, severity: rule.severity, row: row, field: left,
                    value: "\(a.canonical) \(op.rawValue) \(b.canonical)",
                    rule.message
                        ?? Message(
                            fr: "\(left) \(op.rawValue) \(right) non respecté",
                            en: "\(left) \(op.rawValue) \(right) does not hold"))
            }
        case .requiredWhen(let field, let when, let allowed, let unless):
            guard !values.isPresent(at: fields[0]), let trigger = values[at: fields[1]],
                allowed.contains(trigger.canonical),
                !unless.indices.contains(where: { values.isPresent(at: fields[2 + $0]) })
            else { return }
            issue(
                .ruleError, severity: rule.severity, row: row, field: field,
                rule.message
                    ?? Message(
                        fr: "\(field) obligatoire quand \(when) = \(trigger.canonical)",
                        en: "\(field) is required when \(when) = \(trigger.canonical)"))
        case .atLeastOne(let names):
            guard !fields.contains(where: { values.isPresent(at: $0) }) else { return }
            issue(
                .ruleError, severity: rule.severity, row: row, field: names.first,
                rule.message
                    ?? Message(
                        fr: "au moins un de : \(names.joined(separator: ", "))",
                        en: "at least one of: \(names.joined(separator: ", "))"))
        case .prefixOf(let field, let of, let length):
            guard let a = values[at: fields[0]]?.canonical, let b = values[at: fields[1]]?.canonical,
                String(b.prefix(length)) != a
            else { return }
            issue(
                .ruleError, severity: rule.severity, row: row, field: field, value: a,
                rule.message ?? Message(fr: "\(field) ≠ début de \(of)", en: "\(field) is not the start of \(of)"))
        }
    }

    /// `x op y`, the tolerance widening it in the lenient direction (0: none).
    private static func compare<T: Comparable & SignedNumeric>(
        _ x: T, _ op: ComparisonOperator, _ y: T, tolerance: T
    ) -> Bool {
        switch op {
        case .lessThan: return x < y + tolerance
        case .lessOrEqual: return x <= y + tolerance
        case .greaterThan: return x + tolerance > y
        case .greaterOrEqual: return x + tolerance >= y
        case .equal: return tolerance == 0 ? x == y : (x - y).magnitude <= tolerance.magnitude
        }
    }

    private static func compare(_ x: String, _ op: ComparisonOperator, _ y: String) -> Bool {
        switch op {
        case .lessThan: return x < y
        case .lessOrEqual: return x <= y
        case .greaterThan: return x > y
        case .greaterOrEqual: return x >= y
        case .equal: return x == y
        }
    }

    private func compiled(_ pattern: String) -> Regex<AnyRegexOutput>? {
        if let known = regexes[pattern] { return known }
        guard let regex = try? Regex(pattern) else { return nil }
        regexes[pattern] = regex
        return regex
    }
}

/// The schema's rules resolved against field positions, once per file: rules run for every row,
/// and a name looked up there would be a string hashed each time.
struct ResolvedRules {
    /// Per rule, the positions in the row of the fields it reads (`fieldNames(of:)`; -1: not in
    /// the schema), and of its `when` and `unless` fields.
    let fields: [[Int]]
    let conditionFields: [(when: Int, unless: Int)]
    let conditionBounds: [(when: ConditionBounds, unless: ConditionBounds)]
    /// Per rule, every field it reads (its own and its conditions'): the value ids that key its memo.
    let reads: [[Int]]
    /// Per comparison rule, its constant operand as a value and its tolerance in millionths
    /// (nil: the rule has none, or it does not fit).
    let constants: [TypedValue?]
    let tolerances: [Int64?]

    init(_ rules: [Rule], fieldIndex indexes: [String: Int]) {
        fields = rules.map { rule in Self.fieldNames(of: rule.check).map { indexes[$0] ?? -1 } }
        conditionFields = rules.map { rule in
            (rule.when.flatMap { indexes[$0.field] } ?? -1, rule.unless.flatMap { indexes[$0.field] } ?? -1)
        }
        conditionBounds = rules.map { rule in (ConditionBounds(rule.when), ConditionBounds(rule.unless)) }
        reads = rules.map { rule in
            let names = Self.fieldNames(of: rule.check) + [rule.when?.field, rule.unless?.field].compactMap { $0 }
            // (A name the schema lacks reads nothing: always empty.)
            return Array(Set(names.compactMap { indexes[$0] })).sorted()
        }
        constants = rules.map { rule in
            guard case .compare(_, _, .constant(let constant), _) = rule.check else { return nil }
            return TypedValue.number(constant)
        }
        tolerances = rules.map { rule in
            guard case .compare(_, _, _, let tolerance) = rule.check else { return nil }
            return TypedValue.number(tolerance).millionths
        }
    }

    /// The fields a rule reads, in the order `checkRules` takes their positions.
    static func fieldNames(of check: Rule.Check) -> [String] {
        switch check {
        case .compare(let left, _, let right, _):
            if case .field(let name) = right { return [left, name] }
            return [left, ""]
        case .departmentsInRegion(let departments, let region): return [departments, region]
        case .postalCodeInDepartments(let postalCode, let departments): return [postalCode, departments]
        case .pattern(let field, _), .valueIn(let field, _): return [field]
        case .requiredWhen(let field, let when, _, let unless): return [field, when] + unless
        case .atLeastOne(let fields): return fields
        case .prefixOf(let field, let of, _): return [field, of]
        }
    }

    /// A condition's bounds in millionths; `fit` is false when a bound does not fit.
    struct ConditionBounds {
        var minimum: Int64?
        var maximum: Int64?
        var fit: Bool

        init(_ condition: Condition?) {
            minimum = condition?.minimum.flatMap { TypedValue.number($0).millionths }
            maximum = condition?.maximum.flatMap { TypedValue.number($0).millionths }
            fit = (condition?.minimum == nil || minimum != nil) && (condition?.maximum == nil || maximum != nil)
        }
    }

}
