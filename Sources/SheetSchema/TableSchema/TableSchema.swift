public import Foundation

/// A Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/), with the
/// properties sheetpipe adds where the standard has none. Two of them are a contract other tools
/// may write: a field's `labels` (other header texts accepted besides `name` and `title`) and
/// `locale` (`"fr"` on a field or the whole schema: French forms accepted in addition to the
/// standard ones). The others: `kind` (amount, siren, siret, rna, region, department,
/// postal-code), `synonyms` (variant → enum value), schema `name` and `version`, and `rules`
/// (cross-field checks).
public struct TableSchema: Sendable {
    public var name: String?
    public var version: String?
    public var title: String?
    public var fields: [Field]
    /// Texts that mean "no value" (default `[""]`).
    public var missingValues: [String]
    public var primaryKey: [String]
    public var uniqueKeys: [[String]]
    public var locale: String?
    public var rules: [Rule]
    public var foreignKeys: [ForeignKey] = []
    /// Header texts (as keys) of columns holding personal data the programme does not collect:
    /// such a column is ignored, with a warning (our property `personalDataLabels`).
    public var personalDataKeys: [String] = []

    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
}

/// A field whose values must be found in a column of a reference list (a CSV of
/// pipelines/reference, or a path relative to the schema). Matched by key (accents, case and
/// punctuation folded). `severity` (our property) lets a partial list only warn.
public struct ForeignKey: Sendable {
    public var field: String
    public var resource: String
    public var column: String
    public var severity: Severity
    /// Keys of the reference column.
    public var keys: Set<String>
    /// Checked only when this field holds one of these values (our property).
    public var when: (field: String, values: [String])?
}

public enum FieldType: String, Sendable, CaseIterable {
    case string, integer, number, boolean, date, datetime, time, year, yearmonth, list, any
}

/// Value kinds French submissions need and Table Schema lacks.
public enum ValueKind: String, Sendable, CaseIterable {
    case amount
    case siren
    case siret
    case rna
    case region
    case department
    case postalCode = "postal-code"
}

public struct Constraints: Sendable {
    public var required = false
    public var unique = false
    public var minLength: Int?
    public var maxLength: Int?
    public var minimum: Decimal?
    public var maximum: Decimal?
    public var exclusiveMinimum: Decimal?
    public var exclusiveMaximum: Decimal?
    /// Compiled from `pattern`; matched against the whole value.
    public var pattern: String?
    public var enumValues: [String]?

    public init() {}
}

public final class Field: Sendable {
    public let name: String
    public let title: String?
    public let description: String?
    public let type: FieldType
    public let format: String?
    public let constraints: Constraints
    public let missingValues: [String]?
    public let labels: [String]
    public let locale: String?
    public let kind: ValueKind?
    public let synonyms: [String: String]
    public let trueValues: [String]
    public let falseValues: [String]
    public let decimalChar: String
    public let groupChar: String?
    public let bareNumber: Bool
    public let delimiter: String
    public let itemType: FieldType
    public let minimumText: String?
    public let maximumText: String?
    /// `constraints.pattern` compiled once (the loader has checked that it compiles): values are
    /// matched against it row after row. Never mutated; a `Regex` is Sendable when its output
    /// type is, and only `AnyRegexOutput` (made per match) keeps this one from being so.
    nonisolated(unsafe) let patternRegex: Regex<AnyRegexOutput>?

    public init(
        name: String, title: String?, description: String?, type: FieldType, format: String?, constraints: Constraints,
        missingValues: [String]?, labels: [String], locale: String?, kind: ValueKind?, synonyms: [String: String],
        trueValues: [String], falseValues: [String], decimalChar: String, groupChar: String?, bareNumber: Bool,
        delimiter: String, itemType: FieldType, minimumText: String?, maximumText: String?
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.type = type
        self.format = format
        self.constraints = constraints
        self.missingValues = missingValues
        self.labels = labels
        self.locale = locale
        self.kind = kind
        self.synonyms = synonyms
        self.trueValues = trueValues
        self.falseValues = falseValues
        self.decimalChar = decimalChar
        self.groupChar = groupChar
        self.bareNumber = bareNumber
        self.delimiter = delimiter
        self.itemType = itemType
        self.minimumText = minimumText
        self.maximumText = maximumText
        patternRegex = constraints.pattern.flatMap { try? Regex($0) }
    }

