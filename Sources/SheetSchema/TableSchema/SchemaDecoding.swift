public import Foundation

/// A schema file that is itself wrong: the property (as a path) and what is wrong with it, said
/// before any row is read.
public struct SchemaError: Error, Sendable, CustomStringConvertible {
    /// The schema file.
    public var file: String
    /// The property at fault, as a path (`fields[3].constraints.pattern`).
    public var property: String
    /// What is wrong with it.
    public var reason: String
    /// `file: property: reason`.
    public var description: String { "\(file): \(property): \(reason)" }

    /// An error of a schema file.
    public init(file: String, property: String, reason: String) {
        self.file = file
        self.property = property
        self.reason = reason
    }
}

extension TableSchema {
    /// Reads a Table Schema JSON file.
    public static func load(path: String) throws -> TableSchema {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SchemaError(file: path, property: "(file)", reason: "cannot read the schema file")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let referenceFolders = [folder.appendingPathComponent("../reference").standardizedFileURL.path, folder.path]
        return try decode(data, file: path, referenceFolders: referenceFolders)
    }

    /// `referenceFolders`: where the CSV lists named by foreign keys are looked for, in order.
    public static func decode(_ data: Data, file: String, referenceFolders: [String] = []) throws -> TableSchema {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw SchemaError(file: file, property: "(file)", reason: "not valid JSON: \(error.localizedDescription)")
        }
        var reader = JSONReader(file: file)
        reader.referenceFolders = referenceFolders
        return try reader.schema(root)
    }
}

/// Walks the JSON with a path, so that every error names the property it is about.
struct JSONReader {
    let file: String
    var referenceFolders: [String] = []

    func fail(_ path: String, _ reason: String) -> SchemaError {
        SchemaError(file: file, property: path, reason: reason)
    }

    func object(_ value: Any?, _ path: String) throws -> [String: Any] {
        guard let object = value as? [String: Any] else { throw fail(path, "an object is expected") }
        return object
    }

    func string(_ value: Any?, _ path: String) throws -> String? {
        guard let value else { return nil }
        guard let string = value as? String else { throw fail(path, "a string is expected") }
        return string
    }

    func strings(_ value: Any?, _ path: String) throws -> [String]? {
        guard let value else { return nil }
        if let single = value as? String { return [single] }
        guard let array = value as? [Any] else { throw fail(path, "a list of strings is expected") }
        return try array.enumerated().map { index, item in
            guard let string = item as? String else { throw fail("\(path)[\(index)]", "a string is expected") }
            return string
        }
    }

    func bool(_ value: Any?, _ path: String) throws -> Bool? {
        guard let value else { return nil }
        guard let flag = value as? Bool else { throw fail(path, "true or false is expected") }
        return flag
    }

    func integer(_ value: Any?, _ path: String) throws -> Int? {
        guard let value else { return nil }
        guard let number = value as? NSNumber, number.doubleValue == number.doubleValue.rounded() else {
            throw fail(path, "a whole number is expected")
        }
        return number.intValue
    }

    func decimal(_ value: Any?, _ path: String) throws -> Decimal? {
        guard let value else { return nil }
        if let number = value as? NSNumber {
            return Decimal(string: number.stringValue, locale: Locale(identifier: "en_US_POSIX"))
        }
        throw fail(path, "a number is expected")
    }

