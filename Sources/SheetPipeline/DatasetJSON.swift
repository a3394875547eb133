import SheetConsolidation
import SheetOutput
import SheetSchema

/// The JSON form of dataset values (`DatasetValues`): numbers and booleans as such, lists as
/// arrays, the rest as strings.
enum DatasetJSON {
    /// A list's items (from `listItems`) as a JSON array: numbers as such, the rest as strings.
    static func appendJSONArray(_ items: [String], field: Field, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        let numeric = field.itemType == .number || field.itemType == .integer
        for (position, item) in items.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            if numeric { output.append(contentsOf: item.utf8) } else { JsonText.appendString(item, to: &output) }
        }
        output.append(UInt8(ascii: "]"))
    }

    /// The JSON of a value: numbers and booleans as such, lists as arrays, the rest as strings.
    static func appendJSON(_ value: TypedValue?, field: Field, to output: inout [UInt8]) {
        guard let value else {
            output.append(contentsOf: "null".utf8)
            return
        }
        switch value {
        case .number(_, let text):
            output.append(contentsOf: (field.kind == .amount ? DatasetValues.twoDecimals(text) : text).utf8)
        case .boolean(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .list(let items):
            appendJSONArray(DatasetValues.listItems(items, field: field), field: field, to: &output)
        case .text(let text), .date(let text):
            JsonText.appendString(text, to: &output)
        }
    }
}
