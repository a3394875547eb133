import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure convert on the standard workbooks (10k, 100k, 1M rows), next to peers.")
    func run() throws {}
}
