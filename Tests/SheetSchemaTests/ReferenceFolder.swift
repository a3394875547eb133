import Foundation
import SheetTestSupport
import Testing

@testable import SheetSchema

enum Reference {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("pipelines/reference").path
}
