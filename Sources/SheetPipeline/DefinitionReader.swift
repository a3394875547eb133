import SheetConsolidation
import SheetReading
import Yams

/// Walks the YAML tree: every key is known, every value has the expected shape, and an error
/// names the key path and its line.
struct DefinitionReader {
    let file: String
    var currentYear = PipelineDefinition.currentYear
    let lines = KeyLines()

    /// Key path → line, filled as the mappings are read.
    final class KeyLines {
        var lines: [String: Int] = [:]
    }

    func fail(_ node: Node?, _ key: String, _ reason: String) -> DefinitionError {
        DefinitionError(file: file, line: node?.mark?.line, key: key, reason: reason)
    }

    /// The pairs of a mapping, refusing keys not in `known`.
    func mapping(_ node: Node, _ key: String, known: [String]) throws -> [(String, Node)] {
        guard case .mapping(let mapping) = node else {
            throw fail(node, key, "a mapping (key: value lines) is expected")
        }
        var pairs: [(String, Node)] = []
        for (name, value) in mapping {
            guard let text = name.string else { throw fail(name, key, "keys are text") }
            let path = key.isEmpty ? text : "\(key).\(text)"
            guard known.contains(text) else {
                throw fail(name, path, "unknown key (expected one of: \(known.joined(separator: ", ")))")
            }
            if pairs.contains(where: { $0.0 == text }) { throw fail(name, path, "given twice") }
            lines.lines[path] = value.mark?.line ?? name.mark?.line
            pairs.append((text, value))
        }
        return pairs
    }

