import Glibc

/// Every issue of one file, in the order of the log: first those of one cell, row or sheet
/// each, as found — kept on disk past a few megabytes, so that memory does not grow with their
/// number — then the reading notes (`IssueCode.isReadingNote`), one entry per field × code ×
/// severity with a `count` and the first cells as `examples`. The counts and the first examples
/// of every field × code are kept beside them (`summary`), for the summaries of the log.
///
/// A value: a copy appends apart (the disk part is shared while it is only read).
public struct IssueList: Sequence, Sendable {
    /// How many cells an aggregated note, or a group of the summary, shows as examples.
    public static let examplesKept = 20
    /// The reading notes' codes, as issues hold them (one lookup per issue, where `IssueCode(rawValue:)`
    /// compares the code with every case's).
    private static let readingNoteCodes = Set(IssueCode.readingNotes.map(\.rawValue))
    /// Bytes of issues kept in memory before they go to disk.
    static let memoryLimit = 4 << 20

    /// Parts of the list on disk, in order: a spool and how many of its bytes are this list's.
    private var spooled: [(spool: IssueSpool, length: Int)] = []
    /// Records not yet on disk (the last ones).
    private var pending: [UInt8] = []
    /// Issues of one cell, row or sheet each (spooled and pending).
    private var plainCount = 0
    /// The temporary folder refused a spool: the issues stay in memory (not tried at each one).
    private var diskRefused = false
    /// The aggregated reading notes, in the order their first cell was found.
    public private(set) var notes: [ValidationIssue] = []
    private var noteIndex: [NoteKey: Int] = [:]
    /// Counts by severity and by field × code, with the first examples of each.
    public private(set) var summary = IssueSummary()

    private struct NoteKey: Hashable {
        var field: String?
        var code: String
        var severity: Severity
    }

    /// An empty list.
    public init() {}

    /// A list of these issues, in this order.
    public init(_ issues: some Sequence<ValidationIssue>) {
        for issue in issues { append(issue) }
    }

    /// Entries of the log: one per plain issue, one per aggregated note.
    public var count: Int { plainCount + notes.count }
    public var isEmpty: Bool { count == 0 }

    /// Adds an issue: a reading note joins its field's entry, another goes to the end.
    public mutating func append(_ issue: ValidationIssue) {
        summary.count(issue)
        if Self.readingNoteCodes.contains(issue.code) {
            aggregate(issue)
            return
        }
        plainCount += 1
        IssueRecord.append(issue, to: &pending)
        if pending.count >= Self.memoryLimit && !diskRefused { spill() }
    }

    public mutating func append(contentsOf issues: some Sequence<ValidationIssue>) {
        for issue in issues { append(issue) }
    }

    private mutating func aggregate(_ issue: ValidationIssue) {
        let key = NoteKey(field: issue.field, code: issue.code, severity: issue.severity)
        let examples = issue.examples.isEmpty ? [IssueExample(issue)] : issue.examples
        guard let position = noteIndex[key] else {
            noteIndex[key] = notes.count
            var entry = issue
            entry.examples = Array(examples.prefix(Self.examplesKept))
            for index in entry.examples.indices where entry.examples[index].message == entry.message {
                entry.examples[index].message = nil
            }
            notes.append(entry)
            return
        }
        notes[position].count += issue.count
        for var example in examples where notes[position].examples.count < Self.examplesKept {
            if example.message == notes[position].message { example.message = nil }
            notes[position].examples.append(example)
        }
    }

