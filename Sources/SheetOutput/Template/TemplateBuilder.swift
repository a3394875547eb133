import Foundation
public import SheetSchema

/// Turns a Table Schema into a `TemplatePlan`: one column per field, headed by its French title,
/// with the data validation Excel can express for it.
///
/// - Dropdowns: enum values (synonyms map onto them), regions, departments and foreign keys'
///   reference columns; inline when the list fits Excel's 255 characters, else from the hidden
///   lists sheet through a defined name.
/// - Numbers (whole or decimal) and dates with their bounds, text with its length bounds.
/// - Alerts stop an enum value outside its list (the schema would refuse it) and only warn
///   elsewhere: `validate` accepts more forms than Excel knows (`1 234,56 €`, `1er mars 2024`,
///   `PACA`), and a list field holds several values.
/// - `required` goes in the input message: Excel cannot force a cell to be filled.
public struct TemplateBuilder: Sendable {
    public var schema: TableSchema
    /// The name the schema is known by when it carries none (its file name).
    public var fallbackName: String
    public var references: TemplateReferences
    public var language: Language
    public var rows: Int
    /// For year bounds such as `current+1` (fixed by the caller, so that a plan is reproducible).
    public var currentYear: Int

    public init(
        schema: TableSchema, fallbackName: String, references: TemplateReferences, language: Language = .fr,
        rows: Int = 1000, currentYear: Int
    ) {
        self.schema = schema
        self.fallbackName = fallbackName
        self.references = references
        self.language = language
        self.rows = rows
        self.currentYear = currentYear
    }

    private func text(_ fr: String, _ en: String) -> String { language == .fr ? fr : en }

    public func plan() -> TemplatePlan {
        let name = schema.name ?? fallbackName
        let listsSheet = text("Listes", "Lists")
        var lists: [TemplatePlan.List] = []
        var columns: [TemplatePlan.Column] = []
        for field in schema.fields {
            let choices = self.choices(for: field)
            var rule = bounds(for: field)
            if let values = choices?.values {
                if XlsxValidation.fitsInline(values) {
                    rule = .list(values)
                } else {
                    // Too long for an inline list: a column of the lists sheet, named.
                    var name = "Liste_" + Self.nameSafe(field.name)
                    // Two names folded alike (`région`, `r_gion`): the second gets its rank.
                    if lists.contains(where: { $0.name == name }) { name += "_\(lists.count + 1)" }
                    let list = TemplatePlan.List(name: name, title: field.name, values: values, column: lists.count)
                    lists.append(list)
                    rule = .listFormula("=" + list.name)
                }
            }
            let header = field.title ?? field.name
            let validation = XlsxValidation(
                rule: rule,
                alert: choices?.stops == true ? .stop : .warning,
                inputTitle: header,
                inputMessage: inputMessage(for: field, choices: choices?.values),
                errorTitle: text("Valeur non conforme", "Value not accepted"),
                errorMessage: errorMessage(for: field, rule: rule))
            columns.append(
                TemplatePlan.Column(
                    field: field.name, header: header, width: width(header: header, choices: choices?.values),
                    style: XlsxCellStyle(numberFormat: numberFormat(for: field)), validation: validation,
                    readme: readmeLine(for: field, header: header, choices: choices?.values)))
        }
        let version = schema.version
        var properties: [(name: String, value: String)] = [(SchemaStamp.schemaProperty, name)]
        if let version { properties.append((SchemaStamp.versionProperty, version)) }
        let dataSheet = text("Données", "Data")
        let title = schema.title ?? name
        return TemplatePlan(
            schemaName: name, schemaVersion: version, title: title, language: language,
            readmeSheet: text("Lisez-moi", "Read me"), dataSheet: dataSheet, listsSheet: listsSheet,
            columns: columns, lists: lists,
            instructions: instructions(name: name, version: version, title: title, dataSheet: dataSheet),
            readmeHeader: [
                text("Colonne", "Column"), "Description", "Type", text("Obligatoire", "Required"),
                text("Valeurs admises", "Allowed values"), text("Exemple", "Example"),
            ],
            rows: rows, properties: properties)
    }

    // MARK: Dropdowns

