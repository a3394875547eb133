public import SheetReading

/// Writes a sheet as one JSON document, streamed row by row: typed values, raw text (no formula
/// neutralisation: JSON consumers do not execute cells).
///
/// ```json
/// {"file": "a.xlsx", "sheet": "Data", "rows": [
/// {"row": 1, "cells": [{"ref": "A1", "type": "text", "value": "Nom"}, …]}, …]}
/// ```
public final class SheetJsonWriter {
    private let sink: OutputSink
    private var rowsWritten = 0
    public private(set) var formulasWithoutValueCount = 0
    public private(set) var rowIssues: [ReadIssue] = []
    private let range: CellRange?
    /// One row's JSON, built here and handed to the sink.
    private var output: [UInt8] = []

    public init(sink: OutputSink, file: String, sheet: String, range: CellRange? = nil) {
        self.sink = sink
        self.range = range
        var head: [UInt8] = Array("{\"file\": ".utf8)
        JsonText.appendString(file, to: &head)
        head.append(contentsOf: Array(", \"sheet\": ".utf8))
        JsonText.appendString(sheet, to: &head)
        head.append(contentsOf: Array(", \"rows\": [".utf8))
        sink.append(head)
        output.reserveCapacity(1 << 16)
    }

    public func write(_ row: Row) throws {
        if let range, row.number < range.firstRow || row.number > range.lastRow { return }
        output.removeAll(keepingCapacity: true)
        output.append(contentsOf: rowsWritten == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
        output.append(contentsOf: Array("{\"row\": ".utf8))
        ValueFormatting.appendInteger(row.number, to: &output)
        output.append(contentsOf: Array(", \"cells\": [".utf8))
        var first = true
        for cell in row.cells {
            if let range, !range.contains(row: row.number, column: Int(cell.column)) { continue }
            if !first { output.append(contentsOf: [UInt8(ascii: ","), 0x20]) }
            first = false
            output.append(contentsOf: Array("{\"ref\": \"".utf8))
            CellReference.appendColumnName(Int(cell.column), to: &output)
            ValueFormatting.appendInteger(row.number, to: &output)
            output.append(contentsOf: Array("\", \"type\": \"".utf8))
            switch cell.kind {
            case .number:
                output.append(contentsOf: Array("number\", \"value\": ".utf8))
                if cell.number.isFinite {
                    ValueFormatting.appendNumber(cell.number, to: &output)
                } else {
                    output.append(contentsOf: Array("null".utf8))
                }
            case .boolean:
                output.append(contentsOf: Array("boolean\", \"value\": ".utf8))
                ValueFormatting.appendValue(of: cell, in: row, to: &output)
            case .text, .error:
                output.append(
                    contentsOf: Array((cell.kind == .text ? "text\", \"value\": " : "error\", \"value\": ").utf8))
                row.withTextBytes(of: cell) { JsonText.appendString($0, to: &output) }
            case .date, .dateTime, .time, .duration:
                let name =
                    cell.kind == .date
                    ? "date" : cell.kind == .dateTime ? "datetime" : cell.kind == .time ? "time" : "duration"
                output.append(contentsOf: Array("\(name)\", \"value\": \"".utf8))
                ValueFormatting.appendValue(of: cell, in: row, to: &output)
                output.append(UInt8(ascii: "\""))
            case .formulaWithoutValue:
                formulasWithoutValueCount += 1
                output.append(contentsOf: Array("formula-without-value\", \"value\": null, \"formula\": ".utf8))
                row.withTextBytes(of: cell) { JsonText.appendString($0, to: &output) }
            }
            output.append(UInt8(ascii: "}"))
        }
        output.append(contentsOf: Array("]}".utf8))
        rowsWritten += 1
        if !row.issues.isEmpty { rowIssues.append(contentsOf: row.issues) }
        sink.append(output)
        try sink.flushIfNeeded()
    }

    public func finish() throws {
        sink.append("\n]}\n")
        try sink.commit()
    }
}
