import Foundation
import Testing

/// The articles of the DocC catalogs show the code of the `Examples/` targets, which the build
/// compiles: each Swift block of an article must be in its example, line for line, so that an
/// article cannot drift from code that compiles.
@Suite struct DocumentationExampleTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Swift code blocks of a Markdown file, except dependency declarations (`.package(…)`).
    static func swiftBlocks(of markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```swift" {
                current = []
            } else if var lines = current {
                if line == "```" {
                    blocks.append(lines.joined(separator: "\n"))
                    current = nil
                } else {
                    lines.append(line)
                    current = lines
                }
            }
        }
        return blocks.filter { !$0.contains(".package(") }
    }

    @Test(arguments: [
        ("Sources/SheetReading/SheetReading.docc/ReadingAWorkbook.md", "Examples/ReadingAWorkbook/main.swift"),
        (
            "Sources/SheetSchema/SheetSchema.docc/ValidatingWithATableSchema.md",
            "Examples/ValidatingWithATableSchema/main.swift"
        ),
    ])
    func articleCodeIsTheCompiledExample(_ article: String, _ example: String) throws {
        let markdown = try String(contentsOf: Self.packageRoot.appendingPathComponent(article), encoding: .utf8)
        let code = try String(contentsOf: Self.packageRoot.appendingPathComponent(example), encoding: .utf8)
        let blocks = Self.swiftBlocks(of: markdown)
        #expect(!blocks.isEmpty, "\(article) shows no Swift code")
        for block in blocks {
            #expect(code.contains(block), "\(article): this block is not in \(example):\n\(block)")
        }
    }
}
