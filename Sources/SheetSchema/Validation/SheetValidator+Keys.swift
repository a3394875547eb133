import SheetHashing
import SheetReading

/// Key checks: primary key (same key with other values, or the same row twice) and unique keys.
extension SheetValidator {
    /// Reports a row whose primary key or unique key an earlier row had.
    func checkKeys(_ state: RowState, row: Int) {
        let values = state.values
        func keyText(_ indexes: [Int]) -> String {
            indexes.compactMap { values.values[$0]?.canonical }.joined(separator: " / ")
        }
        if resolvedKeys.hasPrimaryKey, let key = keyDigest(resolvedKeys.primaryKeyIndexes, state) {
            // A 64-bit hash of every value stands for the row (exact duplicates compare equal):
            // the values' keyed hashes chained (no second SipHash over them).
            var chain = WordHash()
            for index in values.values.indices {
                chain.add(UInt64(UInt(bitPattern: state.valueHash(index, second: false))))
            }
            let signature = Int(Int64(bitPattern: chain.value))
            if let earlier = keyIndex[key.first, key.second] {
                if earlier.signature == signature {
                    issue(
                        .duplicateRow, row: row, field: schema.primaryKey.last,
                        Message(
                            fr: "ligne identique à la ligne \(earlier.row) (doublon)",
                            en: "same row as row \(earlier.row) (duplicate)"))
                } else {
                    issue(
                        .primaryKey, row: row, field: schema.primaryKey.last,
                        value: keyText(resolvedKeys.primaryKeyIndexes),
                        Message(
                            fr:
                                "même clé (\(schema.primaryKey.joined(separator: ", "))) que la ligne \(earlier.row), avec d'autres valeurs",
                            en:
                                "same key (\(schema.primaryKey.joined(separator: ", "))) as row \(earlier.row), with other values"
                        ))
                }
            } else {
                keyIndex.updateValue(
                    FirstKeyedRow(row: Int32(clamping: row), signature: signature), first: key.first, second: key.second
                )
            }
        }
        for position in resolvedKeys.uniqueKeyIndexes.indices {
            guard let digest = keyDigest(resolvedKeys.uniqueKeyIndexes[position], state) else { continue }
            if let earlier = uniqueIndexes[position][digest.first, digest.second] {
                issue(
                    .uniqueError, row: row, field: resolvedKeys.uniqueKeyNames[position].last,
                    value: keyText(resolvedKeys.uniqueKeyIndexes[position]),
                    Message(
                        fr: "valeur déjà vue ligne \(earlier.row) (doit être unique)",
                        en: "value already seen on row \(earlier.row) (must be unique)"))
            } else {
                uniqueIndexes[position].updateValue(
                    FirstRow(row: Int32(clamping: row)), first: digest.first, second: digest.second)
            }
        }
    }

    /// A key's values (all present) as two independent 64-bit hashes: 128 bits stand for the
    /// key (two keys share them by chance with odds of n²/2¹²⁹ — never, in practice) without
    /// building its text for every row.
    func keyDigest(_ indexes: [Int], _ state: RowState) -> KeyDigest? {
        // (The values' two keyed hashes, each chained: no second SipHash over them.)
        var first = WordHash()
        var second = WordHash(seed: 0xA409_3822_299F_31D0)
        for index in indexes {
            guard state.values.values[index] != nil else { return nil }
            first.add(UInt64(UInt(bitPattern: state.valueHash(index, second: false))))
            second.add(UInt64(UInt(bitPattern: state.valueHash(index, second: true))))
        }
        return KeyDigest(first: first.value, second: second.value)
    }

    /// The first row that had a primary key, and the signature of its values (row -1: an empty
    /// slot of `keyIndex`; rows are numbered from 1).
    struct FirstKeyedRow: WordKeyTableValue {
        let row: Int32
        let signature: Int

        static var vacant: FirstKeyedRow { FirstKeyedRow(row: -1, signature: 0) }
        var isVacant: Bool { row < 0 }
    }

    /// The first row that had a unique key's value (row -1: an empty slot of `uniqueIndexes`).
    struct FirstRow: WordKeyTableValue {
        let row: Int32

        static var vacant: FirstRow { FirstRow(row: -1) }
        var isVacant: Bool { row < 0 }
    }

    /// Two independent 64-bit hashes of a key's values.
    struct KeyDigest {
        let first: UInt64
        let second: UInt64
    }
}

/// The schema's keys resolved against field positions, once per file.
struct ResolvedKeys {
    /// The fields of each unique key (schema uniqueKeys, then unique fields), by name and by position.
    let uniqueKeyNames: [[String]]
    let uniqueKeyIndexes: [[Int]]
    let primaryKeyIndexes: [Int]
    /// The schema has a primary key, and every field of it.
    let hasPrimaryKey: Bool
    /// Per field: some key reads it (its values are hashed), a second time for key digests.
    let hashedFields: [Bool]
    let keyFields: [Bool]

    init(_ schema: TableSchema, fieldIndex indexes: [String: Int]) {
        var keys = schema.uniqueKeys
        for field in schema.fields where field.constraints.unique { keys.append([field.name]) }
        uniqueKeyNames = keys
        uniqueKeyIndexes = keys.map { names in names.compactMap { indexes[$0] } }
        primaryKeyIndexes = schema.primaryKey.compactMap { indexes[$0] }
        hasPrimaryKey = !primaryKeyIndexes.isEmpty && primaryKeyIndexes.count == schema.primaryKey.count
        var inKeys = Array(repeating: false, count: schema.fields.count)
        for index in primaryKeyIndexes + uniqueKeyIndexes.flatMap({ $0 }) { inKeys[index] = true }
        // A self-reference compares the digests of its fields with those of the referenced ones.
        for key in schema.foreignKeys where key.isSelfReference {
            for name in key.fields + key.columns { if let index = indexes[name] { inKeys[index] = true } }
        }
        keyFields = inKeys
        // The row signature hashes every field (when there is a primary key); unique keys their own.
        hashedFields = hasPrimaryKey ? Array(repeating: true, count: schema.fields.count) : inKeys
    }
}