    /// The values a dropdown offers, and whether a value outside them is refused (`stops`).
    func choices(for field: Field) -> (values: [String], stops: Bool)? {
        // A list field holds several values: the dropdown helps with one, and only warns.
        let single = field.type != .list
        if let values = field.constraints.enumValues, !values.isEmpty {
            return (values, single)
        }
        if let key = schema.foreignKeys.first(where: { $0.field == field.name }),
            let values = references.foreignKeys[field.name], !values.isEmpty
        {
            return (values, single && key.severity == .error && key.when == nil)
        }
        switch field.kind {
        case .region where !references.regions.isEmpty: return (references.regions, false)
        case .department where !references.departments.isEmpty: return (references.departments, false)
        default: break
        }
        if field.type == .boolean, field.isFrench { return (["oui", "non"], false) }
        return nil
    }

    /// `Liste_` + the field's name with only letters, digits and `_` (what a defined name allows).
    static func nameSafe(_ name: String) -> String {
        String(
            name.unicodeScalars.map {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "_"
            })
    }

    // MARK: Bounds

    func bounds(for field: Field) -> XlsxValidation.Rule {
        let constraints = field.constraints
        func double(_ value: Decimal?) -> Double? { value.map { NSDecimalNumber(decimal: $0).doubleValue } }
        switch field.type {
        case .integer:
            let minimum = constraints.minimum ?? constraints.exclusiveMinimum.map { $0 + 1 }
            let maximum = constraints.maximum ?? constraints.exclusiveMaximum.map { $0 - 1 }
            return .wholeNumber(minimum: double(minimum), maximum: double(maximum))
        case .year:
            let minimum = field.minimumText.flatMap(yearBound) ?? double(constraints.minimum).map { Int($0) }
            let maximum = field.maximumText.flatMap(yearBound) ?? double(constraints.maximum).map { Int($0) }
            return .wholeNumber(minimum: Double(minimum ?? 1900), maximum: Double(maximum ?? 9999))
        case .number:
            return .decimal(
                minimum: double(constraints.minimum ?? constraints.exclusiveMinimum),
                maximum: double(constraints.maximum ?? constraints.exclusiveMaximum))
        case .date:
            return .date(minimum: field.minimumText.flatMap(isoDate), maximum: field.maximumText.flatMap(isoDate))
        case .string:
            if let length = identifierLength(field.kind) { return .textLength(minimum: length, maximum: length) }
            if constraints.minLength != nil || constraints.maxLength != nil {
                return .textLength(minimum: constraints.minLength, maximum: constraints.maxLength)
            }
            return .any
        default:
            return .any
        }
    }

    /// Characters of an identifier typed without spaces.
    func identifierLength(_ kind: ValueKind?) -> Int? {
        switch kind {
        case .siren: 9
        case .siret: 14
        case .rna: 10
        case .postalCode: 5
        default: nil
        }
    }

    /// `2018`, `current`, `current+1` (as `validate` reads them).
    func yearBound(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        guard text.hasPrefix("current") else { return nil }
        let rest = text.dropFirst("current".count)
        if rest.isEmpty { return currentYear }
        return Int(rest.hasPrefix("+") ? String(rest.dropFirst()) : String(rest)).map { currentYear + $0 }
    }

