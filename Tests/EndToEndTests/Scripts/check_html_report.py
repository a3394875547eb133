#!/usr/bin/env python3
"""Loads sheetpipe's HTML validation report in Chromium (Playwright, offline) and checks it.

  check_html_report.py PAGE.html LOG.json [--complete-log NAME] [--feedback JSON]

LOG.json is the run's JSON log (validation-report.json) of the same report; --complete-log a
link the page must hold (validation-report.jsonl); --feedback a JSON object {file path: href}
of the feedback workbooks the page must link to (and no other).

Checks, with JavaScript on: no horizontal overflow at 1400 and 800 px, no dialog, no console
error, no CSP violation, no request but the page itself; every issue group (file x field x code)
of the log present with its count; the filters (severity, file, code) and the search change the
visible rows as the log says; keyboard use (skip link, every control reached, focus visible);
sticky headers; the basics of RGAA (lang, title, one h1 and no skipped heading level, captions,
header scopes, labelled controls, contrast of 4.5:1); the print layout hides the filters. With
JavaScript off: every row shown, no filter form, no overflow.

Uses the system's Chromium (Debian package `chromium`), never a downloaded browser. Exit 3 when
Playwright or Chromium is missing (the Swift test reports SKIPPED), 1 with the failures listed.
"""
import argparse
import json
import pathlib
import shutil
import sys
from collections import defaultdict

try:
    from playwright.sync_api import sync_playwright
except ImportError:
    print("playwright is not installed (pip install playwright)", file=sys.stderr)
    sys.exit(3)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
    sys.exit(3)

SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}

failures = []


def check(condition, what):
    if condition:
        print(f"ok: {what}")
    else:
        failures.append(what)
        print(f"FAILED: {what}")


def expected_groups(log):
    """(file, field, code) -> {count, severity} from the log's entries."""
    groups = {}
    for issue in log["issues"]:
        key = (issue["file"], issue.get("field") or "-", issue["code"])
        group = groups.setdefault(key, {"count": 0, "severity": issue["severity"]})
        group["count"] += issue.get("count", 1)
        if SEVERITY_ORDER[issue["severity"]] > SEVERITY_ORDER[group["severity"]]:
            group["severity"] = issue["severity"]
    return groups


# Rows of the page's issue tables, as a reader sees them.
ROWS_JS = """() => Array.from(document.querySelectorAll('tr[data-code]')).map(row => ({
  file: row.closest('section').querySelector('h3 code').textContent,
  fileIndex: row.getAttribute('data-file'),
  field: row.cells[1].textContent,
  code: row.getAttribute('data-code'),
  severity: row.getAttribute('data-severity'),
  count: Number(row.cells[3].textContent),
  visible: row.offsetParent !== null,
  text: row.textContent.toLowerCase(),
}))"""

OVERFLOW_JS = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"