    mutating func schema(_ root: Any) throws -> TableSchema {
        let object = try self.object(root, "(root)")
        guard let fieldList = object["fields"] as? [Any], !fieldList.isEmpty else {
            throw fail("fields", "a non-empty list of fields is expected")
        }
        let locale = try string(object["locale"], "locale")
        var fields: [Field] = []
        for (index, item) in fieldList.enumerated() {
            fields.append(try field(item, "fields[\(index)]", schemaLocale: locale))
        }
        var seen = Set<String>()
        for (index, field) in fields.enumerated() where !seen.insert(field.name).inserted {
            throw fail("fields[\(index)].name", "'\(field.name)' names two fields")
        }
        let names = Set(fields.map(\.name))
        func checkNames(_ list: [String], _ path: String) throws {
            for name in list where !names.contains(name) { throw fail(path, "'\(name)' is not a field of this schema") }
        }
        let primaryKey = try strings(object["primaryKey"], "primaryKey") ?? []
        try checkNames(primaryKey, "primaryKey")
        var uniqueKeys: [[String]] = []
        if let list = object["uniqueKeys"] {
            guard let array = list as? [Any] else { throw fail("uniqueKeys", "a list of field lists is expected") }
            for (index, item) in array.enumerated() {
                let key = try strings(item, "uniqueKeys[\(index)]") ?? []
                try checkNames(key, "uniqueKeys[\(index)]")
                uniqueKeys.append(key)
            }
        }
        var foreignKeys: [ForeignKey] = []
        if let list = object["foreignKeys"] {
            guard let array = list as? [Any] else { throw fail("foreignKeys", "a list of foreign keys is expected") }
            for (index, item) in array.enumerated() {
                foreignKeys.append(try foreignKey(item, "foreignKeys[\(index)]", names: names))
            }
        }
        var rules: [Rule] = []
        if let list = object["rules"] {
            guard let array = list as? [Any] else { throw fail("rules", "a list of rules is expected") }
            for (index, item) in array.enumerated() {
                rules.append(try rule(item, "rules[\(index)]", names: names))
            }
        }
        return TableSchema(
            name: try string(object["name"], "name"), version: try string(object["version"], "version"),
            title: try string(object["title"], "title"), fields: fields,
            missingValues: try strings(object["missingValues"], "missingValues") ?? [""], primaryKey: primaryKey,
            uniqueKeys: uniqueKeys, locale: locale, rules: rules, foreignKeys: foreignKeys,
            personalDataKeys: (try strings(object["personalDataLabels"], "personalDataLabels") ?? []).map(TextKey.make))
    }

    /// `{"fields": "f", "reference": {"resource": "list.csv", "fields": "column"}, "severity": "warning"}`;
    /// `fields` may name several fields (then `reference.fields` as many columns), and
    /// `"resource": ""` the table itself (its `reference.fields` are fields of this schema).
    func foreignKey(_ value: Any, _ path: String, names: Set<String>) throws -> ForeignKey {
        let object = try self.object(value, path)
        let fields = try strings(object["fields"], "\(path).fields") ?? []
        guard !fields.isEmpty else { throw fail("\(path).fields", "at least one field is expected") }
        for field in fields where !names.contains(field) {
            throw fail("\(path).fields", "'\(field)' is not a field of this schema")
        }
        let reference = try self.object(object["reference"], "\(path).reference")
        guard let resource = try string(reference["resource"], "\(path).reference.resource") else {
            throw fail(
                "\(path).reference.resource", "the name of a reference list (or \"\" for this table) is expected")
        }
        let columns = try strings(reference["fields"], "\(path).reference.fields") ?? []
        guard columns.count == fields.count else {
            throw fail(
                "\(path).reference.fields",
                "\(fields.count) column(s) of the reference are expected, as many as the key's fields")
        }
        var keys = Set<String>()
        if resource.isEmpty {
            for column in columns where !names.contains(column) {
                throw fail("\(path).reference.fields", "'\(column)' is not a field of this schema")
            }
        } else {
            keys = try referenceKeys(resource: resource, columns: columns, path)
        }
        let severityName = try string(object["severity"], "\(path).severity") ?? "error"
        guard let severity = Severity(rawValue: severityName) else {
            throw fail("\(path).severity", "error, warning or info is expected")
        }
        var when: ForeignKey.Trigger?
        if let raw = object["when"] {
            let condition = try self.object(raw, "\(path).when")
            guard let name = try string(condition["field"], "\(path).when.field"), names.contains(name) else {
                throw fail("\(path).when.field", "a field of this schema is expected")
            }
            when = ForeignKey.Trigger(
                field: name, values: try strings(condition["values"], "\(path).when.values") ?? [])
        }
        return ForeignKey(
            fields: fields, resource: resource, columns: columns, severity: severity, keys: keys, when: when)
    }

    /// The keys of a reference list's columns (several: joined); a row whose key columns are
    /// all empty gives none.
    func referenceKeys(resource: String, columns: [String], _ path: String) throws -> Set<String> {
        guard
            let listPath = referenceFolders.map({ $0 + "/" + resource }).first(where: {
                FileManager.default.fileExists(atPath: $0)
            })
        else {
            throw fail(
                "\(path).reference.resource",
                "no reference list '\(resource)' (looked in \(referenceFolders.joined(separator: ", ")))")
        }
        let table: ReferenceTable
        do {
            table = try ReferenceTable.load(listPath)
        } catch {
            throw fail("\(path).reference.resource", "the reference list '\(resource)' cannot be read: \(error)")
        }
        var lists: [[String]] = []
        for column in columns {
            guard let values = table.column(column) else {
                throw fail(
                    "\(path).reference.fields",
                    "the list '\(resource)' has no column '\(column)' (it has \(table.header.joined(separator: ", ")))")
            }
            lists.append(values)
        }
        var keys = Set<String>()
        for row in lists[0].indices {
            let parts = lists.map { row < $0.count ? TextKey.make($0[row]) : "" }
            if parts.allSatisfy(\.isEmpty) { continue }
            keys.insert(parts.joined(separator: ForeignKey.joiner))
        }
        return keys
    }

