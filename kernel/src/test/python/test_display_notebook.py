"""Rich display through the installed kernel (issue 6, acceptance 2 and 3).

Executes notebooks/02-fashion-mnist.ipynb with nbclient, recording every iopub message, and checks the
outputs a reader sees: a tensor, an autograd graph, a model summary, the live training chart (updated in
place while it trains, a PNG left behind), the Tablesaw history table and the Fashion-MNIST image grid.
Then `jupyter nbconvert --to html` of the executed notebook, and the notebook served by Debian's
jupyter-notebook as rendered by headless Chromium (skipped where those two are not installed).
"""
import atexit
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
from html.parser import HTMLParser

import nbformat
from nbclient import NotebookClient

import pngcheck
from harness import KERNEL_NAME

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
NOTEBOOK = os.environ.get("TENSORSHELL_DISPLAY_NOTEBOOK", os.path.join(ROOT, "notebooks", "02-fashion-mnist.ipynb"))
PNG_URL = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)")


class RecordingClient(NotebookClient):
    """nbclient, keeping (cell index, msg_type, content) of every iopub message: update_display_data
    leaves no trace in the saved notebook but the display it updated."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.messages = []

    def process_message(self, msg, cell, cell_index):
        self.messages.append((cell_index, msg["msg_type"], msg["content"]))
        return super().process_message(msg, cell, cell_index)


class Executed:
    """The notebook executed once per test run (a minute of training), shared by the test classes."""
    _instance = None

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="tensorshell-display-nb.")
        atexit.register(shutil.rmtree, self.dir, True)
        self.nb = nbformat.read(NOTEBOOK, as_version=4)
        # allow_errors: a failing cell fails the tests about its own output, not all of them
        client = RecordingClient(self.nb, kernel_name=KERNEL_NAME, timeout=600, startup_timeout=120,
                                 allow_errors=True, resources={"metadata": {"path": self.dir}})
        client.execute()
        self.messages = client.messages
        self.path = os.path.join(self.dir, os.path.basename(NOTEBOOK))
        nbformat.write(self.nb, self.path)

    @classmethod
    def get(cls):
        if cls._instance is None:
            cls._instance = Executed()
        return cls._instance

    def index(self, tag):
        for i, c in enumerate(self.nb.cells):
            if tag in c.get("metadata", {}).get("tags", []):
                return i
        raise AssertionError(f"no cell tagged {tag!r} in {NOTEBOOK}")

    def cell(self, tag):
        return self.nb.cells[self.index(tag)]


def joined(value):
    return "".join(value) if isinstance(value, list) else value


def rich(test, cell, tag):
    """The cell's display_data and execute_result bundles, after checking the cell ran without error."""
    errs = [f"{o['ename']}: {o['evalue']}" for o in cell.outputs if o["output_type"] == "error"]
    test.assertFalse(errs, f"cell {tag!r} failed: {errs}")
    bundles = [{k: joined(v) for k, v in o["data"].items()} for o in cell.outputs
               if o["output_type"] in ("display_data", "execute_result")]
    test.assertTrue(bundles, f"cell {tag!r} shows nothing: {cell.outputs}")
    return bundles


def with_type(test, bundles, mime, tag):
    found = [b for b in bundles if mime in b]
    test.assertTrue(found, f"cell {tag!r} has no {mime} output: {[list(b) for b in bundles]}")
    return found[-1]


def assert_safe_html(test, html):
    test.assertIsNone(re.search(r"<\s*(script|style)\b", html, re.I), "HTML with <script> or <style>")


