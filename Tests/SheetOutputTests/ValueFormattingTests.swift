import SheetOutput
import SheetReading
import Testing

@Suite struct ValueFormattingTests {
    func number(_ value: Double) -> String {
        var output: [UInt8] = []
        ValueFormatting.appendNumber(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @Test(arguments: [
        (1.0, "1"), (-7.25, "-7.25"), (0.1, "0.1"), (1234567.89, "1234567.89"),
        (0.30000000000000004, "0.30000000000000004"),
        (1e-5, "0.00001"), (123456789012345.0, "123456789012345"), (1e21, "1e+21"), (-0.0, "0"), (2.5e-10, "2.5e-10"),
        (1.0 / 3.0, "0.3333333333333333"), (73282932000074.0, "73282932000074"), (100.5, "100.5"),
    ])
    func numbersAreShortestRoundTrip(_ value: Double, _ expected: String) {
        #expect(number(value) == expected)
    }

    @Test func everyWrittenNumberReadsBackExactly() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random() ? 1 : -1)
            let text = number(value)
            #expect(Double(text) == value, "\(value) → \(text)")
            let scaled = (Double(Int.random(in: -10_000_000...10_000_000)) / 100)
            #expect(Double(number(scaled)) == scaled)
        }
    }
}
