/// A path relative to a page, as an `href`: every byte but letters, digits, `-._~` and `/`
/// percent-encoded, so that a file named `a#b.xlsx`, `x?.csv` or `javascript:alert(1).xlsx` links
/// to itself (never to a fragment, a query or a scheme), and `//host/x` stays a path (never
/// another host). Still to be escaped as an attribute.
enum RelativeLink {
    private static let hexDigits = Array("0123456789ABCDEF".unicodeScalars)

    static func href(_ path: String) -> String {
        var result = ""
        result.reserveCapacity(path.utf8.count)
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hexDigits[Int(byte >> 4)])
                result.unicodeScalars.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return result.hasPrefix("//") ? "." + result : result
    }
}