    func string(_ node: Node, _ key: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw fail(node, key, "a text value is expected") }
        return scalar.string
    }

    func optionalString(_ node: Node, _ key: String) throws -> String? {
        if case .scalar(let scalar) = node, scalar.tag == Tag(.null) || (scalar.string == "~" || scalar.string.isEmpty)
        {
            return nil
        }
        return try string(node, key)
    }

    func strings(_ node: Node, _ key: String) throws -> [String] {
        if case .scalar = node { return [try string(node, key)] }
        guard case .sequence(let sequence) = node else { throw fail(node, key, "a list is expected") }
        return try sequence.enumerated().map { try string($0.element, "\(key)[\($0.offset + 1)]") }
    }

    func integer(_ node: Node, _ key: String) throws -> Int {
        guard let value = Int(try string(node, key)) else { throw fail(node, key, "a whole number is expected") }
        return value
    }

    func boolean(_ node: Node, _ key: String) throws -> Bool {
        switch try string(node, key).lowercased() {
        case "true", "yes", "on", "oui": return true
        case "false", "no", "off", "non": return false
        default: throw fail(node, key, "true or false is expected")
        }
    }

    /// `100MiB`, `512MB`, or a number of bytes (as the command-line flags take them).
    func byteSize(_ node: Node, _ key: String) throws -> Int {
        guard let value = ReadLimits.parseSize(try string(node, key)), value > 0 else {
            throw fail(node, key, "a size is expected (100MiB, 512MB, or bytes)")
        }
        return value
    }

    mutating func definition(_ root: Node, baseDirectory: String) throws -> PipelineDefinition {
        let pairs = try mapping(
            root, "",
            known: ["name", "title", "schemas", "inputs", "options", "datasets", "summaries", "outputs"])
        guard let nameNode = pairs.first(where: { $0.0 == "name" })?.1 else {
            throw fail(root, "name", "missing (the pipeline's name)")
        }
        guard let inputsNode = pairs.first(where: { $0.0 == "inputs" })?.1 else {
            throw fail(root, "inputs", "missing (the files to read)")
        }
        let name = try string(nameNode, "name")
        var definition = PipelineDefinition(
            name: name, baseDirectory: baseDirectory, schemas: [], inputs: [], outputDirectory: "out/\(name)",
            source: file)
        for (key, value) in pairs {
            switch key {
            case "title": definition.title = try string(value, key)
            case "schemas": definition.schemas = try strings(value, key)
            case "inputs": definition.inputs = try inputs(value)
            case "options": try options(value, into: &definition)
            case "datasets": definition.datasets = try datasets(value)
            case "summaries": definition.summaries = try summaries(value)
            case "outputs": try outputs(value, into: &definition)
            default: break
            }
        }
        if definition.inputs.isEmpty { throw fail(inputsNode, "inputs", "at least one input is expected") }
        return definition
    }

    func inputs(_ node: Node) throws -> [PipelineDefinition.Input] {
        guard case .sequence(let sequence) = node else {
            throw fail(node, "inputs", "a list of inputs is expected (- path: …)")
        }
        return try sequence.enumerated().map { offset, item in
            let key = "inputs[\(offset + 1)]"
            lines.lines[key] = item.mark?.line
            if case .scalar = item {
                lines.lines["\(key).path"] = item.mark?.line
                return PipelineDefinition.Input(path: try string(item, key), line: item.mark?.line ?? 0)
            }
            let pairs = try mapping(
                item, key, known: ["path", "schema", "submitter", "region", "campaign", "submitted"])
            guard let pathNode = pairs.first(where: { $0.0 == "path" })?.1 else {
                throw fail(item, "\(key).path", "missing (a file or a pattern such as samples/*.xlsx)")
            }
            var input = PipelineDefinition.Input(path: try string(pathNode, "\(key).path"), line: item.mark?.line ?? 0)
            for (name, value) in pairs {
                let path = "\(key).\(name)"
                switch name {
                case "schema": input.schema = try optionalString(value, path)
                case "submitter": input.submitter = try optionalString(value, path)
                case "region": input.region = try optionalString(value, path)
                case "campaign":
                    let years = PipelineDefinition.campaignYears(currentYear: currentYear)
                    let campaign = try integer(value, path)
                    guard years.contains(campaign) else {
                        throw fail(
                            value, path,
                            "\(campaign) is not a campaign year (\(years.lowerBound) to \(years.upperBound) are accepted)"
                        )
                    }
                    input.campaign = campaign
                case "submitted":
                    let text = try string(value, path)
                    guard Self.isISODate(text) else {
                        throw fail(
                            value, path,
                            "a date YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS) is expected, a real one ('\(text)' is not)")
                    }
                    input.submitted = text
                default: break
                }
            }
            return input
        }
    }

    static func isISODate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 || bytes.count == 19 else { return false }
        let pattern = Array("0000-00-00T00:00:00".utf8)
        for (byte, expected) in zip(bytes, pattern) {
            if expected == UInt8(ascii: "0") {
                guard byte >= 48 && byte <= 57 else { return false }
            } else if byte != expected {
                return false
            }
        }
        func number(_ offset: Int) -> Int { Int(bytes[offset] - 48) * 10 + Int(bytes[offset + 1] - 48) }
        let year = number(0) * 100 + number(2)
        let (month, day) = (number(5), number(8))
        guard CivilDateTime.isValid(year: year, month: month, day: day) else { return false }
        guard bytes.count == 19 else { return true }
        return number(11) < 24 && number(14) < 60 && number(17) < 60
    }

    func options(_ node: Node, into definition: inout PipelineDefinition) throws {
        for (key, value) in try mapping(node, "options", known: ["sheet", "language", "fill_merged_cells", "limits"]) {
            let path = "options.\(key)"
            switch key {
            case "sheet": definition.sheet = try optionalString(value, path)
            case "language":
                let language = try string(value, path)
                guard ["fr", "en"].contains(language) else { throw fail(value, path, "fr or en is expected") }
                definition.language = language
            case "fill_merged_cells": definition.fillMergedCells = try boolean(value, path)
            case "limits":
                let known = ["max_file_size", "max_entries", "max_part_size", "max_total_size", "max_cells"]
                for (limit, size) in try mapping(value, path, known: known) {
                    let limitPath = "\(path).\(limit)"
                    switch limit {
                    case "max_file_size": definition.limits.maxFileBytes = try byteSize(size, limitPath)
                    case "max_entries":
                        let entries = try integer(size, limitPath)
                        guard entries > 0 else {
                            throw fail(size, limitPath, "a number of entries above 0 is expected")
                        }
                        definition.limits.maxEntries = entries
                    case "max_part_size": definition.limits.maxPartBytes = try byteSize(size, limitPath)
                    case "max_cells":
                        let cells = try integer(size, limitPath)
                        guard cells > 0 else { throw fail(size, limitPath, "a number of cells above 0 is expected") }
                        definition.limits.maxCells = cells
                    default: definition.limits.maxTotalBytes = try byteSize(size, limitPath)
                    }
                }
            default: break
            }
        }
    }

    func datasets(_ node: Node) throws -> [PipelineDefinition.Dataset] {
        guard case .sequence(let sequence) = node else {
            throw fail(node, "datasets", "a list of datasets is expected")
        }
        var names = NameRegister(reader: self, what: "dataset")
        var schemas: [String: String] = [:]
        return try sequence.enumerated().map { offset, item in
            let key = "datasets[\(offset + 1)]"
            lines.lines[key] = item.mark?.line
            let pairs = try mapping(item, key, known: ["schema", "name", "near_duplicates"])
            guard let schemaNode = pairs.first(where: { $0.0 == "schema" })?.1 else {
                throw fail(item, "\(key).schema", "missing (the schema this dataset collects)")
            }
            let schema = try string(schemaNode, "\(key).schema")
            if let earlier = schemas[schema] {
                throw fail(
                    schemaNode, "\(key).schema",
                    "a second dataset for schema '\(schema)' (\(earlier) already collects it): one dataset per schema")
            }
            schemas[schema] = "\(key) on line \(item.mark?.line ?? 0)"
            var dataset = PipelineDefinition.Dataset(schema: schema, name: schema, nearDuplicates: nil)
            for (name, value) in pairs {
                let path = "\(key).\(name)"
                switch name {
                case "name": dataset.name = try fileName(value, path)
                case "near_duplicates":
                    let fields = try mapping(
                        value, path, known: ["block", "fields", "threshold", "max_candidates_per_block"])
                    var near = PipelineDefinition.NearDuplicates(block: "", fields: [], threshold: 0.7)
                    for (field, setting) in fields {
                        switch field {
                        case "block": near.block = try string(setting, "\(path).block")
                        case "fields": near.fields = try strings(setting, "\(path).fields")
                        case "max_candidates_per_block":
                            let key = "\(path).max_candidates_per_block"
                            guard let cap = Int(try string(setting, key)), cap >= 1 else {
                                throw fail(setting, key, "a whole number of at least 1 is expected")
                            }
                            near.maxPerBlock = cap
                        default:
                            guard let threshold = Double(try string(setting, "\(path).threshold")), threshold > 0,
                                threshold <= 1
                            else { throw fail(setting, "\(path).threshold", "a number in (0, 1] is expected") }
                            near.threshold = threshold
                        }
                    }
                    if near.fields.isEmpty { throw fail(value, "\(path).fields", "missing (the fields to compare)") }
                    dataset.nearDuplicates = near
                default: break
                }
            }
            let nameNode = pairs.first { $0.0 == "name" }?.1
            try names.register(dataset.name, nameNode ?? schemaNode, nameNode == nil ? "\(key).schema" : "\(key).name")
            return dataset
        }
    }

    /// A name that becomes part of output file names: nothing that could leave the folder.
    func fileName(_ node: Node, _ key: String) throws -> String {
        let name = try string(node, key)
        guard Self.isFileName(name) else {
            throw fail(node, key, "letters, digits, '-' and '_' only (it names output files)")
        }
        return name
    }

    static func isFileName(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    func summaries(_ node: Node) throws -> [SummaryTable.Definition] {
        guard case .sequence(let sequence) = node else { throw fail(node, "summaries", "a list of tables is expected") }
        var names = NameRegister(reader: self, what: "summary table")
        return try sequence.enumerated().map { offset, item in
            let key = "summaries[\(offset + 1)]"
            lines.lines[key] = item.mark?.line
            let pairs = try mapping(item, key, known: ["name", "dataset", "group_by", "sum"])
            var table = SummaryTable.Definition(name: "", dataset: "", groupBy: [], sums: [])
            for (name, value) in pairs {
                let path = "\(key).\(name)"
                switch name {
                case "name": table.name = try fileName(value, path)
                case "dataset": table.dataset = try string(value, path)
                case "group_by": table.groupBy = try strings(value, path)
                default: table.sums = try strings(value, path)
                }
            }
            for (required, present) in [("name", !table.name.isEmpty), ("dataset", !table.dataset.isEmpty)]
            where !present {
                throw fail(item, "\(key).\(required)", "missing")
            }
            if table.groupBy.isEmpty { throw fail(item, "\(key).group_by", "missing (the fields to group by)") }
            try names.register(table.name, pairs.first { $0.0 == "name" }?.1 ?? item, "\(key).name")
            return table
        }
    }

    func outputs(_ node: Node, into definition: inout PipelineDefinition) throws {
        for (key, value) in try mapping(node, "outputs", known: ["directory", "report", "formats", "feedback"]) {
            let path = "outputs.\(key)"
            switch key {
            case "directory": definition.outputDirectory = try string(value, path)
            case "feedback": definition.feedback = try boolean(value, path)
            case "formats":
                let formats = try strings(value, path).map { format in
                    guard let known = PipelineDefinition.DatasetFormat(rawValue: format) else {
                        throw fail(value, path, "'\(format)' is not a dataset format (csv, json, xlsx)")
                    }
                    return known
                }
                if formats.isEmpty { throw fail(value, path, "empty (at least one of csv, json, xlsx)") }
                definition.datasetFormats = PipelineDefinition.DatasetFormat.allCases.filter(formats.contains)
            default:
                definition.reportFormats = try strings(value, path).map { format in
                    guard let known = PipelineDefinition.ReportFormat(rawValue: format) else {
                        throw fail(value, path, "'\(format)' is not a report format (json, jsonl, csv, html)")
                    }
                    return known
                }
            }
        }
    }
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (self >= 48 && self <= 57) || (self >= 65 && self <= 90) || (self >= 97 && self <= 122)
    }
}
