import SheetReading
public import SheetSchema

/// What deduplication knows of an accepted row: the digest of its values and of its key.
///
/// The contract (what makes two rows the same):
/// - **values**: every field of the schema, in the schema's order, each in its dataset form
///   (`DatasetValues`: amounts with two decimals, lists sorted without repeats — item by item —,
///   the canonical text otherwise: codes, ISO dates, NFC text with collapsed whitespace, numbers
///   without grouping). Two rows of a dataset are equal when every field's dataset value is equal
///   byte for byte; a field without a value differs from every value, the empty text included.
///   (A field's values are all of one kind — its type decides — so a number never meets the
///   text of its digits in one field.) Provenance (file, sheet, row) takes no part.
/// - **key**: the same, over the primary-key fields only, in the key's order (nil when the
///   schema has no primary key); a list in the key is read item by item too, never as its
///   joined text.
/// The digests stand for these values (`RowDigest`: 128 bits, the same in every process); they
/// are compared within a run and across a sharded run's shard results, never written to outputs.
/// How the outputs spell the values (CSV quoting, JSON escapes, member names) has no part in it.
public struct RowIdentity: Sendable {
    public var values: RowDigest
    public var key: RowDigest?

    public init(values: RowDigest, key: RowDigest?) {
        self.values = values
        self.key = key
    }
}

extension RowIdentity {
    /// Makes the identities of one file's rows. A value with an id (`ValidatedRow.valueIDs`: equal
    /// ids, equal values within a file) is hashed once, when first seen.
    public struct Maker {
        private let fields: [Field]
        private let isAmount: [Bool]
        private let keyFields: [Int]
        /// By `id * fields.count + field`, the position of the value's hashes in `parts` (-1: not
        /// seen yet). Grown as ids come: a file with few distinct values keeps a small table.
        private var slots: [Int32] = []
        private var parts: [RowDigest.Part] = []
        /// The current row's hashes, by field.
        private var rowParts: [RowDigest.Part]

        /// `keyFields`: positions of the primary-key fields among `fields`, in the key's order.
        public init(fields: [Field], keyFields: [Int]) {
            self.fields = fields
            self.keyFields = keyFields
            isAmount = fields.map { $0.kind == .amount }
            rowParts = Array(repeating: .absent, count: fields.count)
        }

        /// The identity of a row (`values` and `valueIDs` in the order of the schema's fields).
        public mutating func identity(values: [TypedValue?], valueIDs: [Int32]) -> RowIdentity {
            var digest = RowDigest.Builder()
            let count = fields.count
            for field in 0..<count {
                let id = Int(valueIDs[field])
                let part: RowDigest.Part
                if id >= 0 {
                    let slot = id * count + field
                    if slot < slots.count, slots[slot] >= 0 {
                        part = parts[Int(slots[slot])]
                    } else {
                        part = Self.part(values[field], field: fields[field], isAmount: isAmount[field])
                        if slot >= slots.count {
                            slots.append(contentsOf: repeatElement(-1, count: (id + 1) * count - slots.count))
                        }
                        slots[slot] = Int32(parts.count)
                        parts.append(part)
                    }
                } else {
                    part = Self.part(values[field], field: fields[field], isAmount: isAmount[field])
                }
                rowParts[field] = part
                digest.add(part)
            }
            guard !keyFields.isEmpty else { return RowIdentity(values: digest.finish(), key: nil) }
            var key = RowDigest.Builder()
            for field in keyFields { key.add(rowParts[field]) }
            return RowIdentity(values: digest.finish(), key: key.finish())
        }

        /// The hashes of one value in its dataset form (see `RowIdentity`).
        static func part(_ value: TypedValue?, field: Field, isAmount: Bool) -> RowDigest.Part {
            switch value {
            case nil:
                return .absent
            case .text(let text), .date(let text):
                return text.withUTF8Bytes { RowDigest.Part(bytes: UnsafeRawBufferPointer($0)) }
            case .number(_, let canonical) where !isAmount:
                return canonical.withUTF8Bytes { RowDigest.Part(bytes: UnsafeRawBufferPointer($0)) }
            case .number(_, let canonical):
                // Most amounts have two decimals or fewer: the zeros are added on the stack.
                let padded = canonical.withUTF8Bytes { bytes -> RowDigest.Part? in
                    guard let padding = DatasetValues.twoDecimalPadding(bytes) else { return nil }
                    let length = bytes.count + padding.utf8CodeUnitCount
                    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { buffer in
                        _ = buffer.initialize(from: bytes)
                        let tail = UnsafeMutableBufferPointer(rebasing: buffer[bytes.count...])
                        _ = tail.initialize(
                            from: UnsafeBufferPointer(start: padding.utf8Start, count: padding.utf8CodeUnitCount))
                        return RowDigest.Part(bytes: UnsafeRawBufferPointer(buffer))
                    }
                }
                return padded ?? Self.part(text: DatasetValues.twoDecimals(canonical))
            case .list(let items):
                var digest = RowDigest.Builder()
                for item in DatasetValues.listItems(items, field: field) { digest.add(item) }
                return RowDigest.Part(digest.finish())
            case .some(let other):
                return Self.part(text: DatasetValues.text(other, field: field))
            }
        }

        private static func part(text: String) -> RowDigest.Part {
            text.withUTF8Bytes { RowDigest.Part(bytes: UnsafeRawBufferPointer($0)) }
        }
    }
}