    /// The same field reading one item of a list: the item type, the enum, no other constraint.
    func listItem() -> Field {
        var itemConstraints = Constraints()
        itemConstraints.enumValues = constraints.enumValues
        return Field(
            name: name, title: title, description: description, type: itemType, format: format,
            constraints: itemConstraints, missingValues: missingValues, labels: labels, locale: locale, kind: kind,
            synonyms: synonyms, trueValues: trueValues, falseValues: falseValues, decimalChar: decimalChar,
            groupChar: groupChar, bareNumber: bareNumber, delimiter: delimiter, itemType: itemType,
            minimumText: minimumText, maximumText: maximumText)
    }

    /// Every header text this field answers to, as matching keys.
    public var headerKeys: [String] {
        var keys = [TextKey.make(name)]
        if let title { keys.append(TextKey.make(title)) }
        keys.append(contentsOf: labels.map(TextKey.make))
        return keys.filter { !$0.isEmpty }
    }

    public var isFrench: Bool { locale == "fr" }
}

/// A condition on a row: a field holding one of `values`, or a number within the bounds.
public struct Condition: Sendable {
    public var field: String
    public var values: [String]?
    public var minimum: Decimal?
    public var maximum: Decimal?
}

/// The right-hand side of a comparison: another field, or a constant.
public enum Operand: Sendable {
    case field(String)
    case constant(Decimal)
}

/// A cross-field check. Severity says whether a failure rejects the row; `when` and `unless`
/// say on which rows it applies.
/// A class: the validator walks the rules for every row, and passing a reference is one retain
/// (a struct of strings would copy each).
public final class Rule: Sendable {
    public enum Check: Sendable {
        /// `left op right` (+ tolerance), when both are present.
        case compare(left: String, op: ComparisonOperator, right: Operand, tolerance: Decimal)
        /// Every department of `departments` belongs to the region in `region`.
        case departmentsInRegion(departments: String, region: String)
        /// The postal code's department is one of `departments` (Corsica's 20xxx is 2A or 2B).
        case postalCodeInDepartments(postalCode: String, departments: String)
        /// The value (each item of a list) matches the pattern.
        case pattern(field: String, pattern: String)
        /// The value (each item of a list) is one of `values`.
        case valueIn(field: String, values: [String])
        /// `field` is required when `when` holds one of `values`, unless one of `unless` is present.
        case requiredWhen(field: String, when: String, values: [String], unless: [String])
        /// At least one of the fields is present.
        case atLeastOne(fields: [String])
        /// `field` equals the first `length` characters of `of`, when both are present.
        case prefixOf(field: String, of: String, length: Int)
    }

    public let check: Check
    public let severity: Severity
    public let message: Message?
    public let when: Condition?
    public let unless: Condition?

    public init(check: Check, severity: Severity, message: Message?, when: Condition?, unless: Condition?) {
        self.check = check
        self.severity = severity
        self.message = message
        self.when = when
        self.unless = unless
    }
}

public enum ComparisonOperator: String, Sendable {
    case lessThan = "<"
    case lessOrEqual = "<="
    case greaterThan = ">"
    case greaterOrEqual = ">="
    case equal = "=="
}

public enum Severity: String, Sendable, Codable, Comparable {
    case info
    case warning
    case error

    public static func < (a: Severity, b: Severity) -> Bool {
        let order: [Severity] = [.info, .warning, .error]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}
