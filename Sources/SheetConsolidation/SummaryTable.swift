public import Foundation
import SheetOutput

/// A national table: the kept rows of a dataset counted and summed by groups of fields
/// (region × axis × status, theme × indicator × unit…). Exact decimal sums; groups in byte order
/// of their values, so two runs give the same bytes.
public struct SummaryTable: Sendable {
    public struct Definition: Sendable, Equatable {
        public var name: String
        public var dataset: String
        public var groupBy: [String]
        public var sums: [String]

        public init(name: String, dataset: String, groupBy: [String], sums: [String]) {
            self.name = name
            self.dataset = dataset
            self.groupBy = groupBy
            self.sums = sums
        }
    }

    public let definition: Definition
    /// Two decimals in the table for the summed fields that are amounts.
    private let amountSums: [Bool]
    private var groups: [String: Accumulator] = [:]

    /// One group's count and sums (also used to add up a file's rows before they join the table).
    public struct Accumulator: Sendable {
        public private(set) var rows = 0
        public private(set) var sums: [Decimal]
        public private(set) var counted: [Int]

        public init(width: Int) {
            sums = Array(repeating: 0, count: width)
            counted = Array(repeating: 0, count: width)
        }

        /// One row's values to sum (NaN or nil: empty).
        public mutating func add(_ values: ArraySlice<Decimal?>) {
            rows += 1
            for (position, value) in zip(sums.indices, values) {
                if let value, !value.isNaN {
                    sums[position] += value
                    counted[position] += 1
                }
            }
        }

        public mutating func add(_ values: ArraySlice<Decimal>) {
            rows += 1
            for (position, value) in zip(sums.indices, values) where !value.isNaN {
                sums[position] += value
                counted[position] += 1
            }
        }

        mutating func merge(_ other: Accumulator) {
            rows += other.rows
            for position in sums.indices {
                sums[position] += other.sums[position]
                counted[position] += other.counted[position]
            }
        }
    }

    public init(_ definition: Definition, amountSums: [Bool]) {
        self.definition = definition
        self.amountSums = amountSums
    }

    /// The separator of the group values in a group key (below every printable character, so
    /// keys sort as their value tuples do).
    public static let separator = "\u{1F}"

    /// One kept row: its group (values joined by `separator`) and the values to sum (nil: empty).
    public mutating func add(group: String, values: ArraySlice<Decimal?>) {
        var accumulator = Accumulator(width: definition.sums.count)
        accumulator.add(values)
        add(group: group, accumulator)
    }

    /// Rows already added up for a group (a file's, say).
    public mutating func add(group: String, _ accumulator: Accumulator) {
        groups[group, default: Accumulator(width: definition.sums.count)].merge(accumulator)
    }

    /// Group columns, `rows`, then per summed field its total and how many rows had a value.
    public func csv() -> [UInt8] {
        var output: [UInt8] = []
        let header = definition.groupBy + ["rows"] + definition.sums.flatMap { [$0, "\($0)_rows"] }
        appendRecord(header, numbersFrom: header.count, to: &output)
        let keys = groups.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for key in keys {
            let entry = groups[key]!
            var fields = key.components(separatedBy: Self.separator)
            fields.append(String(entry.rows))
            for (position, sum) in entry.sums.enumerated() {
                let text = NSDecimalNumber(decimal: sum).stringValue
                fields.append(amountSums[position] ? DatasetValues.twoDecimals(text) : text)
                fields.append(String(entry.counted[position]))
            }
            appendRecord(fields, numbersFrom: definition.groupBy.count, to: &output)
        }
        return output
    }

    /// Text that could run as a formula is neutralised; the counts and sums from `numbersFrom`
    /// on are numbers (a negative sum is `-12.50`, not `'-12.50`).
    private func appendRecord(_ fields: [String], numbersFrom: Int, to output: inout [UInt8]) {
        CsvFieldWriter.appendRecord(fields, neutralise: { $0 < numbersFrom }, to: &output)
    }
}
