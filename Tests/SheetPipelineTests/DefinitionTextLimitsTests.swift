import Foundation
import SheetPipeline
import Testing

/// YAML that would make the YAML library work for minutes is refused before it is composed, each
/// kind on its smallest example, naming the line; ordinary YAML (quotes, comments, block scalars,
/// anchors used as values) still loads.
@Suite struct DefinitionTextLimitsTests {
    static let head = "name: x\ninputs:\n  - path: a.csv\n"

    func refusal(_ yaml: String) -> DefinitionError? {
        do {
            _ = try PipelineDefinition.parse(yaml: yaml, file: "d.yml", baseDirectory: ".")
            return nil
        } catch {
            return error as? DefinitionError
        }
    }

    static let refused: [(name: String, yaml: String, line: Int?, reason: String)] = [
        ("alias as key", head + "a: &a x\n*a : 1\n", 5, "alias (*a) used as a key"),
        ("alias as key, no space", head + "a: &a x\n*a: 1\n", 5, "alias (*a) used as a key"),
        ("alias as key in a flow mapping", head + "a: &a x\nb: {*a : 1}\n", 5, "alias (*a) used as a key"),
        ("list as key", head + "[a, b]: 1\n", 4, "a list or mapping used as a key"),
        ("mapping as key in a flow mapping", head + "b: {{a: 1}: 2}\n", 4, "a list or mapping used as a key"),
        ("explicit key", head + "? a\n: 1\n", 4, "explicit key"),
        (
            "flow nesting", head + "a: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "\n",
            4, "nested more than 64"
        ),
        (
            "block nesting",
            head + (0..<70).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined()
                + String(repeating: " ", count: 70) + "v\n",
            68, "nested more than 64"
        ),
        ("items in items", head + "a: " + String(repeating: "- ", count: 70) + "x\n", 4, "nested more than 64"),
    ]

    @Test(arguments: 0..<refused.count)
    func refusedOnItsSmallestExample(_ index: Int) throws {
        let example = Self.refused[index]
        let error = try #require(refusal(example.yaml), "\(example.name) was not refused")
        #expect(error.line == example.line, "\(example.name): \(error)")
        #expect(error.description.contains(example.reason), "\(example.name): \(error)")
    }

    /// Aliases as keys nested 8 deep (the bomb: depth 7 took 13 s of CPU).
    @Test func theAliasKeyBombIsRefused() throws {
        var yaml = Self.head + "a0: &a0 {x: 1, y: 2}\n"
        for level in 1...8 {
            yaml += "a\(level): &a\(level) {*a\(level - 1) : 1, k: *a\(level - 1)}\n"
        }
        let error = try #require(refusal(yaml))
        #expect(error.line == 5)
        #expect(error.reason.contains("alias (*a0) used as a key"))
    }

    /// Lists of aliased lists (a "billion laughs": 10⁹ values) are refused once expanded past
    /// the bound, without expanding them all.
    @Test func aliasesThatExpandTooFarAreRefused() throws {
        var yaml = Self.head + "l0: &l0 [" + Array(repeating: "lol", count: 10).joined(separator: ", ") + "]\n"
        for level in 1...9 {
            yaml +=
                "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        let error = try #require(refusal(yaml))
        #expect(error.reason.contains("more than 600000 values through its aliases"))
    }

    @Test func aDefinitionOverOneMebibyteIsRefusedUnread() throws {
        let yaml = Self.head + "# " + String(repeating: "x", count: 1 << 20) + "\n"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sheetpipe-yaml-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big.yml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        for error in [refusal(yaml), Result { try PipelineDefinition.load(path: path) }.error] {
            let error = try #require(error)
            #expect(error.description.contains("at most 1 MiB"), "\(error)")
        }
    }

    /// What the scan skips or allows: colons, stars and brackets inside quotes, comments and block
    /// scalars; anchors and aliases as values; a thousand inputs.
    @Test func ordinaryYAMLStillLoads() throws {
        let yaml = """
            name: "*a: [b]: ? c"   # *not: [a key]: ?
            inputs:
              - path: 'd''un *e: f.csv'
                submitted: &day 2024-06-14
              - path: b.csv
                submitted: *day
              - {path: "[c].csv", submitted: *day}
            datasets:
              - schema: project-sheet
                name: fiches
            summaries:
              - name: t
                dataset: fiches
                group_by: [region]
                sum: []

            """
        let definition = try PipelineDefinition.parse(yaml: yaml, file: "d.yml", baseDirectory: ".")
        #expect(definition.name == "*a: [b]: ? c")
        #expect(definition.inputs.map(\.path) == ["d'un *e: f.csv", "b.csv", "[c].csv"])
        #expect(definition.inputs.allSatisfy { $0.submitted == "2024-06-14" })

        // A block scalar's lines are text: the definition gets past the scan (to its unknown key).
        let notes = try #require(refusal(Self.head + "notes: |\n  *a: 1\n  [b]: 2\n  ? c\nmore: >-\n  *d: 3\n"))
        #expect(notes.key == "notes" && notes.reason.contains("unknown key"), "\(notes)")

        let many =
            "name: many\ninputs:\n"
            + (1...1000).map { "  - path: region-\($0).xlsx\n    schema: project-sheet\n    submitted: 2024-06-14\n" }
            .joined()
        #expect(try PipelineDefinition.parse(yaml: many, file: "d.yml", baseDirectory: ".").inputs.count == 1000)
    }
}

extension Result where Failure == any Error {
    fileprivate var error: DefinitionError? {
        if case .failure(let error) = self { return error as? DefinitionError }
        return nil
    }
}