class DisplayNotebook(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ex = Executed.get()

    def bundles(self, tag):
        return rich(self, self.ex.cell(tag), tag)

    def test_tensor(self):
        b = with_type(self, self.bundles("tensor"), "text/html", "tensor")
        self.assertTrue(b["text/plain"].startswith("tensor([["), b["text/plain"])
        self.assertIn("<table", b["text/html"])
        self.assertIn("3, 4", b["text/html"], "shape in the header")
        assert_safe_html(self, b["text/html"])

    def test_image_grid(self):
        b = with_type(self, self.bundles("images"), "image/png", "images")
        # 16 samples of 28x28, at least 4 to a row
        pngcheck.assert_picture(self, pngcheck.from_base64(b["image/png"]), 4 * 28, 2 * 28, min_colours=16)

    def test_model_summary(self):
        b = with_type(self, self.bundles("summary"), "text/html", "summary")
        html = b["text/html"]
        assert_safe_html(self, html)
        self.assertIn("<table", html)
        for layer in ("Conv2d", "Flatten", "Linear"):
            self.assertIn(layer, html)
        self.assertIn("[1, 32, 26, 26]", html.replace("&#x27;", "'"), "output shape from the sample input")
        # conv1 320 + d1 2,769,024 + d2 1,290 parameters, however the thousands are grouped
        self.assertIn("2770634", re.sub(r"[,\s\u202f'_]|&nbsp;|&#8239;|&thinsp;", "", html), "total parameters")
        self.assertIn("Linear", b["text/plain"])

    def test_autograd_graph(self):
        b = with_type(self, self.bundles("graph"), "image/png", "graph")
        pngcheck.assert_picture(self, pngcheck.from_base64(b["image/png"]), 100, 100)
        svg = b.get("image/svg+xml", "")
        self.assertIn("<svg", svg, "an SVG next to the PNG")
        self.assertIn("weight", svg, "parameters labelled with their names")
        self.assertIn("[4, 10]", svg, "tensor nodes with their shapes")

    def test_live_training_chart(self):
        i = self.ex.index("training")
        msgs = [(t, c) for idx, t, c in self.ex.messages if idx == i]
        shown = [c for t, c in msgs if t == "display_data"]
        charts = [c["transient"]["display_id"] for c in shown
                  if "image/png" in c["data"] and c.get("transient", {}).get("display_id")]
        self.assertEqual(len(charts), 1, f"one live chart output: {[list(c['data']) for c in shown]}")
        updates = [c for t, c in msgs if t == "update_display_data" and c["transient"]["display_id"] == charts[0]]
        self.assertGreaterEqual(len(updates), 3, "the chart updated in place while training")
        for c in updates:
            self.assertIn("image/png", c["data"])
        # what stays in the notebook: the updates applied, a progress bar at 200/200 and the final chart
        bundles = self.bundles("training")
        progress = with_type(self, bundles, "text/html", "training")
        self.assertIn("200/200", progress["text/plain"])
        assert_safe_html(self, progress["text/html"])
        final = with_type(self, bundles, "image/png", "training")
        self.assertEqual(final["image/png"], joined(updates[-1]["data"]["image/png"]), "the last update is what stays")
        pngcheck.assert_picture(self, pngcheck.from_base64(final["image/png"]), 200, 150)
        self.assertIn("val_loss", final["text/plain"])

    def test_history_table(self):
        b = with_type(self, self.bundles("history"), "text/html", "history")
        html = b["text/html"]
        assert_safe_html(self, html)
        self.assertIn("<table", html)
        for column in ("step", "loss", "val_loss"):
            self.assertIn(column, html)
        self.assertIn("200", html, "200 rows")

    def test_no_cell_failed_and_html_is_safe(self):
        for i, c in enumerate(self.ex.nb.cells):
            for o in c.get("outputs", []):
                self.assertNotEqual(o["output_type"], "error", f"cell {i}: {o.get('ename')}: {o.get('evalue')}")
                if "text/html" in o.get("data", {}):
                    assert_safe_html(self, joined(o["data"]["text/html"]))

    def test_nbconvert_html_has_the_pictures_and_tables(self):
        out = os.path.join(self.ex.dir, "html")
        p = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", out,
                            self.ex.path], capture_output=True, text=True, timeout=180)
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        name = os.path.splitext(os.path.basename(self.ex.path))[0] + ".html"
        with open(os.path.join(out, name), encoding="utf-8") as f:
            html = f.read()
        pngs = PNG_URL.findall(html)
        for data in pngs:
            pngcheck.size(base64.b64decode(data))
        svgs = len(re.findall(r"<svg\b", html))
        # image grids (2), the graph, the training chart: PNG, or SVG where the bundle has one
        self.assertGreaterEqual(len(pngs) + svgs, 4, f"{len(pngs)} PNG and {svgs} SVG pictures")
        self.assertGreaterEqual(len(pngs), 2, "the image grids")
        self.assertGreaterEqual(svgs, 1, "the graph's SVG")
        self.assertGreaterEqual(html.count("<table"), 3, "tensor, summary and history tables")


