import SheetOutput
import SheetSchema

/// `datapackage.json`: a Frictionless Data Package with one resource per dataset, its CSV dialect
/// and its schema (the dataset's fields, then the provenance columns).
struct DataPackage {
    struct Resource {
        var name: String
        /// The schema's name, stated with its version (a schema without a version states neither).
        var schemaName: String
        var schema: TableSchema
    }

    var name: String
    var title: String?
    var resources: [Resource]

    init(definition: PipelineDefinition, datasets: [Consolidation.DatasetInfo]) {
        name = definition.name
        title = definition.title
        resources = datasets.map { Resource(name: $0.name, schemaName: $0.schema, schema: $0.named.schema) }
    }

    var json: OrderedJSON {
        var members: [(String, OrderedJSON)] = [("profile", .string("tabular-data-package")), ("name", .string(name))]
        if let title { members.append(("title", .string(title))) }
        members.append(("resources", .array(resources.map(\.json), .block)))
        return .object(members, .block)
    }
}

extension DataPackage.Resource {
    var json: OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("name", .string(name)), ("path", .string(name + ".csv")), ("profile", .string("tabular-data-resource")),
            ("format", .string("csv")), ("mediatype", .string("text/csv")), ("encoding", .string("utf-8")),
        ]
        if let title = schema.title { members.append(("title", .string(title))) }
        members.append(
            (
                "dialect",
                .object(
                    [("delimiter", .string(",")), ("lineTerminator", .string("\r\n")), ("header", .bool(true))],
                    .inline)
            ))
        var schemaMembers: [(String, OrderedJSON)] = []
        if let version = schema.version {
            schemaMembers += [("name", .string(schemaName)), ("version", .string(version))]
        }
        let provenance: [OrderedJSON] = [
            .object(
                [("name", .string("source_file")), ("type", .string("string")), ("constraints", Self.required)],
                .inline),
            .object([("name", .string("source_sheet")), ("type", .string("string"))], .inline),
            .object(
                [("name", .string("source_row")), ("type", .string("integer")), ("constraints", Self.required)],
                .inline),
        ]
        schemaMembers.append(("fields", .array(schema.fields.map(Self.field) + provenance, .block)))
        if !schema.primaryKey.isEmpty {
            schemaMembers.append(("primaryKey", .array(schema.primaryKey.map { .string($0) }, .inline)))
        }
        members.append(("schema", .object(schemaMembers, .block)))
        return .object(members, .block)
    }

    private static let required = OrderedJSON.object([("required", .bool(true))], .inline)

    private static func field(_ field: Field) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [("name", .string(field.name))]
        if let title = field.title { members.append(("title", .string(title))) }
        switch field.type {
        case .list:
            members += [
                ("type", .string("list")), ("delimiter", .string(";")), ("itemType", .string(field.itemType.rawValue)),
            ]
        case .number where field.kind == .amount:
            members += [("type", .string("number")), ("decimalChar", .string("."))]
        default:
            members.append(("type", .string(field.type.rawValue)))
        }
        if field.constraints.required { members.append(("constraints", required)) }
        return .object(members, .inline)
    }
}
