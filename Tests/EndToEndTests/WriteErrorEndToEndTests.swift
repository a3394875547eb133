import Foundation
import SheetTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 13, finding 7: an output that cannot be written is an output error (exit 2) naming the
/// final file or folder and the system's reason — never a temporary name, never "rows do not
/// add up" — with the previous outputs intact and no temporary folder left. The conditions are
/// made for real: a full tmpfs and a read-only bind mount in a private mount namespace, another
/// user, a file size limit. A test whose condition cannot be made here is reported as skipped.
@Suite(.serialized) struct WriteErrorEndToEndTests {
    static func succeeds(_ script: String, environment: [String: String] = [:]) -> Bool {
        (try? Binary.shell(script, environment: environment).status) == 0
    }

    /// Mount namespaces (root, or a system that lets unshare make them).
    static let canMount: Bool = {
        let folder = (try? TestFiles.folder("probe"))?.path ?? "/nonexistent"
        let ok = succeeds("unshare -m sh -c 'mount -t tmpfs -o size=1m tmpfs \(folder)' 2>/dev/null")
        if !ok { print("SKIPPED: write errors under a mount namespace (unshare -m / mount not permitted here)") }
        return ok
    }()

    /// A copy of the binary, the pipelines and the samples that `nobody` can reach: the clone the
    /// tests run from may sit under a folder only root can enter (`mktemp -d` makes it 0700).
    static let nobodyCopy: URL? = {
        guard geteuid() == 0 else { return nil }
        let root = URL(fileURLWithPath: "/tmp/sheetpipe-nobody-\(getpid())")
        // (The copies of test runs that have ended are removed first: no teardown runs after a
        // suite, so each run would otherwise leave 28 MB in /tmp.)
        let script = """
            for old in /tmp/sheetpipe-nobody-*; do
              pid=${old##*-}; [ -d "$old" ] && ! kill -0 "$pid" 2>/dev/null && rm -rf "$old"
            done
            rm -rf "$R" && mkdir -p "$R" && cp "$SHEETPIPE" "$R/sheetpipe" \
            && cp -R pipelines samples "$R/" && chmod -R a+rX "$R"
            """
        return succeeds(script, environment: ["R": root.path]) ? root : nil
    }()

    /// Running the binary as `nobody`, who must be able to reach it and the samples.
    static let canRunAsNobody: Bool = {
        guard let copy = nobodyCopy else {
            print("SKIPPED: EACCES as another user (needs root to make a copy nobody can run)")
            return false
        }
        let ok = succeeds(
            "cd \"$R\" && setpriv --reuid=65534 --regid=65534 --clear-groups sh -c 'test -x ./sheetpipe && test -r samples/fiches-corse.csv' 2>/dev/null",
            environment: ["R": copy.path])
        if !ok { print("SKIPPED: EACCES as another user (setpriv cannot run the binary as nobody here)") }
        return ok
    }()

    static func sha256s(_ folder: URL) throws -> [String: Data] { try RunEndToEndTests.snapshot(folder) }

