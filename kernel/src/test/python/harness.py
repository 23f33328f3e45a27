"""Shared helpers for the kernel's Python tests: a real jupyter_client talking to the installed kernel."""
import os
import time
import unittest
from queue import Empty

from jupyter_client.manager import start_new_kernel

KERNEL_NAME = os.environ.get("TENSORSHELL_KERNEL", "tensorshell")


def start(**kw):
    return start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=120, **kw)


def execute(kc, code, timeout=60, stdin=None, **kw):
    """Runs a cell; returns (reply content, [iopub messages for it]) once the kernel is idle again.
    `stdin` answers input_request prompts: a callable prompt -> value."""
    msg_id = kc.execute(code, allow_stdin=stdin is not None, **kw)
    deadline = time.monotonic() + timeout
    outputs, reply, idle = [], None, False
    while reply is None or not idle:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no answer within {timeout}s to {code!r}")
        if stdin is not None:
            try:
                m = kc.get_stdin_msg(timeout=0)
                if m["msg_type"] == "input_request":
                    kc.input(stdin(m["content"]["prompt"]))
            except Empty:
                pass
        if reply is None:
            try:
                m = kc.get_shell_msg(timeout=0)
                if m["parent_header"].get("msg_id") == msg_id:
                    reply = m["content"]
            except Empty:
                pass
        try:
            m = kc.get_iopub_msg(timeout=0.01)
        except Empty:
            continue
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status":
            idle = m["content"]["execution_state"] == "idle"
        elif m["msg_type"] != "execute_input":
            outputs.append(m)
    return reply, outputs


def text(outputs, name="stdout"):
    return "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == name)


def result(outputs):
    for m in outputs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    return None


def reply_to(kc, msg_id, timeout=20):
    """Reads shell replies (to this and earlier requests) until the one to msg_id; returns its content."""
    while True:
        r = kc.get_shell_msg(timeout=timeout)
        if r["parent_header"].get("msg_id") == msg_id:
            return r["content"]


def errors(outputs):
    return [m["content"] for m in outputs if m["msg_type"] == "error"]


class KernelTestCase(unittest.TestCase):
    """One kernel per test class."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start()

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def run_ok(self, code, **kw):
        reply, outputs = execute(self.kc, code, **kw)
        self.assertEqual(reply["status"], "ok", f"{code!r} failed: {errors(outputs)}")
        return outputs

    def run_error(self, code, **kw):
        reply, outputs = execute(self.kc, code, **kw)
        self.assertEqual(reply["status"], "error", f"{code!r} did not fail")
        return reply, outputs
