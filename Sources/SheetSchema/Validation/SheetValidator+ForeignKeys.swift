import SheetHashing
import SheetReading

/// Foreign keys: values that must be in a reference list.
extension SheetValidator {
    /// Reports the values of the row that are not in their reference list.
    func checkForeignKeys(_ state: RowState, row: Int) {
        for position in schema.foreignKeys.indices {
            // As for rules: a key found for these value ids is found again.
            let memo = state.packedValueIDs(of: resolvedForeignKeys.reads[position])
            if let memo, passedForeignKeys[position].contains(memo) { continue }
            let issuesBefore = rowIssues.count
            checkForeignKey(position, state.values, row: row)
            if let memo, rowIssues.count == issuesBefore, passedForeignKeys[position].count < Self.passedRulesLimit {
                passedForeignKeys[position].insert(memo)
            }
        }
    }

    private func checkForeignKey(_ position: Int, _ values: RowValues, row: Int) {
        let key = schema.foreignKeys[position]
        let fields = resolvedForeignKeys.fields[position]
        guard let value = values[at: fields.field] else { return }
        if let when = key.when {
            guard let trigger = values[at: fields.when], when.values.contains(trigger.canonical) else { return }
        }
        let items: [TypedValue]
        if case .list(let list) = value { items = list } else { items = [value] }
        for item in items {
            let canonical = item.canonical
            let found = memoised(&foreignKeyMemo[position], ByteKey(canonical)) {
                key.keys.contains(TextKey.make(canonical))
            }
            if found { continue }
            let column = fields.field >= 0 ? fieldColumns[fields.field] : nil
            issue(
                .foreignKey, severity: key.severity, cell: column.map { CellReference.name(row: row, column: $0) },
                row: row, field: key.field, value: item.canonical,
                Message(
                    fr: "« \(item.canonical) » n'est pas dans la liste de référence \(key.resource)",
                    en: "'\(item.canonical)' is not in the reference list \(key.resource)"))
        }
    }

    /// The answer already seen for this key, or a new one, kept while the table is small.
    @inline(__always)
    private func memoised<Key: Hashable, Value>(_ table: inout [Key: Value], _ key: Key, _ read: () -> Value) -> Value {
        if let seen = table[key] { return seen }
        let outcome = read()
        if table.count < FieldMemo.limit { table[key] = outcome }
        return outcome
    }
}

/// The schema's foreign keys resolved against field positions, once per file.
struct ResolvedForeignKeys {
    /// Per foreign key, the positions of its field and of its `when` field (-1: none).
    let fields: [(field: Int, when: Int)]
    /// Per foreign key, the fields it reads (the value ids that key its memo).
    let reads: [[Int]]

    init(_ foreignKeys: [ForeignKey], fieldIndex indexes: [String: Int]) {
        fields = foreignKeys.map { key in
            (indexes[key.field] ?? -1, key.when.flatMap { indexes[$0.field] } ?? -1)
        }
        reads = foreignKeys.map { key in
            Array(Set([indexes[key.field], key.when.flatMap { indexes[$0.field] }].compactMap { $0 })).sorted()
        }
    }
}
