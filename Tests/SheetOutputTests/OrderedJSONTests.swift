import SheetOutput
import Testing

/// The JSON writer of `datapackage.json`, `manifest.json` and the validation log: members in the
/// order given, one layout per object or array.
@Suite struct OrderedJSONTests {
    @Test func layoutsAndOrderAreAsGiven() throws {
        let document = OrderedJSON.object(
            [
                ("z", .string("a\"b\r\n")), ("a", .array([.number(1), .null, .bool(true)], .inline)),
                ("block", .array([.object([("k", .string(nil))], .inline)], .block)),
                ("empty", .array([], .block)), ("none", .array([], .inline)),
                ("totals", .object([("n", .number(2)), ("m", .number(nil))], .blockAtIndent(6))),
            ], .block)
        #expect(
            try document.text() == """
                {
                  "z": "a\\"b\\r\\n",
                  "a": [1, null, true],
                  "block": [
                    {"k": null}
                  ],
                  "empty": [],
                  "none": [],
                  "totals": {
                      "n": 2,
                      "m": null
                  }
                }

                """)
    }

    /// The validation log's style: `" : "` between names and values, its issues streamed in place.
    @Test func validationLogStyleAndStreamedElements() throws {
        let issues = [#"{"code":"a"}"#, #"{"code":"b"}"#]
        let document = OrderedJSON.object(
            [
                (
                    "issues",
                    .streamedElements { element in
                        for issue in issues { try element { $0.append(contentsOf: issue.utf8) } }
                    }
                ),
                ("none", .streamedElements { _ in }),
                ("summary", .object([("by_code", .object([], .block)), ("errors", .number(2))], .block)),
            ], .block)
        let expected = """
            {
              "issues" : [
                {"code":"a"},
                {"code":"b"}
              ],
              "none" : [],
              "summary" : {
                "by_code" : {},
                "errors" : 2
              }
            }

            """
        #expect(try document.text(style: .validationLog) == expected)
        // Written in pieces, the same bytes: a long streamed array is handed out as it grows.
        let many = OrderedJSON.object(
            [
                (
                    "issues",
                    .streamedElements { element in
                        for _ in 0..<100_000 { try element { $0.append(contentsOf: #"{"code":"a"}"#.utf8) } }
                    }
                )
            ], .block)
        var pieces = 0
        var joined: [UInt8] = []
        try many.write(style: .validationLog) { piece in
            pieces += 1
            joined += piece
        }
        #expect(pieces > 1)
        #expect(joined == (try many.bytes(style: .validationLog)))
    }
}
