/// The HTML report's style sheet and script: constants, so that the page's Content-Security-Policy
/// can allow exactly them by their SHA-256 (no 'unsafe-inline'). A change to either must change
/// its hash: `ReportPageAssetsTests` recomputes both.
enum ReportPageAssets {
    /// Wraps long values, file and sheet names anywhere rather than widen the page; sticky table
    /// headers; colours of at least 4.5:1 on white; a visible focus; a print layout without the
    /// filters.
    static let style = """
        *{box-sizing:border-box}
        body{font-family:system-ui,sans-serif;margin:0;padding:1em 1.5em;color:#222;background:#fff;line-height:1.4;overflow-wrap:anywhere}
        h1{font-size:1.6em;margin:.2em 0 .4em}h2{font-size:1.3em;margin:1.4em 0 .4em}h3{font-size:1.1em;margin:1.6em 0 .3em}
        code{font-size:.95em;overflow-wrap:anywhere;word-break:break-word}
        a{color:#0645ad}a:visited{color:#5a3696}
        :focus-visible{outline:3px solid #0645ad;outline-offset:2px}
        .skip{position:absolute;left:-100vw}.skip:focus{position:static}
        table{border-collapse:separate;border-spacing:0;width:100%;table-layout:fixed;margin:.4em 0 1.2em}
        caption{text-align:left;font-weight:600;padding:.3em 0}
        th,td{border-bottom:1px solid #bbb;padding:.35em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere;word-break:break-word}
        tbody th{font-weight:normal}
        thead th{position:sticky;top:0;z-index:1;background:#eee;border-bottom:2px solid #777}
        th.file{width:32%}th.status{width:11%}th.rows{width:16%}th.issues{width:23%}
        th.severity{width:8.5em}th.field{width:17%}th.code{width:14%}th.count{width:5.5em}
        td.count{text-align:right;font-variant-numeric:tabular-nums}
        ul.examples{margin:0;padding-left:1.2em}ul.lines{margin:0;padding:0;list-style:none}
        .error{color:#a00}.warning{color:#8a4b00}.info{color:#555}.ok{color:#070}
        .detail{margin:.2em 0}
        form.filters{display:flex;flex-wrap:wrap;gap:.6em 1em;align-items:flex-end;margin:.6em 0 1em;padding:.6em;border:1px solid #bbb;background:#f7f7f7}
        form.filters label{display:flex;flex-direction:column;flex:1 1 11em;min-width:0;font-size:.95em}
        form.filters select,form.filters input{width:100%;min-width:0;font:inherit;padding:.2em}
        form.filters button{font:inherit;padding:.2em .8em}
        form.filters p{flex-basis:100%;margin:0}
        [hidden]{display:none!important}
        @media (max-width:900px){body{padding:.6em}table{font-size:.92em}}
        @media print{
        body{padding:0;font-size:10pt}.skip,form.filters{display:none!important}
        thead th{position:static}thead{display:table-header-group}tr{break-inside:avoid}
        a{color:#000;text-decoration:none}
        }
        """

    /// The filters: severity, file, code and a search over each row's text. Data comes from the
    /// rows' `data-` attributes (escaped like any attribute), never from text inside the script.
    /// Without JavaScript the form stays hidden and every row is shown.
    static let script = """
        (function () {
          "use strict";
          var form = document.getElementById("filters");
          if (!form) { return; }
          var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-code]"));
          var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
          var sections = Array.prototype.slice.call(document.querySelectorAll("section[data-file]"));
          var status = document.getElementById("filter-status");
          var fields = form.elements;
          function apply() {
            var severity = fields.namedItem("severity").value;
            var file = fields.namedItem("file").value;
            var code = fields.namedItem("code").value;
            var query = fields.namedItem("search").value.trim().toLowerCase();
            var shown = 0;
            rows.forEach(function (row, index) {
              var visible = (!severity || row.getAttribute("data-severity") === severity)
                && (!file || row.getAttribute("data-file") === file)
                && (!code || row.getAttribute("data-code") === code)
                && (!query || texts[index].indexOf(query) !== -1);
              row.hidden = !visible;
              if (visible) { shown += 1; }
            });
            sections.forEach(function (section) {
              section.hidden = section.querySelector("tr[data-code]:not([hidden])") === null;
            });
            status.textContent = status.getAttribute("data-template")
              .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
          }
          form.addEventListener("input", apply);
          form.addEventListener("change", apply);
          form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
          form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
          form.hidden = false;
          apply();
        })();
        """

    /// `base64(sha256(style))`, as the policy names it.
    static let styleHash = "sha256-P+TW58NQM7oA2yAgo5xOy1p7xqKztmg1S7BiZnDr2VE="
    /// `base64(sha256(script))`.
    static let scriptHash = "sha256-gpBYgK/gWO4o8/7Icx+Ont0XtxfgN/RC3JJxXWyQgog="

    /// Nothing from the network or elsewhere: only this style sheet and this script.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src '\(styleHash)'; script-src '\(scriptHash)'; "
        + "base-uri 'none'; form-action 'none'"
}
