"""What people and partner pages see in a real browser: headless Chromium
(Debian's), driven by Playwright, against the application under gunicorn.

    python consumers/browser_check.py http://127.0.0.1:8000

- both API docs pages (Swagger UI, Redoc) load with no console error, and Try it
  out downloads the sample PDF;
- a feed and a review open as readable pages;
- a partner page on another origin fetches the API with CORS, shows the body's
  latest reviews with the pasted ``<case-reviews>`` snippet (and, with JavaScript
  off, keeps its link), and embeds the leaflet fragment in an iframe, and the
  leaflet page in another that sizes itself, for two visitors (the second
  answered from the response cache).

Exits non-zero, naming the check, on the first failure.
"""

import http.server
import shutil
import sys
import threading

from playwright.sync_api import Page, sync_playwright

LEAFLET = "serious-case-review-information-for-parents-and-carers"
PARTNER_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Partner</title></head>
<body>
<h1>Our safeguarding partnership</h1>
<p id="count">loading</p>
<case-reviews body="stockport-safeguarding-children-board" limit="2" heading="2">
  <a href="{api}/api/v1/reviews/?body=stockport-safeguarding-children-board">Our case reviews</a>
</case-reviews>
<script src="{api}/embed.js" async></script>
<iframe id="leaflet" title="Leaflet" src="{api}/api/v1/leaflets/{leaflet}/fragment/" width="600" height="400"></iframe>
<iframe id="leaflet-page" title="Leaflet page" src="{api}/api/v1/leaflets/{leaflet}/" width="600" height="100"></iframe>
<script>
addEventListener("message", (event) => {{
  if (event.origin === "{api}" && event.data.type === "case-review-leaflet-height") {{
    document.getElementById("leaflet-page").height = event.data.height;
  }}
}});
fetch("{api}/api/v1/reviews/?status=all")
  .then((response) => response.json())
  .then((body) => {{ document.getElementById("count").textContent = "reviews: " + body.count; }})
  .catch((error) => {{ document.getElementById("count").textContent = "failed: " + error; }});
</script>
</body></html>
"""


def check(condition, what):
    if not condition:
        sys.exit(f"browser: {what}")


def watched(page: Page):
    """Console errors and uncaught exceptions of a page, as they happen."""
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def partner_site(api):
    """A partner's page, served from another origin (another port)."""
    body = PARTNER_PAGE.format(api=api, leaflet=LEAFLET).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def docs_and_try_it_out(browser, api):
    page = browser.new_page()
    problems = watched(page)
    page.goto(f"{api}/api/docs/", wait_until="networkidle")
    operation = page.locator("#operations-documents-downloadDocument")
    operation.locator(".opblock-summary").click()
    operation.locator(".try-out__btn").click()
    operation.locator(".execute").click()
    status = operation.locator(".live-responses-table tr.response .response-col_status").first
    status.wait_for(timeout=15_000)
    check(status.inner_text().strip().startswith("200"), f"Try it out on downloadDocument: {status.inner_text()}")
    check(not problems, f"console errors on the docs page: {problems}")
    page.close()
    page = browser.new_page()
    problems = watched(page)
    page.goto(f"{api}/api/redoc/", wait_until="networkidle")
    page.locator("text=Download a document's file").first.wait_for(state="attached", timeout=15_000)
    check(not problems, f"console errors on the Redoc page: {problems}")
    page.close()


def pages_for_people(browser, api):
    for path, heading in (
        ("/", "Case reviews"),
        ("/api/v1/reviews/?q=eating", "Case reviews"),
        ("/feeds/publications.atom", "Case reviews: New publications"),
        ("/api/v1/reviews/pip/", "Pip"),
    ):
        page = browser.new_page()
        problems = watched(page)
        response = page.goto(f"{api}{path}")
        check(response.status == 200 and response.headers["content-type"].startswith("text/html"), f"{path} as HTML")
        check(page.locator("h1").inner_text() == heading, f"{path} heading: {page.locator('h1').inner_text()}")
        check(not problems, f"console errors on {path}: {problems}")
        page.close()


def partner_page(browser, api):
    server, url = partner_site(api)
    try:
        # Two visitors, each with a browser cache of their own: the first fills the
        # server's response cache, the second is answered from it.
        for visit in ("first visitor", "second visitor, from the response cache"):
            context = browser.new_context()
            page = context.new_page()
            problems = watched(page)
            fragments = []
            page.on("response", lambda r, seen=fragments: seen.append(r) if "/fragment/" in r.url else None)
            page.goto(url, wait_until="networkidle")
            count = page.locator("#count").inner_text()
            check(count.startswith("reviews: "), f"partner page fetch with CORS ({visit}): {count}")
            latest = page.locator("case-reviews .case-reviews-list li")
            latest.first.wait_for(timeout=10_000)
            heading = page.locator("case-reviews h2").inner_text()
            check(latest.count() == 2 and heading.startswith("Case reviews published by"), f"snippet ({visit})")
            frame = page.frame_locator("#leaflet")
            check(frame.locator("h3").count() > 0, f"leaflet fragment in an iframe ({visit})")
            check(fragments and "x-frame-options" not in fragments[-1].headers, f"fragment frameable ({visit})")
            page.wait_for_function("document.getElementById('leaflet-page').height > 400", timeout=10_000)
            check(page.frame_locator("#leaflet-page").locator("h1").count() == 1, f"leaflet page framed ({visit})")
            check(not problems, f"console errors on the partner page ({visit}): {problems}")
            context.close()
        # Without JavaScript the pasted snippet is a link to the same list.
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(url)
        check(page.locator("case-reviews a").inner_text() == "Our case reviews", "snippet without JavaScript")
        context.close()
    finally:
        server.shutdown()


def main(api):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    check(chromium is not None, "Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            docs_and_try_it_out(browser, api)
            pages_for_people(browser, api)
            partner_page(browser, api)
        finally:
            browser.close()
    print("browser: docs, Try it out, pages and a partner's embedding all work")


if __name__ == "__main__":
    main(sys.argv[1])
