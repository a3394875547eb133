import Foundation
public import SheetSchema

/// One file's accepted rows as one national table sees them: each row's group (its group-by
/// values) and the values it adds up. Groups are numbered per file: rows are added up by number,
/// and only the distinct groups' texts are kept.
public struct SummaryGroups: Sendable {
    public let definition: SummaryTable.Definition
    /// Positions of the group-by and summed fields among the schema's fields.
    private let groupBy: [Int]
    private let sums: [Int]
    /// Per row, its group (a position in `groupNames`).
    public private(set) var groupIDs: [Int32] = []
    /// Per row, per summed field (row after row), the value to add; those that do not fit in a
    /// `Summand` are in `wideValues`, by the same position.
    private var values: [SummaryTable.Summand] = []
    private var wideValues: [Int: Decimal] = [:]
    /// Per group, its values joined by `SummaryTable.separator`.
    public private(set) var groupNames: [String] = []
    private var groupIndex: [String: Int32] = [:]
    /// The group of rows whose group-by values have these value ids (`ValidatedRow.packedValueIDs`): most rows
    /// find their group without making its text.
    private var groupByValueIDs: [UInt64: Int32] = [:]

    /// `fields`: the schema's fields (the definition names its fields among them).
    public init(_ definition: SummaryTable.Definition, fields: [Field]) {
        func index(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }
        self.definition = definition
        groupBy = definition.groupBy.compactMap(index)
        sums = definition.sums.compactMap(index)
    }

    /// Fields whose dataset text `add` may ask for.
    public var textFields: [Int] { groupBy }

    public var rowCount: Int { groupIDs.count }

    /// One accepted row (`values`, `valueIDs` by field). `text`: the dataset text of a group-by
    /// field of this row, asked only for a group not yet known by its value ids.
    public mutating func add(values rowValues: [TypedValue?], valueIDs: [Int32], text: (Int) -> String) {
        let packed = ValidatedRow.packedValueIDs(valueIDs, of: groupBy)
        let id: Int32
        if let packed, let known = groupByValueIDs[packed] {
            id = known
        } else {
            let group = groupBy.map(text).joined(separator: SummaryTable.separator)
            if let known = groupIndex[group] {
                id = known
            } else {
                id = Int32(groupNames.count)
                groupNames.append(group)
                groupIndex[group] = id
            }
            if let packed { groupByValueIDs[packed] = id }
        }
        groupIDs.append(id)
        for field in sums {
            guard case .number(let value, let canonical) = rowValues[field] else {
                values.append(.empty)
                continue
            }
            let summand = SummaryTable.Summand(canonical: canonical)
            if summand == .wide { wideValues[values.count] = value }
            values.append(summand)
        }
    }

    /// The rows are all here: the look-up tables are let go.
    public mutating func finish() {
        groupIndex = [:]
        groupByValueIDs = [:]
    }

    /// The rows that `kept` keeps (by position among the accepted rows), added up by group: each
    /// group that has one, in the order groups were first met.
    public func totals(kept: (Int) -> Bool) -> [(group: String, totals: SummaryTable.Accumulator)] {
        let width = sums.count
        var byGroup = Array(repeating: SummaryTable.Accumulator(width: width), count: groupNames.count)
        for index in groupIDs.indices where kept(index) {
            let group = Int(groupIDs[index])
            byGroup[group].addRow()
            for field in 0..<width {
                let value = values[index * width + field]
                if value == .wide, let wide = wideValues[index * width + field] {
                    byGroup[group].add(wide, at: field)
                } else {
                    byGroup[group].add(value, at: field)
                }
            }
        }
        return zip(groupNames, byGroup).filter { $0.1.rows > 0 }.map { (group: $0.0, totals: $0.1) }
    }
}

extension SummaryGroups {
    /// The groups as a shard result keeps them (once `finish` has let the look-up tables go).
    public func encode(into out: inout ShardBytes) {
        out.append(array: groupIDs)
        out.append(array: values.map(\.micros))
        let wide = wideValues.keys.sorted()
        out.append(array: wide)
        out.append(strings: wide.map { "\(wideValues[$0]!)" })
        out.append(strings: groupNames)
    }

    /// The groups `encode` wrote, for this definition over these fields.
    public init(_ definition: SummaryTable.Definition, fields: [Field], from reader: inout ShardByteReader) throws {
        self.init(definition, fields: fields)
        groupIDs = try reader.array(of: Int32.self)
        values = try reader.array(of: Int64.self).map(SummaryTable.Summand.init(micros:))
        let wide = try reader.array(of: Int.self)
        let wideTexts = try reader.strings()
        guard wide.count == wideTexts.count else { throw ShardByteReader.Damaged() }
        for (position, text) in zip(wide, wideTexts) {
            guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw ShardByteReader.Damaged()
            }
            wideValues[position] = value
        }
        groupNames = try reader.strings()
        guard values.count == groupIDs.count * sums.count, groupIDs.allSatisfy({ Int($0) < groupNames.count }) else {
            throw ShardByteReader.Damaged()
        }
    }
}
