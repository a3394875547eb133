import Foundation
import Glibc
import SheetOutput
import SheetReading
import SheetSchema
import Synchronization

/// Which shard of a sharded run this process is (`--shard I/N`, or a Kubernetes Indexed Job's
/// `JOB_COMPLETION_INDEX` and `SHEETPIPE_SHARDS`).
public struct ShardAssignment: Sendable, Equatable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// `I/N` with 0 ≤ I < N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, index >= 0,
            index < count
        else { return nil }
        self.init(index: index, count: count)
    }
}

/// What a shard did: the files it read and where its result is.
public struct ShardRunResult: Sendable {
    public var shard: ShardAssignment
    public var folder: String
    public var files: Int
    public var rowsIn: Int
    public var unreadable: Int
    public var seconds: Double
}

/// A run past one machine: N shards read, validate, normalise and spool their share of the
/// inputs into a work folder; one merge then does the rest of a single run over all of them
/// (`PipelineRun.consolidateAndWrite`, the very code of a single run), so that its outputs are a
/// single run's byte for byte.
extension PipelineRun {
    /// One shard: reads the inputs at its positions and writes its result into `work/I/` whole
    /// (`ShardResult`). A rejected row or an unreadable input is the merge's to report; errors
    /// thrown are a definition's (`configuration`) or the work folder's (`output`: worth a retry).
    public static func runShard(
        _ given: PipelineDefinition, folder: PipelineFolder, options: RunOptions, shard: ShardAssignment, work: String
    ) throws -> ShardRunResult {
        let started = Date()
        var clock = StageClock(logger: options.logger)
        let plan = try RunPlan(given, folder: folder, options: options)
        do {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        } catch {
            throw RunError.output("\(work): cannot make the work folder (\(error.localizedDescription))")
        }
        let temporary = "\(work)/.shard-\(shard.index).\(getpid()).\(UInt32.random(in: .min ... .max))"
        // Stopped by SIGTERM (a pod evicted) or SIGINT, the shard removes it before it exits.
        // Registered first: a signal that comes once it exists finds it.
        RunInterruption.register(temporary)
        guard mkdir(temporary, 0o755) == 0 else {
            let code = errno
            RunInterruption.unregister(temporary)
            throw RunError.output(
                OutputError(path: temporary, action: "cannot write the shard result", systemError: code).description)
        }
        var committed = false
        defer {
            RunInterruption.unregister(temporary)
            if !committed { try? FileManager.default.removeItem(atPath: temporary) }
        }

        let positions = ShardResult.positions(of: shard.index, count: shard.count, files: plan.submissions.count)
        RunEvents.started(
            plan.definition, files: positions.count, output: "\(work)/\(shard.index)", logger: options.logger)
        let outcomes = readInputs(at: positions, of: plan, spoolFolder: temporary, options: options)
        clock.lap("read_validate")
        if let failure = outcomes.lazy.compactMap(\.outputError).first {
            throw RunError.output(failure.description)
        }
        do {
            let records = try outcomes.map { try ShardResult.write($0, into: temporary) }
            let header = ShardResult.Header(
                format: ShardResult.format, index: shard.index, count: shard.count,
                definitionSHA256: ShardResult.definitionHash(plan), inputsSHA256: ShardResult.inputsHash(plan),
                toolVersion: options.toolVersion,
                written: CivilDateTime(secondsSince1970: Int(Date().timeIntervalSince1970)).isoDateTime,
                files: records)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try ShardResult.writeDurably([UInt8](try encoder.encode(header)), to: temporary + "/shard.json")
            // (A signal waits for the rename: the folder is either still here, or the result.)
            try RunInterruption.whileSwapping {
                try ShardResult.commit(temporary: temporary, final: "\(work)/\(shard.index)")
                RunInterruption.unregister(temporary)
            }
            committed = true
            clock.lap("write_shard")
        } catch let error as OutputError {
            throw RunError.output(error.description)
        } catch let error as RunError {
            throw error
        } catch {
            throw RunError.output("\(work)/\(shard.index): cannot write the shard result (\(error))")
        }
        return ShardRunResult(
            shard: shard, folder: "\(work)/\(shard.index)", files: positions.count,
            rowsIn: outcomes.reduce(0) { $0 + $1.validation.rowsIn },
            unreadable: outcomes.filter { $0.validation.status == .unreadable }.count,
            seconds: Date().timeIntervalSince(started))
    }

    /// The merge: checks that every shard result of `work` is there and of this definition and
    /// input list, then deduplicates, supersedes, finds near-duplicates, sums and writes the
    /// outputs as a single run does, under the same output-folder rules.
    public static func merge(_ given: PipelineDefinition, folder: PipelineFolder, options: RunOptions, work: String)
        throws -> RunResult
    {
        let started = Date()
        var clock = StageClock(logger: options.logger)
        let plan = try RunPlan(given, folder: folder, options: options)
        let found = try ShardResult.collect(work: work, plan: plan)
        let output = try plan.openOutput(options: options)
        let progress = options.progress
        progress?.filesTotal.store(plan.submissions.count, ordering: .relaxed)
        let records = found.flatMap { result in result.header.files.map { (result.folder, $0) } }
        let read = ParallelMap.map(records, jobs: options.jobs) { folder, record -> Result<FileOutcome, RunError> in
            defer { progress?.filesDone.add(1, ordering: .relaxed) }
            do {
                return .success(try ShardResult.read(record, folder: folder, plan: plan))
            } catch let error as RunError {
                return .failure(error)
            } catch {
                return .failure(.configuration("\(folder): \(error)"))
            }
        }
        var outcomes = try read.map { try $0.get() }
        outcomes.sort { $0.index < $1.index }
        clock.lap("read_shards")
        var options = options
        options.mergedShards = found.map {
            ShardResult.Summary(index: $0.header.index, files: $0.header.files.count, written: $0.header.written)
        }
        return try consolidateAndWrite(
            plan, outcomes: outcomes, output: output, options: options, started: started, clock: clock)
    }
}