    func isoDate(_ text: String) -> XlsxDate? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            return nil
        }
        return XlsxDate(year: year, month: month, day: day)
    }

    // MARK: Formats

    func numberFormat(for field: Field) -> String? {
        if field.kind == .amount { return XlsxNumberFormat.euros }
        switch field.type {
        case .date: return XlsxNumberFormat.date
        case .datetime: return XlsxNumberFormat.dateTime
        case .time: return XlsxNumberFormat.time
        // Text as typed: leading zeros of identifiers (SIREN, SIRET, postal and department codes) survive.
        case .string, .list: return XlsxNumberFormat.text
        default: return nil
        }
    }

    func width(header: String, choices: [String]?) -> Double {
        let longest = max(header.count, (choices ?? []).map(\.count).max() ?? 0)
        return Double(min(max(longest + 3, 12), 50))
    }

    // MARK: Texts

    func typeName(_ field: Field) -> String {
        switch field.kind {
        case .amount: return text("montant en euros", "amount in euros")
        case .siren: return text("SIREN (9 chiffres)", "SIREN (9 digits)")
        case .siret: return text("SIRET (14 chiffres)", "SIRET (14 digits)")
        case .rna: return text("n° RNA (W + 9 chiffres)", "RNA number (W + 9 digits)")
        case .region: return text("région", "region")
        case .department: return text("code de département", "department code")
        case .postalCode: return text("code postal (5 chiffres)", "postal code (5 digits)")
        case nil: break
        }
        switch field.type {
        case .string, .any: return text("texte", "text")
        case .integer: return text("nombre entier", "whole number")
        case .number: return text("nombre", "number")
        case .boolean: return text("oui ou non", "yes or no")
        case .date: return text("date (jj/mm/aaaa)", "date (dd/mm/yyyy)")
        case .datetime: return text("date et heure", "date and time")
        case .time: return text("heure", "time")
        case .year: return text("année", "year")
        case .yearmonth: return text("année et mois", "year and month")
        case .list: return text("liste", "list")
        case .object: return text("objet JSON", "JSON object")
        case .array: return text("tableau JSON", "JSON array")
        case .geopoint: return text("point (longitude, latitude)", "point (longitude, latitude)")
        case .geojson: return text("objet GeoJSON", "GeoJSON object")
        case .duration: return text("durée ISO 8601 (P1Y2M10DT2H30M)", "ISO 8601 duration (P1Y2M10DT2H30M)")
        }
    }

    func typeDescription(_ field: Field) -> String {
        if field.type == .list {
            let item = field.kind == nil ? text("valeurs", "values") : typeName(field)
            return text(
                "liste (séparateur « \(field.delimiter) ») : \(item)",
                "list (separator '\(field.delimiter)'): \(item)")
        }
        return typeName(field)
    }

    func boundsText(_ field: Field) -> String {
        var parts: [String] = []
        let c = field.constraints
        if field.type == .year {
            if let low = field.minimumText.flatMap(yearBound) { parts.append("≥ \(low)") }
            if let high = field.maximumText.flatMap(yearBound) { parts.append("≤ \(high)") }
        } else if field.type == .date {
            if let low = field.minimumText { parts.append("≥ \(low)") }
            if let high = field.maximumText { parts.append("≤ \(high)") }
        }
        if let low = c.minimum { parts.append("≥ \(low)") }
        if let low = c.exclusiveMinimum { parts.append("> \(low)") }
        if let high = c.maximum { parts.append("≤ \(high)") }
        if let high = c.exclusiveMaximum { parts.append("< \(high)") }
        if let length = c.minLength {
            parts.append(text("au moins \(length) caractères", "at least \(length) characters"))
        }
        if let length = c.maxLength {
            parts.append(text("au plus \(length) caractères", "at most \(length) characters"))
        }
        if let pattern = c.pattern { parts.append(text("forme \(pattern)", "pattern \(pattern)")) }
        return parts.joined(separator: ", ")
    }

    func description(_ field: Field) -> String {
        if let description = field.description, !description.isEmpty { return description }
        let type = typeDescription(field)
        return type.prefix(1).uppercased() + type.dropFirst() + "."
    }

    func inputMessage(for field: Field, choices: [String]?) -> String {
        var parts = [description(field)]
        if field.constraints.required { parts.append(text("Obligatoire.", "Required.")) }
        let bounds = boundsText(field)
        if !bounds.isEmpty { parts.append(bounds + ".") }
        if choices != nil {
            parts.append(
                field.type == .list
                    ? text(
                        "Choisissez dans la liste ; plusieurs valeurs séparées par « \(field.delimiter) ».",
                        "Pick from the list; several values separated by '\(field.delimiter)'.")
                    : text("Choisissez dans la liste.", "Pick from the list."))
        }
        return parts.joined(separator: " ")
    }

    func errorMessage(for field: Field, rule: XlsxValidation.Rule) -> String {
        switch rule {
        case .list, .listFormula: return text("Choisissez une valeur de la liste.", "Pick a value from the list.")
        default:
            let bounds = boundsText(field)
            let expected = typeDescription(field) + (bounds.isEmpty ? "" : " " + bounds)
            return text("Attendu : \(expected).", "Expected: \(expected).")
        }
    }

    /// Per field, the form its values take, as a feedback comment says it: `Attendu : date
    /// (jj/mm/aaaa) ≥ 2020-01-01 ; ex. 15/03/2024`, or the first values of its list.
    public func expectedForms() -> [String: String] {
        var forms: [String: String] = [:]
        for field in schema.fields {
            var expected = typeDescription(field)
            let bounds = boundsText(field)
            if !bounds.isEmpty { expected += " " + bounds }
            let choices = self.choices(for: field)?.values
            if let choices {
                let shown = choices.prefix(8).joined(separator: ", ") + (choices.count > 8 ? ", …" : "")
                expected += text(" ; une valeur de la liste : \(shown)", "; a value of the list: \(shown)")
            }
            let example = self.example(field, choices: choices)
            if !example.isEmpty, choices == nil { expected += text(" ; ex. \(example)", "; e.g. \(example)") }
            forms[field.name] = text("Attendu : \(expected)", "Expected: \(expected)")
        }
        return forms
    }

    func readmeLine(for field: Field, header: String, choices: [String]?) -> [String] {
        var allowed = boundsText(field)
        if let choices {
            let shown =
                choices.count <= 12
                ? choices.joined(separator: ", ") : choices.prefix(8).joined(separator: ", ") + ", …"
            let list = text("liste déroulante (\(choices.count)) : \(shown)", "dropdown (\(choices.count)): \(shown)")
            allowed = allowed.isEmpty ? list : allowed + " ; " + list
        }
        return [
            header, description(field), typeName(field),
            field.constraints.required ? text("oui", "yes") : text("non", "no"),
            allowed, example(field, choices: choices),
        ]
    }

    func example(_ field: Field, choices: [String]?) -> String {
        if let first = choices?.first { return first }
        switch field.kind {
        case .amount: return "1 234,56"
        case .siren: return "732829320"
        case .siret: return "73282932000074"
        case .rna: return "W751234567"
        case .postalCode: return "29200"
        default: break
        }
        switch field.type {
        case .integer: return "12"
        case .number: return "12,5"
        case .date: return "15/03/2024"
        case .year: return String(field.minimumText.flatMap(yearBound).map { max($0, currentYear - 1) } ?? currentYear)
        case .boolean: return text("oui", "yes")
        default: return ""
        }
    }

    func instructions(name: String, version: String?, title: String, dataSheet: String) -> [String] {
        let stamp = version.map { "\(name) \($0)" } ?? name
        return [
            text("Modèle de saisie : \(title)", "Submission template: \(title)"),
            text("Schéma \(stamp).", "Schema \(stamp)."),
            text(
                "Saisissez une ligne par enregistrement dans la feuille « \(dataSheet) », à partir de la ligne 2, sans modifier la ligne d'en-tête.",
                "Enter one record per row in the sheet '\(dataSheet)', from row 2 on, without changing the header row."),
            text(
                "Chaque colonne affiche son aide quand on la sélectionne ; les listes déroulantes donnent les valeurs admises. Excel ne peut pas imposer les colonnes obligatoires : remplissez-les.",
                "Each column shows its help when selected; dropdowns give the accepted values. Excel cannot enforce required columns: fill them in."
            ),
            text(
                "Dates au format jj/mm/aaaa, montants en euros (1 234,56), identifiants (SIREN, SIRET, codes postaux) sans espaces.",
                "Dates as dd/mm/yyyy, amounts in euros (1 234,56), identifiers (SIREN, SIRET, postal codes) without spaces."
            ),
            text(
                "Pour transmettre : enregistrez le classeur au format .xlsx (pas .xls ni .csv) et renvoyez-le. Gardez ses feuilles et ses propriétés : elles indiquent la version du modèle, vérifiée à la réception.",
                "To submit: save the workbook as .xlsx (not .xls or .csv) and send it back. Keep its sheets and properties: they say which version of the template it is, checked on receipt."
            ),
        ]
    }
}
