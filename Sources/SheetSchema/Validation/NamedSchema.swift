/// A schema with the name it is known by (`project-sheet`, or a file path).
public struct NamedSchema: Sendable {
    /// The name the schema is known by.
    public var name: String
    /// The schema.
    public var schema: TableSchema

    /// A schema and its name.
    public init(name: String, schema: TableSchema) {
        self.name = name
        self.schema = schema
    }
}
