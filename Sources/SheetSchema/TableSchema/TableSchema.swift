public import Foundation

/// A Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/), with the
/// properties sheetpipe adds where the standard has none. Two of them are a contract other tools
/// may write: a field's `labels` (other header texts accepted besides `name` and `title`) and
/// `locale` (`"fr"` on a field or the whole schema: French forms accepted in addition to the
/// standard ones). The others: `kind` (amount, siren, siret, rna, region, department,
/// postal-code), `synonyms` (variant → enum value), schema `name` and `version`, and `rules`
/// (cross-field checks).
public struct TableSchema: Sendable {
    /// The schema's name (our property; a template stamps it).
    public var name: String?
    /// The schema's version (our property).
    public var version: String?
    /// A title for people.
    public var title: String?
    /// The fields, in order.
    public var fields: [Field]
    /// Texts that mean "no value" (default `[""]`).
    public var missingValues: [String]
    /// The fields that together identify a row (empty: none).
    public var primaryKey: [String]
    /// Sets of fields whose values must not repeat.
    public var uniqueKeys: [[String]]
    /// `"fr"`: every field also accepts the French forms.
    public var locale: String?
    /// Cross-field checks (our property).
    public var rules: [Rule]
    /// Fields whose values must be in a reference list.
    public var foreignKeys: [ForeignKey] = []
    /// Header texts (as keys) of columns holding personal data the programme does not collect:
    /// such a column is ignored, with a warning (our property `personalDataLabels`).
    public var personalDataKeys: [String] = []

    /// The field with this name.
    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
}

/// Fields whose values must be found in columns of a reference list (a CSV of
/// pipelines/reference, or a path relative to the schema), or — `resource` empty — in the key
/// columns of the table itself (a self-reference, resolved against the file's own rows at its
/// end). One field or several (the values compared together). Matched by key (accents, case
/// and punctuation folded). `severity` (our property) lets a partial list only warn.
public struct ForeignKey: Sendable {
    /// The fields whose values are looked up, in order.
    public var fields: [String]
    /// The reference list (its file); empty: the table itself.
    public var resource: String
    /// The list's (or the table's) fields the values are looked for in, in the same order.
    public var columns: [String]
    /// The severity of a value not found.
    public var severity: Severity
    /// Keys of the reference columns (several columns: their keys joined by `ForeignKey.joiner`);
    /// empty for a self-reference (the table's own rows are the list).
    public var keys: Set<String>
    /// Checked only when this field holds one of these values (our property).
    public var when: Trigger?

    /// The first (often only) field.
    public var field: String { fields[0] }
    /// The first (often only) reference column.
    public var column: String { columns[0] }
    /// The key refers to the table's own rows (`"resource": ""`).
    public var isSelfReference: Bool { resource.isEmpty }
    /// Joins the keys of a multi-field value (a character no key holds: keys are folded text).
    public static let joiner = "\u{1F}"

    /// A field and the values of it that make a foreign key apply.
    public struct Trigger: Sendable {
        /// The field looked at.
        public var field: String
        /// The values (canonical) for which the key is checked.
        public var values: [String]
    }
}

/// Table Schema field types.
public enum FieldType: String, Sendable, CaseIterable {
    /// As in Table Schema.
    case string, integer, number, boolean, date, datetime, time, year, yearmonth, list, any
    /// A JSON object, as text (`{"a": 1}`).
    case object
    /// A JSON array, as text (`[1, 2]`).
    case array
    /// A point on Earth: `lon, lat` (format default), `[lon, lat]` (array), `{"lon": …, "lat": …}` (object).
    case geopoint
    /// A GeoJSON object (format default) or a TopoJSON one (format topojson), as text.
    case geojson
    /// An ISO 8601 duration (`P1Y2M10DT2H30M`).
    case duration
}

/// Value kinds French submissions need and Table Schema lacks.
public enum ValueKind: String, Sendable, CaseIterable {
    /// A sum of money (currency words and multipliers allowed).
    case amount
    /// A SIREN (company) number.
    case siren
    /// A SIRET (establishment) number.
    case siret
    /// An RNA (association) number.
    case rna
    /// A region, read as its code.
    case region
    /// A department, read as its code.
    case department
    /// A French postal code.
    case postalCode = "postal-code"
}

/// Table Schema constraints on a field's values.
public struct Constraints: Sendable {
    /// A value must be present.
    public var required = false
    /// No two rows may have the same value.
    public var unique = false
    /// At least this many characters.
    public var minLength: Int?
    /// At most this many characters.
    public var maxLength: Int?
    /// The smallest number allowed.
    public var minimum: Decimal?
    /// The largest number allowed.
    public var maximum: Decimal?
    /// Numbers must be above this.
    public var exclusiveMinimum: Decimal?
    /// Numbers must be below this.
    public var exclusiveMaximum: Decimal?
    /// Compiled from `pattern`; matched against the whole value.
    public var pattern: String?
    /// The values allowed (`enum`).
    public var enumValues: [String]?