    /// Moves the pending records to disk: to this list's last spool while no copy shares it,
    /// else to a new one. A disk that refuses them leaves them in memory (never lost).
    private mutating func spill() {
        let last = spooled.count - 1
        if last < 0 || !isKnownUniquelyReferenced(&spooled[last].spool)
            || spooled[last].spool.length != spooled[last].length
        {
            guard let spool = IssueSpool() else {
                diskRefused = true
                return
            }
            spooled.append((spool, 0))
        }
        let target = spooled.count - 1
        let written = pending.withUnsafeBytes { spooled[target].spool.append($0) }
        guard written else {
            diskRefused = true
            return
        }
        spooled[target].length += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    /// The plain issues' records in order, a part at a time, and how many issues they are: a
    /// shard result keeps them as they are; `appendRecords` takes them back.
    public func writeRecords(_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        for (spool, length) in spooled {
            var offset = 0
            while offset < length {
                let chunk = try spool.read(at: offset, count: Swift.min(1 << 20, length - offset))
                guard !chunk.isEmpty else { throw IssueSpoolError(code: EIO) }
                try chunk.withUnsafeBytes(write)
                offset += chunk.count
            }
        }
        try pending.withUnsafeBytes(write)
        return plainCount
    }

    /// Takes back the whole records at the start of `bytes` (as `writeRecords` gave them) without
    /// counting them again in the summary (`restoring` brought it); returns how many bytes they
    /// are (the rest: a record cut short, to be given again with what follows).
    public mutating func appendRecords(_ bytes: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        var records = 0
        while let length = IssueRecord.bodyLength(in: bytes, at: offset), offset + 4 + length <= bytes.count {
            offset += 4 + length
            records += 1
        }
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<offset]))
        plainCount += records
        if pending.count >= Self.memoryLimit && !diskRefused { spill() }
        return offset
    }

    /// A list as a shard result kept it: its aggregated notes and its summary (its plain issues
    /// follow through `appendRecords`).
    public init(restoringNotes notes: [ValidationIssue], summary: IssueSummary) {
        self.notes = notes
        self.summary = summary
        for (position, note) in notes.enumerated() {
            noteIndex[NoteKey(field: note.field, code: note.code, severity: note.severity)] = position
        }
    }

    /// Each entry in order, read back from disk as it goes.
    public func forEach(reading body: (ValidationIssue) throws -> Void) throws {
        var iterator = makeIterator()
        while let issue = try iterator.nextIssue() { try body(issue) }
    }

    public func makeIterator() -> Iterator { Iterator(list: self) }

    /// Reads the entries back in order: the spooled ones in chunks, then the pending ones, then the notes.
    public struct Iterator: IteratorProtocol {
        private let list: IssueList
        private var part = 0
        /// Where `chunk` starts in the current part.
        private var chunkStart = 0
        private var chunk: [UInt8] = []
        private var chunkPosition = 0
        private var pendingOffset = 0
        private var noteOffset = 0
        private static let chunkSize = 1 << 20

        init(list: IssueList) { self.list = list }

        /// The next entry; throws when the disk fails under the spool.
        public mutating func nextIssue() throws(IssueSpoolError) -> ValidationIssue? {
            while part < list.spooled.count {
                if let issue = Self.decode(chunk, at: &chunkPosition) { return issue }
                let (spool, length) = list.spooled[part]
                let next = chunkStart + chunkPosition
                guard next < length else {
                    part += 1
                    chunk = []
                    chunkStart = 0
                    chunkPosition = 0
                    continue
                }
                // A chunk just read holds at least one whole record: else the spool is damaged.
                if chunkPosition == 0 && !chunk.isEmpty { throw IssueSpoolError(code: EIO) }
                // A record longer than a chunk is read whole.
                var wanted = Self.chunkSize
                if let needed = chunk.withUnsafeBytes({ IssueRecord.bodyLength(in: $0, at: chunkPosition) }) {
                    wanted = Swift.max(wanted, needed + 4)
                }
                chunk = try spool.read(at: next, count: Swift.min(wanted, length - next))
                chunkStart = next
                chunkPosition = 0
            }
            if let issue = Self.decode(list.pending, at: &pendingOffset) { return issue }
            guard noteOffset < list.notes.count else { return nil }
            noteOffset += 1
            return list.notes[noteOffset - 1]
        }

        /// The next entry (for small lists and tests; a disk failing under the spool stops the
        /// process: the log formats use `nextIssue`, which throws).
        public mutating func next() -> ValidationIssue? {
            do {
                return try nextIssue()
            } catch {
                fatalError("\(error)")
            }
        }

        /// The record at `offset` of `bytes` when it is all there (the offset moves past it).
        private static func decode(_ bytes: [UInt8], at offset: inout Int) -> ValidationIssue? {
            bytes.withUnsafeBytes { bytes in
                guard let length = IssueRecord.bodyLength(in: bytes, at: offset), offset + 4 + length <= bytes.count
                else { return nil }
                defer { offset += 4 + length }
                return IssueRecord.decode(UnsafeRawBufferPointer(rebasing: bytes[offset + 4..<offset + 4 + length]))
            }
        }
    }
}

/// One cell of an aggregated note.
public struct IssueExample: Sendable, Codable, Equatable {
    public var cell: String?
    public var row: Int?
    public var value: String?
    public var normalised: String?
    /// What happened there, when it is not what the entry says.
    public var message: Message?

    public init(cell: String?, row: Int?, value: String?, normalised: String?, message: Message? = nil) {
        self.cell = cell
        self.row = row
        self.value = value
        self.normalised = normalised
        self.message = message
    }

    /// The place and values of an issue.
    public init(_ issue: ValidationIssue) {
        self.init(
            cell: issue.cell, row: issue.row, value: issue.value, normalised: issue.normalised,
            message: issue.message)
    }
}
