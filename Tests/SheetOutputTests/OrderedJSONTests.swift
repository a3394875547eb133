import SheetOutput
import Testing

/// The JSON writer of `datapackage.json`, `manifest.json` and the validation log: members in the
/// order given, one layout per object or array.
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
                  "empty": [],
                  "none": [],
                  "totals": {
                      "n": 2,
                      "m": null
                  }
                }

                """)
    }

    /// The validation log's style: `" : "` between names and values, its issues written in place.
    @Test func validationLogStyleAndRenderedElements() {
        let issues = [#"{"code":"a"}"#, #"{"code":"b"}"#]
        let document = OrderedJSON.object(
            [
                ("issues", .renderedElements(count: issues.count) { $1.append(contentsOf: issues[$0].utf8) }),
                ("none", .renderedElements(count: 0) { _, _ in Issue.record("nothing to write") }),
                ("summary", .object([("by_code", .object([], .block)), ("errors", .number(2))], .block)),
            ], .block)
        #expect(
            document.text(style: .validationLog) == """
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

                """)
    }
}
