/// An ISO 8601 duration: `P` then years, months, weeks or days, then `T` and hours, minutes,
/// seconds (`P1Y2M10DT2H30M`, `PT0.5S`, `P2W`), each a number and its letter, in that order,
/// at least one of them (and one after a `T`).
enum DurationText {
    static func isValid(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        guard bytes.first == UInt8(ascii: "P") else { return false }
        bytes = bytes.dropFirst()
        let dateDesignators: [UInt8] = Array("YMWD".utf8)
        let timeDesignators: [UInt8] = Array("HMS".utf8)
        var designators = dateDesignators
        var inTime = false
        var elements = 0
        var elementsInTime = 0
        var sawWeeks = false
        while let byte = bytes.first {
            if byte == UInt8(ascii: "T") {
                guard !inTime else { return false }
                inTime = true
                designators = timeDesignators
                bytes = bytes.dropFirst()
                continue
            }
            let number = bytes.prefix { ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }
            let digits = number.filter { $0 >= 48 && $0 <= 57 }.count
            let isDigit = { (byte: UInt8) in byte >= 48 && byte <= 57 }
            guard digits > 0, number.count - digits <= 1, number.first.map(isDigit) == true,
                number.last.map(isDigit) == true
            else {
                return false
            }
            bytes = bytes.dropFirst(number.count)
            guard let letter = bytes.first, let place = designators.firstIndex(of: letter) else { return false }
            if letter == UInt8(ascii: "W") && !inTime { sawWeeks = true }
            designators.removeFirst(place + 1)
            bytes = bytes.dropFirst()
            elements += 1
            if inTime { elementsInTime += 1 }
        }
        // Weeks stand alone (ISO 8601: PnW).
        if sawWeeks && elements > 1 { return false }
        return elements > 0 && (!inTime || elementsInTime > 0)
    }
}
