/// The schema a workbook says it was made for: `sheetpipe template` writes its name and version as
/// custom document properties; `validate` and `run` read them back to choose the schema (under
/// `--schema auto`) and to warn when the workbook comes from another version of it.
public struct SchemaStamp: Sendable, Equatable {
    /// The custom property holding the schema's name.
    public static let schemaProperty = "sheetpipe_schema"
    /// The custom property holding its version.
    public static let versionProperty = "sheetpipe_schema_version"

    /// The schema's name.
    public var schema: String
    /// The schema's version, when it had one.
    public var version: String?

    /// A stamp naming this schema and version.
    public init(schema: String, version: String?) {
        self.schema = schema
        self.version = version
    }

    /// nil when the workbook carries no stamp.
    public init?(properties: [String: String]) {
        guard let schema = properties[SchemaStamp.schemaProperty], !schema.isEmpty else { return nil }
        self.schema = schema
        version = properties[SchemaStamp.versionProperty]
    }

    /// Whether the stamp names this schema (by its `name`, else the name it is known by).
    public func names(_ named: NamedSchema) -> Bool {
        schema == (named.schema.name ?? named.name) || schema == named.name
    }

    /// `project-sheet 1.0.0`, or `project-sheet (sans version)`.
    static func describe(_ name: String, _ version: String?, _ language: Language) -> String {
        "\(name) \(version ?? (language == .fr ? "(sans version)" : "(no version)"))"
    }

    /// A warning when the stamp names another schema, or another version of this one; nil when they agree.
    public func mismatch(with named: NamedSchema) -> Message? {
        let stamped = (fr: SchemaStamp.describe(schema, version, .fr), en: SchemaStamp.describe(schema, version, .en))
        let chosenName = named.schema.name ?? named.name
        let chosen = (
            fr: SchemaStamp.describe(chosenName, named.schema.version, .fr),
            en: SchemaStamp.describe(chosenName, named.schema.version, .en)
        )
        if !names(named) {
            return Message(
                fr: "classeur fait à partir du modèle \(stamped.fr), lu avec le schéma \(chosen.fr)",
                en: "workbook made from the template of \(stamped.en), read with the schema \(chosen.en)")
        }
        guard version != named.schema.version else { return nil }
        return Message(
            fr:
                "classeur fait à partir du modèle \(stamped.fr), lu avec le schéma \(chosen.fr) : colonnes et règles peuvent différer",
            en:
                "workbook made from the template of \(stamped.en), read with the schema \(chosen.en): columns and rules may differ"
        )
    }
}
