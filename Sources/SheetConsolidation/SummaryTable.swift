public import Foundation
import SheetSchema

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
    public let amountSums: [Bool]
    private var groups: [String: Accumulator] = [:]

    /// One group's count and sums (also used to add up a file's rows before they join the table).
    /// Values that fit in millionths (`Summand`) add up as integers; the rest, and a running
    /// total that would overflow, as Decimals. Both exact.
    public struct Accumulator: Sendable {
        public private(set) var rows = 0
        private var micros: [Int64]
        private var wideSums: [Decimal]
        public private(set) var counted: [Int]

        public init(width: Int) {
            micros = Array(repeating: 0, count: width)
            wideSums = Array(repeating: 0, count: width)
            counted = Array(repeating: 0, count: width)
        }

        /// The exact totals.
        public var sums: [Decimal] {
            zip(micros, wideSums).map { micros, wide in wide + Decimal(micros) * Summand.unit }
        }

        /// One row's values to sum (nil: empty).
        public mutating func add(_ values: ArraySlice<Decimal?>) {
            rows += 1
            for (position, value) in zip(micros.indices, values) {
                if let value { add(value, at: position) }
            }
        }

        /// One row more in the group; its values come by `add(_:at:)`.
        public mutating func addRow() { rows += 1 }

        /// A value of the current row (`Summand.empty`: none; `Summand.wide`: give it as a Decimal).
        @inline(__always)
        public mutating func add(_ value: Summand, at position: Int) {
            guard value != .empty, value != .wide else { return }
            counted[position] += 1
            add(micros: value.micros, at: position)
        }

        @inline(__always)
        private mutating func add(micros value: Int64, at position: Int) {
            let (total, overflow) = micros[position].addingReportingOverflow(value)
            if overflow {
                // The running total moves to the Decimal side, exactly.
                wideSums[position] += Decimal(micros[position]) * Summand.unit + Decimal(value) * Summand.unit
                micros[position] = 0
            } else {
                micros[position] = total
            }
        }

        public mutating func add(_ value: Decimal, at position: Int) {
            guard !value.isNaN else { return }
            counted[position] += 1
            wideSums[position] += value
        }

        mutating func merge(_ other: Accumulator) {
            rows += other.rows
            for position in micros.indices {
                wideSums[position] += other.wideSums[position]
                add(micros: other.micros[position], at: position)
                counted[position] += other.counted[position]
            }
        }
    }

    /// A value to sum as the per-row tables hold it: in millionths, in 64 bits, when the number
    /// has at most six decimals and less than 10¹² (every amount and count does), so that adding
    /// up a million rows is integer additions, not Decimal arithmetic.
    public struct Summand: Sendable, Equatable {
        public let micros: Int64

        init(micros: Int64) { self.micros = micros }

        /// No value.
        public static let empty = Summand(micros: .min)
        /// A value that does not fit: the caller keeps it as a Decimal.
        public static let wide = Summand(micros: .min + 1)
        static let unit = Decimal(sign: .plus, exponent: -6, significand: 1)

        /// From a number's canonical text (`-1234.5`: no grouping, `.` for decimals); `wide` when
        /// it does not fit.
        public init(canonical: String) {
            self = TypedValue.millionths(canonical: canonical).map(Summand.init(micros:)) ?? .wide
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

    /// The column names: group columns, `rows`, then per summed field its total and how many
    /// rows had a value.
    public var header: [String] {
        definition.groupBy + ["rows"] + definition.sums.flatMap { [$0, "\($0)_rows"] }
    }

    /// The table's rows as texts, in the order of `header`, groups in byte order of their values:
    /// sums exact, amounts with two decimals.
    public func rows() -> [[String]] {
        let keys = groups.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return keys.map { key in
            let entry = groups[key]!
            var fields = key.components(separatedBy: Self.separator)
            fields.append(String(entry.rows))
            for (position, sum) in entry.sums.enumerated() {
                let text = NSDecimalNumber(decimal: sum).stringValue
                fields.append(amountSums[position] ? DatasetValues.twoDecimals(text) : text)
                fields.append(String(entry.counted[position]))
            }
            return fields
        }
    }
}
