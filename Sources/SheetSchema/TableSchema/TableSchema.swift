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

    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
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

public struct Field: Sendable {
    public var name: String
    public var title: String?
    public var description: String?
    public var type: FieldType
    public var format: String?
    public var constraints: Constraints
    public var missingValues: [String]?
    public var labels: [String]
    public var locale: String?
    public var kind: ValueKind?
    /// Variant (any spelling) → enum value, matched by key.
    public var synonyms: [String: String]
    public var trueValues: [String]
    public var falseValues: [String]
    public var decimalChar: String
    public var groupChar: String?
    public var bareNumber: Bool
    /// list: the delimiter between items and their type.
    public var delimiter: String
    public var itemType: FieldType
    /// Standard minimum/maximum on dates and years, kept as text (ISO) or numbers.
    public var minimumText: String?
    public var maximumText: String?

    /// Every header text this field answers to, as matching keys.
    public var headerKeys: [String] {
        var keys = [TextKey.make(name)]
        if let title { keys.append(TextKey.make(title)) }
        keys.append(contentsOf: labels.map(TextKey.make))
        return keys.filter { !$0.isEmpty }
    }

    public var isFrench: Bool { locale == "fr" }
}

/// A cross-field check. Severity says whether a failure rejects the row.
public struct Rule: Sendable {
    public enum Check: Sendable {
        /// `left op right` (+ tolerance), when both are present.
        case compare(left: String, op: ComparisonOperator, right: String, tolerance: Decimal)
        /// `field` is required when `when` holds one of `values`, unless one of `unless` is present.
        case requiredWhen(field: String, when: String, values: [String], unless: [String])
        /// At least one of the fields is present.
        case atLeastOne(fields: [String])
        /// `field` equals the first `length` characters of `of`, when both are present.
        case prefixOf(field: String, of: String, length: Int)
    }

    public var check: Check
    public var severity: Severity
    public var message: Message?
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