# WCAG relative luminance contrast of each visible text element against its first opaque
# background (white when none), for the elements that hold text directly.
CONTRAST_JS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.99)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  const all = Array.from(document.querySelectorAll('body *')).filter(el =>
    el.offsetParent !== null && Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()));
  for (const el of all.slice(0, 3000)) {
    const a = lum(rgb(getComputedStyle(el).color).slice(0, 3)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(el.tagName + '.' + el.className + ' ' + ratio.toFixed(2));
  }
  return low;
}"""

STRUCTURE_JS = """() => ({
  lang: document.documentElement.lang,
  title: document.title,
  headings: Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => Number(h.tagName[1])),
  tables: document.querySelectorAll('table').length,
  captions: document.querySelectorAll('table > caption').length,
  headersWithoutScope: document.querySelectorAll('thead th:not([scope=col]), tbody th:not([scope=row])').length,
  unlabelled: Array.from(document.querySelectorAll('input,select,textarea'))
    .filter(c => !c.labels || c.labels.length === 0).length,
  sticky: Array.from(document.querySelectorAll('thead th')).every(th => getComputedStyle(th).position === 'sticky'),
  scripts: document.scripts.length,
  externals: document.querySelectorAll('[src], link[href]').length,
})"""


def visible_rows(page):
    return [row for row in page.evaluate(ROWS_JS) if row["visible"]]


def check_overflow(page, label):
    for width in (1400, 800):
        page.set_viewport_size({"width": width, "height": 900})
        scroll, inner = page.evaluate(OVERFLOW_JS)
        check(scroll <= inner, f"{label}: no horizontal overflow at {width} px (scrollWidth {scroll}, innerWidth {inner})")


def watch(page, log):
    """Records dialogs, console errors, page errors, CSP violations and requests."""
    events = {"dialogs": [], "errors": [], "requests": []}
    page.on("dialog", lambda dialog: (events["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: message.type == "error" and events["errors"].append(message.text))
    page.on("pageerror", lambda error: events["errors"].append(str(error)))
    page.on("request", lambda request: events["requests"].append(request.url))
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return events


def check_quiet(page, events, url, label):
    check(events["dialogs"] == [], f"{label}: no dialog {events['dialogs'][:3]}")
    check(events["errors"] == [], f"{label}: no console error {events['errors'][:3]}")
    violations = page.evaluate("() => window.__violations || []")
    check(violations == [], f"{label}: no CSP violation {violations[:3]}")
    others = [request for request in events["requests"] if request != url]
    check(others == [], f"{label}: no request but the page {others[:3]}")


def select(page, name, value):
    page.select_option(f"#filter-{name}", value)


def check_filters(page, groups, paths):
    rows = page.evaluate(ROWS_JS)
    total = len(rows)
    status = page.locator("#filter-status")
    check(page.locator("#filters").is_visible(), "the filters are shown with JavaScript")
    check(len(visible_rows(page)) == total, f"every row shown before filtering ({total})")
    for severity in ("error", "warning", "info"):
        select(page, "severity", severity)
        expected = sum(1 for group in groups.values() if group["severity"] == severity)
        shown = visible_rows(page)
        check(
            len(shown) == expected and all(row["severity"] == severity for row in shown),
            f"severity {severity}: {len(shown)} rows shown, {expected} groups in the log",
        )
        check(status.text_content().startswith(f"{expected} "), f"the status says {expected}: {status.text_content()}")
    select(page, "severity", "")
    for index in sorted({row["fileIndex"] for row in rows}, key=int)[:3]:
        select(page, "file", index)
        path = paths[int(index)]
        expected = sum(1 for key in groups if key[0] == path)
        shown = visible_rows(page)
        check(
            len(shown) == expected and all(row["file"] == path for row in shown),
            f"file {index}: {len(shown)} rows shown, {expected} groups in the log",
        )
        hidden_sections = page.evaluate(
            "() => Array.from(document.querySelectorAll('section[data-file]')).filter(s => s.hidden).length"
        )
        check(hidden_sections == len(set(row["fileIndex"] for row in rows)) - 1, "the other files' parts are hidden")
    select(page, "file", "")
    codes = defaultdict(int)
    for key in groups:
        codes[key[2]] += 1
    code = max(sorted(codes), key=lambda c: codes[c])
    select(page, "code", code)
    shown = visible_rows(page)
    check(len(shown) == codes[code] and all(row["code"] == code for row in shown), f"code {code}: {len(shown)} rows shown, {codes[code]} in the log")
    severity = sorted({group["severity"] for key, group in groups.items() if key[2] == code})[0]
    select(page, "severity", severity)
    expected = sum(1 for key, group in groups.items() if key[2] == code and group["severity"] == severity)
    check(len(visible_rows(page)) == expected, f"code {code} and severity {severity} together: {expected} rows")
    page.click("button[type=reset]")
    page.wait_for_function(f"() => document.querySelectorAll('tr[data-code]:not([hidden])').length === {total}")
    check(len(visible_rows(page)) == total, "reset shows every row again")
    # A search typed at the keyboard: every row shown holds the text, every row hidden does not.
    fields = sorted({key[1] for key in groups if key[1] != "-"}) or ["-"]
    field = fields[len(fields) // 2]
    query = field.lower()
    page.fill("#filter-search", "")
    page.focus("#filter-search")
    page.keyboard.type(field)
    rows = page.evaluate(ROWS_JS)
    shown = [row for row in rows if row["visible"]]
    check(
        0 < len(shown) < total or total == 1,
        f"search {field!r}: {len(shown)} of {total} rows shown",
    )
    check(all((query in row["text"]) == row["visible"] for row in rows), f"search {field!r}: exactly the rows holding it")
    check(len(shown) >= sum(1 for key in groups if key[1] == field), "search: at least the groups of that field")
    page.fill("#filter-search", "zz-nothing-matches-zz")
    check(len(visible_rows(page)) == 0, "a search matching nothing shows no row")
    check(
        page.evaluate("() => Array.from(document.querySelectorAll('section[data-file]')).every(s => s.hidden)"),
        "…and no file part",
    )
    page.click("button[type=reset]")
    page.wait_for_function(f"() => document.querySelectorAll('tr[data-code]:not([hidden])').length === {total}")


def check_keyboard(page, url):
    # Loaded afresh: Tab starts from the top of the page.
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(url, wait_until="load")
    page.keyboard.press("Tab")
    first = page.evaluate("() => [document.activeElement.className, document.activeElement.getBoundingClientRect().width]")
    check(first[0] == "skip" and first[1] > 0, f"the first Tab reaches the skip link, shown ({first})")
    page.keyboard.press("Enter")
    reached = []
    for _ in range(5):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "() => { const e = document.activeElement, s = getComputedStyle(e);"
                " return [e.id || e.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }"
            )
        )
    ids = [item[0] for item in reached]
    check(
        ids == ["filter-severity", "filter-file", "filter-code", "filter-search", "BUTTON"],
        f"after the skip link, Tab reaches each filter control in order ({ids})",
    )
    check(all(item[1] != "none" and item[2] >= 2 for item in reached), f"focus is visible on each ({reached})")


def check_structure(page, label):
    found = page.evaluate(STRUCTURE_JS)
    check(found["lang"] in ("fr", "en") and found["title"].strip() != "", f"{label}: lang and title ({found['lang']}, {found['title']!r})")
    headings = found["headings"]
    check(
        headings[:1] == [1] and headings.count(1) == 1 and all(b - a <= 1 for a, b in zip(headings, headings[1:])),
        f"{label}: one h1, no heading level skipped",
    )
    check(found["tables"] == found["captions"] and found["headersWithoutScope"] == 0, f"{label}: captions and header scopes")
    check(found["unlabelled"] == 0, f"{label}: every control labelled")
    check(found["sticky"], f"{label}: sticky column headers")
    check(found["scripts"] == 1 and found["externals"] == 0, f"{label}: one inline script, no external resource")
    low = page.evaluate(CONTRAST_JS)
    check(low == [], f"{label}: contrast of at least 4.5:1 ({low[:5]})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("log")
    parser.add_argument("--complete-log", action="append", default=[])
    parser.add_argument("--feedback", default="{}")
    arguments = parser.parse_args()
    log = json.loads(pathlib.Path(arguments.log).read_text(encoding="utf-8"))
    feedback = json.loads(arguments.feedback)
    groups = expected_groups(log)
    paths = [file["path"] for file in log["files"]]
    url = pathlib.Path(arguments.page).resolve().as_uri()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(5_000)
            events = watch(page, log)
            page.goto(url, wait_until="load")
            check_overflow(page, "JavaScript on")
            rows = page.evaluate(ROWS_JS)
            found = defaultdict(int)
            for row in rows:
                found[(row["file"], row["field"], row["code"])] += row["count"]
            missing = [key for key in groups if key not in found]
            check(missing == [], f"every issue group of the log is on the page ({len(groups)} groups; missing {missing[:3]})")
            extra = [key for key in found if key not in groups]
            check(extra == [], f"no group the log does not have ({extra[:3]})")
            wrong = [key for key in groups if key in found and found[key] != groups[key]["count"]]
            check(wrong == [], f"each group's count is the log's ({wrong[:3]})")
            for name in arguments.complete_log:
                check(page.locator(f'a[href="{name}"]').count() == 1, f"a link to the complete log {name}")
            links = page.evaluate(
                "() => Array.from(document.querySelectorAll('tbody tr')).filter(r => r.querySelector('th[scope=row]'))"
                ".map(r => [r.querySelector('th code').textContent,"
                " Array.from(r.querySelectorAll('a')).map(a => a.getAttribute('href')).filter(h => !h.startsWith('#'))])"
            )
            check(len(links) == len(paths), f"the summary has a row per file ({len(links)})")
            check(
                all(hrefs == ([feedback[path]] if path in feedback else []) for path, hrefs in links),
                f"feedback workbooks linked where the map has one, only there ({len(feedback)})",
            )
            for path, href in feedback.items():
                if page.locator(f'a[href="{href}"]').count() == 0:
                    continue
                page.locator(f'a[href="{href}"]').first.focus()
                check(True, f"the feedback link of {path[:40]!r} is reachable")
                break
            check_structure(page, "JavaScript on")
            try:
                check_filters(page, groups, paths)
                check_overflow(page, "after filtering")
                check_keyboard(page, url)
                page.emulate_media(media="print")
                check(not page.locator("#filters").is_visible(), "print: no filter form")
                check(
                    page.evaluate("() => getComputedStyle(document.querySelector('thead th')).position") == "static",
                    "print: headers not sticky (repeated by the table instead)",
                )
                page.emulate_media(media="screen")
            except Exception as error:  # a control missing or hidden: said, then the other checks
                check(False, f"the page could be used: {str(error).splitlines()[0]}")
            check_quiet(page, events, url, "JavaScript on")

            context = browser.new_context(java_script_enabled=False, viewport={"width": 1400, "height": 900})
            plain = context.new_page()
            plain_events = watch(plain, log)
            plain.goto(url, wait_until="load")
            check(not plain.locator("#filters").is_visible(), "JavaScript off: no filter form")
            shown = len([row for row in plain.evaluate(ROWS_JS) if row["visible"]])
            check(shown == len(rows) == len(groups), f"JavaScript off: every group shown ({shown})")
            check_overflow(plain, "JavaScript off")
            check(plain_events["dialogs"] == [], "JavaScript off: no dialog")
            check(
                [request for request in plain_events["requests"] if request != url] == [],
                "JavaScript off: no request but the page",
            )
            context.close()
        finally:
            browser.close()
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
