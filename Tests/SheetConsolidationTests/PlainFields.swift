import Foundation
import SheetSchema

/// A schema field for tests that need only its name, type and kind.
func plainField(_ name: String, _ type: FieldType = .string, kind: ValueKind? = nil, itemType: FieldType = .string)
    -> Field
{
    Field(
        name: name, title: nil, description: nil, type: type, format: nil, constraints: Constraints(),
        missingValues: nil, labels: [], locale: nil, kind: kind, synonyms: [:], trueValues: [], falseValues: [],
        decimalChar: ",", groupChar: nil, bareNumber: true, delimiter: ";", itemType: itemType, minimumText: nil,
        maximumText: nil)
}

/// A number as the validator gives it.
func number(_ canonical: String) -> TypedValue {
    .number(Decimal(string: canonical) ?? 0, text: canonical)
}