    func field(_ value: Any, _ path: String, schemaLocale: String?) throws -> Field {
        let object = try self.object(value, path)
        guard let name = try string(object["name"], "\(path).name"), !name.isEmpty else {
            throw fail("\(path).name", "every field needs a name")
        }
        let typeName = try string(object["type"], "\(path).type") ?? "string"
        guard let type = FieldType(rawValue: typeName) else {
            throw fail(
                "\(path).type",
                "unknown type '\(typeName)' (\(FieldType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var kind: ValueKind?
        if let kindName = try string(object["kind"], "\(path).kind") {
            guard let parsed = ValueKind(rawValue: kindName) else {
                throw fail(
                    "\(path).kind",
                    "unknown kind '\(kindName)' (\(ValueKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            kind = parsed
        }
        var constraints = Constraints()
        var minimumText: String?
        var maximumText: String?
        if let raw = object["constraints"] {
            let c = try self.object(raw, "\(path).constraints")
            let base = "\(path).constraints"
            constraints.required = try bool(c["required"], "\(base).required") ?? false
            constraints.unique = try bool(c["unique"], "\(base).unique") ?? false
            constraints.minLength = try integer(c["minLength"], "\(base).minLength")
            constraints.maxLength = try integer(c["maxLength"], "\(base).maxLength")
            if let text = c["minimum"] as? String {
                minimumText = text
            } else {
                constraints.minimum = try decimal(c["minimum"], "\(base).minimum")
            }
            if let text = c["maximum"] as? String {
                maximumText = text
            } else {
                constraints.maximum = try decimal(c["maximum"], "\(base).maximum")
            }
            constraints.exclusiveMinimum = try decimal(c["exclusiveMinimum"], "\(base).exclusiveMinimum")
            constraints.exclusiveMaximum = try decimal(c["exclusiveMaximum"], "\(base).exclusiveMaximum")
            if let pattern = try string(c["pattern"], "\(base).pattern") {
                do {
                    _ = try Regex(pattern)
                } catch {
                    throw fail("\(base).pattern", "not a valid regular expression: \(pattern)")
                }
                constraints.pattern = pattern
            }
            if let values = c["enum"] {
                guard let array = values as? [Any] else { throw fail("\(base).enum", "a list of values is expected") }
                constraints.enumValues = array.map { item in (item as? String) ?? "\(item)" }
            }
        }
        var synonyms: [String: String] = [:]
        if let raw = object["synonyms"] {
            let table = try self.object(raw, "\(path).synonyms")
            for (variant, value) in table {
                guard let canonical = value as? String else {
                    throw fail("\(path).synonyms.\(variant)", "a string is expected")
                }
                if let allowed = constraints.enumValues, !allowed.contains(canonical) {
                    throw fail("\(path).synonyms.\(variant)", "'\(canonical)' is not one of the field's enum values")
                }
                synonyms[TextKey.make(variant)] = canonical
            }
        }
        var itemType = FieldType.string
        if let itemName = try string(object["itemType"], "\(path).itemType") {
            guard let parsed = FieldType(rawValue: itemName), parsed != .list else {
                throw fail("\(path).itemType", "unknown item type '\(itemName)'")
            }
            itemType = parsed
        }
        return Field(
            name: name, title: try string(object["title"], "\(path).title"),
            description: try string(object["description"], "\(path).description"), type: type,
            format: try string(object["format"], "\(path).format"), constraints: constraints,
            missingValues: try strings(object["missingValues"], "\(path).missingValues"),
            labels: try strings(object["labels"], "\(path).labels") ?? [],
            locale: try string(object["locale"], "\(path).locale") ?? schemaLocale, kind: kind, synonyms: synonyms,
            trueValues: try strings(object["trueValues"], "\(path).trueValues") ?? ["true", "True", "TRUE", "1"],
            falseValues: try strings(object["falseValues"], "\(path).falseValues") ?? ["false", "False", "FALSE", "0"],
            decimalChar: try string(object["decimalChar"], "\(path).decimalChar") ?? ".",
            groupChar: try string(object["groupChar"], "\(path).groupChar"),
            bareNumber: try bool(object["bareNumber"], "\(path).bareNumber") ?? true,
            delimiter: try string(object["delimiter"], "\(path).delimiter") ?? ",", itemType: itemType,
            minimumText: minimumText, maximumText: maximumText)
    }

    func rule(_ value: Any, _ path: String, names: Set<String>) throws -> Rule {
        let object = try self.object(value, path)
        func fieldName(_ key: String) throws -> String {
            guard let name = try string(object[key], "\(path).\(key)") else {
                throw fail("\(path).\(key)", "a field name is expected")
            }
            guard names.contains(name) else { throw fail("\(path).\(key)", "'\(name)' is not a field of this schema") }
            return name
        }
        let severityName = try string(object["severity"], "\(path).severity") ?? "error"
        guard let severity = Severity(rawValue: severityName) else {
            throw fail("\(path).severity", "error, warning or info is expected")
        }
        var message: Message?
        if let raw = object["message"] {
            let m = try self.object(raw, "\(path).message")
            guard let fr = m["fr"] as? String, let en = m["en"] as? String else {
                throw fail("\(path).message", "fr and en texts are expected")
            }
            message = Message(fr: fr, en: en)
        }
        let type = try string(object["type"], "\(path).type") ?? ""
        let check: Rule.Check
        switch type {
        case "compare":
            let opName = try string(object["operator"], "\(path).operator") ?? ""
            guard let op = ComparisonOperator(rawValue: opName) else {
                throw fail("\(path).operator", "one of < <= > >= == is expected")
            }
            let right: Operand
            if object["right"] == nil, let constant = try decimal(object["value"], "\(path).value") {
                right = .constant(constant)
            } else {
                right = .field(try fieldName("right"))
            }
            check = .compare(
                left: try fieldName("left"), op: op, right: right,
                tolerance: try decimal(object["tolerance"], "\(path).tolerance") ?? 0)
        case "departmentsInRegion":
            check = .departmentsInRegion(departments: try fieldName("departments"), region: try fieldName("region"))
        case "postalCodeInDepartments":
            check = .postalCodeInDepartments(
                postalCode: try fieldName("postalCode"), departments: try fieldName("departments"))
        case "pattern":
            guard let pattern = try string(object["pattern"], "\(path).pattern"), (try? Regex(pattern)) != nil else {
                throw fail("\(path).pattern", "a valid regular expression is expected")
            }
            check = .pattern(field: try fieldName("field"), pattern: pattern)
        case "valueIn":
            check = .valueIn(
                field: try fieldName("field"), values: try strings(object["values"], "\(path).values") ?? [])
        case "requiredWhen":
            let unless = try strings(object["unless"], "\(path).unless") ?? []
            for name in unless where !names.contains(name) {
                throw fail("\(path).unless", "'\(name)' is not a field of this schema")
            }
            check = .requiredWhen(
                field: try fieldName("field"), when: try fieldName("when"),
                values: try strings(object["values"], "\(path).values") ?? [], unless: unless)
        case "atLeastOne":
            let fields = try strings(object["fields"], "\(path).fields") ?? []
            for name in fields where !names.contains(name) {
                throw fail("\(path).fields", "'\(name)' is not a field of this schema")
            }
            check = .atLeastOne(fields: fields)
        case "prefixOf":
            guard let length = try integer(object["length"], "\(path).length"), length > 0 else {
                throw fail("\(path).length", "a positive length is expected")
            }
            check = .prefixOf(field: try fieldName("field"), of: try fieldName("of"), length: length)
        default:
            throw fail(
                "\(path).type",
                "unknown rule type '\(type)' (compare, requiredWhen, atLeastOne, prefixOf, departmentsInRegion, postalCodeInDepartments, pattern, valueIn)"
            )
        }
        func condition(_ key: String) throws -> Condition? {
            // requiredWhen has its own `when` (a field name) and `unless` (a list of fields).
            guard let raw = object[key], !(raw is [Any]), !(raw is String) else { return nil }
            let c = try self.object(raw, "\(path).\(key)")
            guard let name = try string(c["field"], "\(path).\(key).field"), names.contains(name) else {
                throw fail("\(path).\(key).field", "a field of this schema is expected")
            }
            return Condition(
                field: name, values: try strings(c["values"], "\(path).\(key).values"),
                minimum: try decimal(c["minimum"], "\(path).\(key).minimum"),
                maximum: try decimal(c["maximum"], "\(path).\(key).maximum"))
        }
        return Rule(
            check: check, severity: severity, message: message, when: try condition("when"),
            unless: try condition("unless"))
    }
}
