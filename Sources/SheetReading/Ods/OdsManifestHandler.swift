/// `META-INF/manifest.xml`: the package's own media type (the entry whose path is `/`) and the
/// entries stored encrypted (a `manifest:encryption-data` child), which cannot be read without
/// the password.
final class OdsManifestHandler: XMLEventHandler {
    var failure: ReadError? { nil }
    var hasFailed: Bool { false }

    private(set) var rootMediaType: String?
    private(set) var encryptedEntries: [String] = []
    private var currentPath: String?

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("file-entry") {
            currentPath = attributes.value("full-path")
            if currentPath == "/" { rootMediaType = attributes.value("media-type") }
        } else if name.is("encryption-data"), let path = currentPath, encryptedEntries.count < 100 {
            encryptedEntries.append(path)
        }
    }

    func endElement(_ name: XMLName) {
        if name.is("file-entry") { currentPath = nil }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}