    /// No constraint.
    public init() {}
}

/// A field of a Table Schema, with sheetpipe's properties.
public final class Field: Sendable {
    /// The name (also a header text it answers to).
    public let name: String
    /// A title for people (a header text too).
    public let title: String?
    /// What the field holds.
    public let description: String?
    /// The Table Schema type.
    public let type: FieldType
    /// The Table Schema format (`email`, `%d/%m/%Y`…).
    public let format: String?
    /// Constraints on the values.
    public let constraints: Constraints
    /// Texts meaning "no value" for this field (nil: the schema's).
    public let missingValues: [String]?
    /// Other header texts accepted (our property).
    public let labels: [String]
    /// `"fr"`: French forms accepted too.
    public let locale: String?
    /// A French kind of value (our property).
    public let kind: ValueKind?
    /// Variant (as a key) → enum value (our property).
    public let synonyms: [String: String]
    /// Texts read as true.
    public let trueValues: [String]
    /// Texts read as false.
    public let falseValues: [String]
    /// The decimal separator of standard numbers.
    public let decimalChar: String
    /// The thousands separator of standard numbers.
    public let groupChar: String?
    /// Numbers carry no other characters (false: `€ 12` reads as 12).
    public let bareNumber: Bool
    /// The separator of list items.
    public let delimiter: String
    /// The type of list items.
    public let itemType: FieldType
    /// A date or year bound as written (`2018`, `current+1`).
    public let minimumText: String?
    /// A date or year bound as written.
    public let maximumText: String?
    /// `constraints.pattern` compiled once (the loader has checked that it compiles): values are
    /// matched against it row after row. Never mutated; a `Regex` is Sendable when its output
    /// type is, and only `AnyRegexOutput` (made per match) keeps this one from being so.
    nonisolated(unsafe) let patternRegex: Regex<AnyRegexOutput>?
    /// A cell's text is read for this field whatever the cell's kind (text-like and JSON types).
    let readsText: Bool

    /// A field with these properties.
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
        switch type {
        case .string, .any, .list, .object, .array, .geopoint, .geojson, .duration: readsText = true
        case .integer, .number, .boolean, .date, .datetime, .time, .year, .yearmonth: readsText = false
        }
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

    /// French forms are accepted.
    public var isFrench: Bool { locale == "fr" }
}

/// A condition on a row: a field holding one of `values`, or a number within the bounds.
public struct Condition: Sendable {
    /// The field looked at.
    public var field: String
    /// It holds one of these values (canonical), when given.
    public var values: [String]?
    /// It is a number at least this, when given.
    public var minimum: Decimal?
    /// It is a number at most this, when given.
    public var maximum: Decimal?
}

/// The right-hand side of a comparison: another field, or a constant.
public enum Operand: Sendable {
    /// Another field's value.
    case field(String)
    /// A number.
    case constant(Decimal)
}

/// A cross-field check. Severity says whether a failure rejects the row; `when` and `unless`
/// say on which rows it applies.
/// A class: the validator walks the rules for every row, and passing a reference is one retain
/// (a struct of strings would copy each).
public final class Rule: Sendable {
    /// What a rule checks.
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

    /// What the rule checks.
    public let check: Check
    /// The severity of a failure (an error rejects the row).
    public let severity: Severity
    /// What to say when it fails (nil: a message made from the check).
    public let message: Message?
    /// The rule applies only to rows where this holds.
    public let when: Condition?
    /// The rule does not apply to rows where this holds.
    public let unless: Condition?

    /// A rule.
    public init(check: Check, severity: Severity, message: Message?, when: Condition?, unless: Condition?) {
        self.check = check
        self.severity = severity
        self.message = message
        self.when = when
        self.unless = unless
    }
}

/// The operator of a comparison rule.
public enum ComparisonOperator: String, Sendable {
    /// `<`
    case lessThan = "<"
    /// `<=`
    case lessOrEqual = "<="
    /// `>`
    case greaterThan = ">"
    /// `>=`
    case greaterOrEqual = ">="
    /// `==`
    case equal = "=="
}

/// How serious an issue is.
public enum Severity: String, Sendable, Codable, Comparable {
    /// What was done, for the record.
    case info
    /// Worth a look; the row is kept.
    case warning
    /// The row (or the file) cannot be kept.
    case error

    /// Info < warning < error.
    public static func < (a: Severity, b: Severity) -> Bool {
        let order: [Severity] = [.info, .warning, .error]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}
