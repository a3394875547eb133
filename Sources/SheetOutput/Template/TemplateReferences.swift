import Foundation
public import SheetSchema

/// The values of the reference lists a template offers in its dropdowns: regions (names, which
/// `validate` turns into codes), departments (codes), and each foreign key's column, as written
/// in the list (the schema keeps only their matching keys).
public struct TemplateReferences: Sendable, Equatable {
    public var regions: [String]
    public var departments: [String]
    /// Field name → the values of its reference column, in the list's order, without repeats.
    public var foreignKeys: [String: [String]]

    public init(regions: [String] = [], departments: [String] = [], foreignKeys: [String: [String]] = [:]) {
        self.regions = regions
        self.departments = departments
        self.foreignKeys = foreignKeys
    }

    /// Reads the lists from the first of `folders` that holds each (the schema's `../reference`,
    /// its own folder, then the pipelines' `reference`). A list that cannot be found leaves its
    /// dropdown out (the column keeps its input message).
    public static func load(schema: TableSchema, folders: [String]) -> TemplateReferences {
        func find(_ name: String) -> String? {
            folders.map { $0 + "/" + name }.first { FileManager.default.fileExists(atPath: $0) }
        }
        var references = TemplateReferences()
        if let regions = find("regions.csv").flatMap({ try? ReferenceTable.load($0) }) {
            // Names in alphabetical order of their keys (accents folded): what a person looks for.
            let names = regions.column("nom_region") ?? []
            references.regions = names.filter { !$0.isEmpty }.sorted { TextKey.make($0) < TextKey.make($1) }
        }
        if let departments = find("departements.csv").flatMap({ try? ReferenceTable.load($0) }) {
            references.departments = (departments.column("code_departement") ?? []).filter { !$0.isEmpty }
        }
        // (A drop-down list for a key of one field to a reference list; not for a self-reference.)
        for key in schema.foreignKeys where key.fields.count == 1 && !key.isSelfReference {
            guard let table = find(key.resource).flatMap({ try? ReferenceTable.load($0) }),
                let values = table.column(key.column)
            else { continue }
            var seen = Set<String>()
            references.foreignKeys[key.field] = values.filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        return references
    }
}