# ---------------------------------------------------------------------------- the page in a browser

class Page(HTMLParser):
    """What the notebook page's output areas hold: PNG images, SVG pictures, tables with cells."""
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, inside an output area)
        self.pngs, self.svgs, self.tables = [], [], []
        self._svg = self._table = None

    def inside(self):
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        inside = self.inside() or "output_subarea" in (a.get("class") or "").split()
        if inside and tag == "img" and (a.get("src") or "").startswith("data:image/png"):
            self.pngs.append(a["src"].split(",", 1)[1])
        if inside and tag == "svg" and self._svg is None:
            self._svg = [0]
            self.svgs.append(self._svg)
        elif self._svg is not None:
            self._svg[0] += 1
        if inside and tag == "table" and self._table is None:
            self._table = [0, ""]
            self.tables.append(self._table)
        elif self._table is not None and tag in ("td", "th"):
            self._table[0] += 1
        if tag not in self.VOID:
            self.stack.append((tag, inside))

    def handle_startendtag(self, tag, attrs):
        if self._svg is not None:
            self._svg[0] += 1

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag == "svg" and not any(t == "svg" for t, _ in self.stack):
            self._svg = None
        if tag == "table" and not any(t == "table" for t, _ in self.stack):
            self._table = None

    def handle_data(self, data):
        if self._table is not None:
            self._table[1] += data.strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc, grace=15):
    """Ends a process started in its own session, and whatever it started in that session."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    except ProcessLookupError:
        pass


@unittest.skipUnless(shutil.which("chromium") and shutil.which("jupyter-notebook"),
                     "needs Debian's chromium and jupyter-notebook (apt-get install chromium jupyter-notebook)")
class NotebookInChromium(unittest.TestCase):
    """The executed notebook in Debian's jupyter-notebook, as headless Chromium renders it: once signed
    (trusted: SVG shown, HTML as is) and once unsigned (the classic notebook sanitises HTML and drops SVG,
    showing the PNG next to it), as a notebook received from someone else would be."""

    @classmethod
    def setUpClass(cls):
        ex = Executed.get()
        cls.dir = tempfile.mkdtemp(prefix="tensorshell-browser.", dir=ex.dir)
        for sub in ("served", "config", "data", "runtime", "chromium"):
            os.makedirs(os.path.join(cls.dir, sub))
        cls.env = dict(os.environ, JUPYTER_CONFIG_DIR=os.path.join(cls.dir, "config"),
                       JUPYTER_DATA_DIR=os.path.join(cls.dir, "data"),
                       JUPYTER_RUNTIME_DIR=os.path.join(cls.dir, "runtime"))
        served = os.path.join(cls.dir, "served")
        shutil.copy(ex.path, os.path.join(served, "trusted.ipynb"))
        # a signature is a digest of the content: the unsigned copy must differ from the signed one
        other = nbformat.read(ex.path, as_version=4)
        other.metadata["tensorshell_test"] = "unsigned copy"
        nbformat.write(other, os.path.join(served, "untrusted.ipynb"))
        # `jupyter trust` (Debian ships its module, not the jupyter-trust script); the signature database
        # lives in JUPYTER_DATA_DIR, which the server below reads too
        subprocess.run([sys.executable, "-m", "nbformat.sign", os.path.join(served, "trusted.ipynb")],
                       env=cls.env, check=True, capture_output=True, timeout=60)
        cls.server = None
        cls.port = free_port()
        cls.base = f"http://127.0.0.1:{cls.port}"
        cls.log = open(os.path.join(cls.dir, "server.log"), "w")
        cls.server = subprocess.Popen(
            ["jupyter-notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={cls.port}",
             "--port-retries=0", f"--notebook-dir={served}", "--NotebookApp.token=", "--NotebookApp.password=",
             "--NotebookApp.disable_check_xsrf=True"],
            env=cls.env, stdout=cls.log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            cls.wait_for_server(60)
            cls.pages = {name: cls.render(name) for name in ("trusted", "untrusted")}
            cls.shot = cls.screenshot("trusted")
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.shutdown_kernels()
        finally:
            stop(cls.server)
            cls.log.close()

    @classmethod
    def wait_for_server(cls, timeout):
        deadline = time.monotonic() + timeout
        while True:
            if cls.server.poll() is not None:
                raise AssertionError(f"jupyter-notebook exited with {cls.server.returncode}: {cls.server_log()}")
            try:
                with urllib.request.urlopen(cls.base + "/api/status", timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"jupyter-notebook did not answer within {timeout} s: {cls.server_log()}")
            time.sleep(0.3)

    @classmethod
    def server_log(cls):
        cls.log.flush()
        with open(cls.log.name, encoding="utf-8", errors="replace") as f:
            return f.read()[-3000:]

    @classmethod
    def shutdown_kernels(cls):
        """Opening a notebook starts its kernel: ends it through the server before the server itself."""
        if cls.server is None or cls.server.poll() is not None:
            return
        try:
            with urllib.request.urlopen(cls.base + "/api/sessions", timeout=10) as r:
                sessions = json.load(r)
            for s in sessions:
                req = urllib.request.Request(f"{cls.base}/api/sessions/{s['id']}", method="DELETE")
                urllib.request.urlopen(req, timeout=30).close()
        except (urllib.error.URLError, OSError) as e:
            print(f"could not end the notebook's kernels through the server: {e}", file=sys.stderr)

    @classmethod
    def chromium(cls, *args, timeout=180):
        cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
               f"--user-data-dir={os.path.join(cls.dir, 'chromium')}", "--virtual-time-budget=30000", *args]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop(proc, grace=5)
            raise AssertionError(f"chromium did not finish within {timeout} s: {' '.join(cmd)}")
        finally:
            stop(proc, grace=5)
        if proc.returncode != 0:
            raise AssertionError(f"chromium exited with {proc.returncode}: {err.decode(errors='replace')[-2000:]}")
        return out.decode("utf-8", errors="replace")

    @classmethod
    def render(cls, name):
        dom = cls.chromium("--dump-dom", f"{cls.base}/notebooks/{name}.ipynb")
        page = Page()
        page.feed(dom)
        page.close()
        page.dom = dom
        return page

    @classmethod
    def screenshot(cls, name):
        path = os.path.join(cls.dir, f"{name}.png")
        cls.chromium(f"--screenshot={path}", "--window-size=1280,3200", f"{cls.base}/notebooks/{name}.ipynb")
        with open(path, "rb") as f:
            return f.read()

    def check(self, page, svgs):
        self.assertGreater(page.dom.count("output_subarea"), 5, "the page shows the saved outputs")
        for png in page.pngs:
            pngcheck.assert_picture(self, pngcheck.from_base64(png), 20, 20)
        for n in (s[0] for s in page.svgs):
            self.assertGreater(n, 5, "an SVG with content")
        self.assertGreaterEqual(len(page.pngs) + len(page.svgs), 4, f"{len(page.pngs)} PNG, {len(page.svgs)} SVG")
        self.assertGreaterEqual(len(page.svgs), svgs)
        tables = [t for t in page.tables if t[0] > 0 and t[1]]
        self.assertGreaterEqual(len(tables), 3, f"tables with cells: {[t[0] for t in page.tables]}")

    def test_trusted_page_shows_pictures_and_tables(self):
        self.check(self.pages["trusted"], svgs=1)

    def test_untrusted_page_still_shows_them(self):
        # sanitised HTML keeps its tables; SVG is dropped, the PNG next to it shown instead
        page = self.pages["untrusted"]
        self.check(page, svgs=0)
        self.assertEqual(len(page.svgs), 0, "the notebook server did not treat the unsigned copy as untrusted")
        self.assertGreaterEqual(len(page.pngs), 4)

    def test_screenshot_is_not_blank(self):
        pngcheck.assert_picture(self, self.shot, 1000, 1000, min_colours=50, max_dominant=0.97)


if __name__ == "__main__":
    unittest.main()
