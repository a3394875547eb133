import Testing

@testable import SheetPipeline

/// The JSON writer of `datapackage.json` and `manifest.json`: members in the order given, one
/// layout per object or array.
@Suite struct OrderedJSONTests {
    @Test func layoutsAndOrderAreAsGiven() {
        let document = OrderedJSON.object(
            [
                ("z", .string("a\"b\r\n")), ("a", .array([.number(1), .null, .bool(true)], .inline)),
                ("block", .array([.object([("k", .string(nil))], .inline)], .block)),
                ("empty", .array([], .block)), ("none", .array([], .inline)),
                ("totals", .object([("n", .number(2)), ("m", .number(nil))], .blockAtIndent(6))),
            ], .block)
        #expect(
            document.text() == """
                {
                  "z": "a\\"b\\r\\n",
                  "a": [1, null, true],
                  "block": [
                    {"k": null}
                  ],
                  "empty": [
                  ],
                  "none": [],
                  "totals": {
                      "n": 2,
                      "m": null
                  }
                }

                """)
    }
}
