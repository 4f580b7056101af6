#!/usr/bin/env python3
"""Drive headless Chromium (Debian's `chromium`) over the DevTools protocol
on a pipe (--remote-debugging-pipe: NUL-separated JSON on fds 3 and 4), with
the standard library only. Used by the tests of the HTML report.

    with Browser() as b:
        b.open("file:///tmp/report.html", width=1400, height=900)
        b.eval("document.title")
        b.click("#stats tbody tr")
        b.screenshot("shot.png")
        b.errors      # console errors and uncaught exceptions, as text
"""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time


def find_chromium():
    if os.environ.get("CPROF_CHROMIUM"):
        return os.environ["CPROF_CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


class Browser:
    def __init__(self, exe=None, timeout=60):
        self.exe = exe or find_chromium()
        if not self.exe:
            raise RuntimeError("no chromium on PATH (Debian: apt-get install chromium)")
        self.timeout = timeout
        self.errors = []
        self._id = 0
        self._events = []
        self._buf = b""

    def __enter__(self):
        self.profile = tempfile.mkdtemp(prefix="cprof-chromium-")
        to_browser_r, self._w = os.pipe()
        self._r, from_browser_w = os.pipe()
        # the browser reads commands on fd 3 and writes replies on fd 4 (kept
        # open through the close of the other descriptors: pass_fds)
        def child_fds():
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)
        self.proc = subprocess.Popen(
            [self.exe, "--headless=new", "--remote-debugging-pipe", "--no-sandbox",
             "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--mute-audio",
             "--user-data-dir=" + self.profile, "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=child_fds, pass_fds=(3, 4, to_browser_r, from_browser_w))
        os.close(to_browser_r)
        os.close(from_browser_w)
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable", session=True)
        return self

    def __exit__(self, *exc):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._w)
        os.close(self._r)
        shutil.rmtree(self.profile, ignore_errors=True)

    # ---- protocol
    def _send(self, msg):
        os.write(self._w, json.dumps(msg).encode() + b"\0")

    def _recv(self, deadline):
        while b"\0" not in self._buf:
            if time.time() > deadline:
                raise TimeoutError("no answer from chromium")
            import select
            r, _, _ = select.select([self._r], [], [], max(0.0, deadline - time.time()))
            if r:
                chunk = os.read(self._r, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium exited")
                self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def _event(self, m):
        method, p = m.get("method"), m.get("params", {})
        if method == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            self.errors.append("exception: " + d.get("exception", {}).get("description", d.get("text", "")))
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            self.errors.append("console.%s: %s" % (p["type"], " ".join(
                str(a.get("value", a.get("description", ""))) for a in p.get("args", []))))
        elif method == "Log.entryAdded" and p["entry"].get("level") == "error":
            self.errors.append("log: " + p["entry"].get("text", ""))
        self._events.append(m)

    def call(self, method, params=None, session=False):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.session
        self._send(msg)
        deadline = time.time() + self.timeout
        while True:
            m = self._recv(deadline)
            if m.get("id") == self._id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self._event(m)

    def wait_event(self, method, timeout=None):
        deadline = time.time() + (timeout or self.timeout)
        for i, m in enumerate(self._events):
            if m.get("method") == method:
                del self._events[i]
                return m
        while True:
            m = self._recv(deadline)
            self._event(m)
            if m.get("method") == method:
                self._events.remove(m)
                return m

    # ---- what a test does
    def open(self, url, width=1400, height=900):
        self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                  "deviceScaleFactor": 1, "mobile": False}, session=True)
        self._events.clear()
        self.call("Page.navigate", {"url": url}, session=True)
        self.wait_event("Page.loadEventFired")

    def eval(self, expr):
        r = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                           "awaitPromise": True}, session=True)
        if "exceptionDetails" in r:
            raise RuntimeError("evaluating %r: %s" % (expr, r["exceptionDetails"]))
        return r["result"].get("value")

    def click(self, selector):
        """A real mouse click (press and release) in the middle of the element
        (of its first line box: a wrapped inline element's bounding box can
        have its middle between the lines)."""
        box = self.eval("(() => { const e = document.querySelector(%s); if (!e) return null;"
                        " e.scrollIntoView({block: 'center'}); const r = e.getClientRects()[0];"
                        " return [r.x + r.width / 2, r.y + r.height / 2]; })()" % json.dumps(selector))
        if box is None:
            raise RuntimeError("nothing matches %s" % selector)
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1],
                      "button": "left", "clickCount": 1}, session=True)

    def type(self, selector, text):
        self.eval("document.querySelector(%s).focus()" % json.dumps(selector))
        self.call("Input.insertText", {"text": text}, session=True)

    def screenshot(self, path):
        r = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False},
                      session=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))