    /// The run failed as a write error should: exit 2, the final name and the reason, no
    /// temporary name, the outputs as they were, no temporary folder beside them.
    static func expectNamedWriteError(
        status: Int32, stderr: String, out: URL, reason: String, before: [String: Data], after: [String: Data],
        listing: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(status == 2, "exit 2, not \(status): \(stderr)", sourceLocation: sourceLocation)
        #expect(stderr.contains(out.path), "names the output: \(stderr)", sourceLocation: sourceLocation)
        #expect(stderr.contains(reason), "gives the reason \(reason): \(stderr)", sourceLocation: sourceLocation)
        #expect(
            !stderr.contains(".tmp-") && !stderr.contains(".spool") && !stderr.contains("rows do not add up"),
            "no temporary name: \(stderr)", sourceLocation: sourceLocation)
        #expect(!before.isEmpty && after == before, "previous outputs intact", sourceLocation: sourceLocation)
        #expect(
            !listing.contains { $0.contains(".tmp-") }, "no temporary folder left: \(listing)",
            sourceLocation: sourceLocation)
    }

    @Test(.enabled(if: canMount, "needs a private mount namespace")) func aFullDiskIsNamed() throws {
        let state = try TestFiles.folder("enospc")
        let disk = state.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        // Everything happens in the namespace (the tmpfs goes with it): results go to `state`.
        let script = """
            mount -t tmpfs -o size=4m tmpfs "$DISK" || exit 99
            "$SHEETPIPE" run --out "$DISK/out" --quiet; echo $? > "$STATE/first"
            (cd "$DISK/out" && find . -type f | LC_ALL=C sort | xargs sha256sum) > "$STATE/before"
            dd if=/dev/zero of="$DISK/filler" bs=64k 2>/dev/null
            truncate -s -200K "$DISK/filler"
            "$SHEETPIPE" run --out "$DISK/out" --quiet 2> "$STATE/stderr"; echo $? > "$STATE/second"
            (cd "$DISK/out" && find . -type f | LC_ALL=C sort | xargs sha256sum) > "$STATE/after"
            ls -a "$DISK" > "$STATE/listing"
            """
        try Data(script.utf8).write(to: state.appendingPathComponent("script.sh"))
        let shell = try Binary.shell(
            "unshare -m sh \"$STATE/script.sh\"", environment: ["STATE": state.path, "DISK": disk.path])
        try #require(shell.status == 0, "the namespace was set up: \(shell.stderr)")
        func read(_ name: String) -> String {
            (try? String(contentsOf: state.appendingPathComponent(name), encoding: .utf8)) ?? ""
        }
        #expect(read("first") == "1\n", "the first run fits: \(read("first"))")
        Self.expectNamedWriteError(
            status: Int32(read("second").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1, stderr: read("stderr"),
            out: disk.appendingPathComponent("out"), reason: "No space left on device (ENOSPC)",
            before: ["sums": Data(read("before").utf8)], after: ["sums": Data(read("after").utf8)],
            listing: read("listing").split(separator: "\n").map(String.init))
        #expect(read("before").contains("./fiches-projets.csv"))
    }

    @Test(.enabled(if: canMount, "needs a private mount namespace")) func aReadOnlyFolderIsNamed() throws {
        let parent = try TestFiles.folder("erofs")
        let out = parent.appendingPathComponent("out")
        _ = try Binary.run(["run", "--out", out.path, "--quiet"])
        let before = try Self.sha256s(out)
        let run = try Binary.shell(
            "unshare -m sh -c 'mount --bind \"$P\" \"$P\" && mount -o remount,bind,ro \"$P\" && exec \"$SHEETPIPE\" run --out \"$P/out\" --quiet'",
            environment: ["P": parent.path])
        Self.expectNamedWriteError(
            status: run.status, stderr: run.stderr, out: out, reason: "Read-only file system (EROFS)", before: before,
            after: try Self.sha256s(out), listing: try FileManager.default.contentsOfDirectory(atPath: parent.path))
    }

    @Test(.enabled(if: canRunAsNobody, "needs root and setpriv")) func aFolderAnotherUserCannotWriteIsNamed() throws {
        let parent = try TestFiles.folder("eacces")
        let out = parent.appendingPathComponent("out")
        _ = try Binary.run(["run", "--out", out.path, "--quiet"])
        let before = try Self.sha256s(out)
        let run = try Binary.shell(
            "cd \"$R\" && exec setpriv --reuid=65534 --regid=65534 --clear-groups ./sheetpipe run --out \"$P/out\" --quiet",
            environment: ["P": parent.path, "R": try #require(Self.nobodyCopy).path])
        Self.expectNamedWriteError(
            status: run.status, stderr: run.stderr, out: out, reason: "Permission denied (EACCES)", before: before,
            after: try Self.sha256s(out), listing: try FileManager.default.contentsOfDirectory(atPath: parent.path))
    }

    @Test func aFileSizeLimitIsNamed() throws {
        let parent = try TestFiles.folder("efbig")
        let out = parent.appendingPathComponent("out")
        _ = try Binary.run(["run", "--out", out.path, "--quiet"])
        let before = try Self.sha256s(out)
        // The binary ignores SIGXFSZ itself: the write past the limit returns EFBIG instead of
        // killing the process. It starts with the signal's default action, as from a login shell
        // or a container (an ignored signal is inherited, and the test runner may ignore it).
        let run = try Binary.shell(
            "ulimit -f 200 || exit 99; exec env --default-signal=XFSZ \"$SHEETPIPE\" run --out \"$P/out\" --quiet",
            environment: ["P": parent.path])
        try #require(run.status != 99, "ulimit -f works here")
        Self.expectNamedWriteError(
            status: run.status, stderr: run.stderr, out: out, reason: "File too large (EFBIG)", before: before,
            after: try Self.sha256s(out), listing: try FileManager.default.contentsOfDirectory(atPath: parent.path))
    }
}
