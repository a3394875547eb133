import SheetHashing
import SheetReading

/// Foreign keys: values that must be in a reference list, or — a self-reference (`"resource":
/// ""`) — among the key values of the table's own rows. A reference list is known before the
/// first row; the table's own keys are known only at its end (a row may name one that comes
/// after it): a self-reference not found among the rows before is looked up again when the
/// sheet ends (`resolveSelfReferences`), against the primary-key index when the key refers to
/// the primary key, else against an index of the referenced fields' digests of the same size.
extension SheetValidator {
    /// Reports the values of the row that are not in their reference list; indexes the row's
    /// referenced keys and defers the self-references not found yet.
    func checkForeignKeys(_ state: RowState, row: Int) {
        for position in schema.foreignKeys.indices {
            if schema.foreignKeys[position].isSelfReference {
                checkSelfReference(position, state, row: row)
                continue
            }
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

    /// The key applies to this row: its `when` field holds one of its values (or it has none).
    private func applies(_ position: Int, _ values: RowValues) -> Bool {
        guard let when = schema.foreignKeys[position].when else { return true }
        guard let trigger = values[at: resolvedForeignKeys.whenFields[position]] else { return false }
        return when.values.contains(trigger.canonical)
    }

    private func checkForeignKey(_ position: Int, _ values: RowValues, row: Int) {
        let key = schema.foreignKeys[position]
        let fields = resolvedForeignKeys.fields[position]
        guard applies(position, values) else { return }
        if fields.count == 1 {
            guard let value = values[at: fields[0]] else { return }
            let items: [TypedValue]
            if case .list(let list) = value { items = list } else { items = [value] }
            for item in items {
                let canonical = item.canonical
                let found = memoised(&foreignKeyMemo[position], ByteKey(canonical)) {
                    key.keys.contains(TextKey.make(canonical))
                }
                if !found { reportMissingReference(position, value: canonical, row: row) }
            }
            return
        }
        // Several fields: compared together; a row where all are empty names nothing.
        let parts = fields.map { values[at: $0]?.canonical ?? "" }
        if parts.allSatisfy(\.isEmpty) { return }
        let joined = parts.joined(separator: ForeignKey.joiner)
        let found = memoised(&foreignKeyMemo[position], ByteKey(joined)) {
            key.keys.contains(parts.map(TextKey.make).joined(separator: ForeignKey.joiner))
        }
        if !found { reportMissingReference(position, value: parts.joined(separator: " / "), row: row) }
    }

    /// A self-reference: this row's referenced fields join the index (unless they are the
    /// primary key, which `checkKeys` indexes), then its referencing fields are looked up; one
    /// not found yet is kept for the sheet's end.
    private func checkSelfReference(_ position: Int, _ state: RowState, row: Int) {
        let resolved = resolvedForeignKeys
        if !resolved.usesPrimaryKey[position], let digest = keyDigest(resolved.columns[position], state),
            selfReferenceIndexes[position][digest.first, digest.second] == nil
        {
            selfReferenceIndexes[position].updateValue(
                FirstRow(row: Int32(clamping: row)), first: digest.first, second: digest.second)
        }
        let values = state.values
        guard applies(position, values) else { return }
        let fields = resolved.fields[position]
        if fields.allSatisfy({ values[at: $0] == nil }) { return }
        let shown = fields.map { values[at: $0]?.canonical ?? "" }.joined(separator: " / ")
        guard let digest = keyDigest(fields, state) else {
            // Part of the key is empty: no row can have it.
            reportMissingReference(position, value: shown, row: row)
            return
        }
        if selfReferenceFound(position, digest) { return }
        pendingSelfReferences.append(
            PendingSelfReference(position: position, row: Int32(clamping: row), digest: digest, value: shown))
    }

    private func selfReferenceFound(_ position: Int, _ digest: KeyDigest) -> Bool {
        if resolvedForeignKeys.usesPrimaryKey[position] { return keyIndex[digest.first, digest.second] != nil }
        return selfReferenceIndexes[position][digest.first, digest.second] != nil
    }

    /// At the sheet's end: the self-references not found when their row was read are looked up
    /// among all the rows; one still missing is an issue of its row, which an error makes invalid.
    func resolveSelfReferences() {
        guard !pendingSelfReferences.isEmpty else { return }
        var newlyInvalid: [UInt32] = []
        let invalid = Set(result.invalidRows)
        for pending in pendingSelfReferences where !selfReferenceFound(pending.position, pending.digest) {
            let row = Int(pending.row)
            reportMissingReference(pending.position, value: pending.value, row: row)
            if schema.foreignKeys[pending.position].severity == .error, !invalid.contains(UInt32(pending.row)),
                !newlyInvalid.contains(UInt32(pending.row))
            {
                newlyInvalid.append(UInt32(pending.row))
                if let reported = rowIssues.last {
                    let place = [reported.cell, reported.field].compactMap { $0 }.joined(separator: " ")
                    result.rowsInvalidAtEnd[UInt32(pending.row)] = Message(
                        fr: "\(place) : \(reported.message.fr)", en: "\(place): \(reported.message.en)")
                }
            }
        }
        pendingSelfReferences.removeAll()
        if !newlyInvalid.isEmpty {
            result.rowsValid -= newlyInvalid.count
            result.rowsInvalid += newlyInvalid.count
            result.invalidRows = (result.invalidRows + newlyInvalid).sorted()
        }
        flushIssues()
    }

    private func reportMissingReference(_ position: Int, value: String, row: Int) {
        let key = schema.foreignKeys[position]
        let first = resolvedForeignKeys.fields[position].first ?? -1
        let column = first >= 0 ? fieldColumns[first] : nil
        let list =
            key.isSelfReference
            ? (
                fr: "parmi les \(key.columns.joined(separator: ", ")) de ce tableau",
                en: "among this table's \(key.columns.joined(separator: ", "))"
            )
            : (fr: "dans la liste de référence \(key.resource)", en: "in the reference list \(key.resource)")
        issue(
            .foreignKey, severity: key.severity, cell: column.map { CellReference.name(row: row, column: $0) },
            row: row, field: key.fields.joined(separator: ", "), value: value,
            Message(fr: "« \(value) » n'est pas \(list.fr)", en: "'\(value)' is not \(list.en)"))
    }

    /// The answer already seen for this key, or a new one, kept while the table is small.
    @inline(__always)
    private func memoised<Key: Hashable, Value>(_ table: inout [Key: Value], _ key: Key, _ read: () -> Value) -> Value {
        if let seen = table[key] { return seen }
        let outcome = read()
        if table.count < FieldMemo.limit { table[key] = outcome }
        return outcome
    }

    /// A self-reference not found among the rows before its own, looked up again at the end.
    struct PendingSelfReference {
        let position: Int
        let row: Int32
        let digest: KeyDigest
        /// The value as the issue shows it.
        let value: String
    }
}

/// The schema's foreign keys resolved against field positions, once per file.
struct ResolvedForeignKeys {
    /// Per foreign key, the positions of its fields (-1: absent) and of its `when` field (-1: none).
    let fields: [[Int]]
    let whenFields: [Int]
    /// Per self-reference, the positions of the referenced fields.
    let columns: [[Int]]
    /// Per self-reference: it refers to the primary key (looked up in its index).
    let usesPrimaryKey: [Bool]
    /// Per foreign key, the fields it reads (the value ids that key its memo).
    let reads: [[Int]]

    init(_ foreignKeys: [ForeignKey], primaryKey: [String], fieldIndex indexes: [String: Int]) {
        fields = foreignKeys.map { key in key.fields.map { indexes[$0] ?? -1 } }
        whenFields = foreignKeys.map { key in key.when.flatMap { indexes[$0.field] } ?? -1 }
        columns = foreignKeys.map { key in key.isSelfReference ? key.columns.compactMap { indexes[$0] } : [] }
        usesPrimaryKey = foreignKeys.map { key in
            key.isSelfReference && key.columns == primaryKey
                && primaryKey.allSatisfy { indexes[$0] != nil }
        }
        reads = foreignKeys.map { key in
            Array(
                Set(key.fields.compactMap { indexes[$0] } + [key.when.flatMap { indexes[$0.field] }].compactMap { $0 })
            )
            .sorted()
        }
    }
}
