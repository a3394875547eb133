/// A row among the accepted rows of a run: the file (its position in submission order) and the
/// row's position among that file's accepted rows.
public struct RowReference: Hashable, Comparable, Sendable {
    public var file: Int32
    public var index: Int32

    public init(file: Int, index: Int) {
        self.file = Int32(file)
        self.index = Int32(index)
    }

    public static func < (a: RowReference, b: RowReference) -> Bool { (a.file, a.index) < (b.file, b.index) }
}
