"""Executes notebooks/00-kernel-tour.ipynb through nbclient, a real Jupyter client, and checks its outputs."""
import os
import unittest

import nbformat
from nbclient import NotebookClient

from harness import KERNEL_NAME

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
TOUR = os.path.join(ROOT, "notebooks", "00-kernel-tour.ipynb")


def by_tag(nb, tag):
    return next(c for c in nb.cells if tag in c.get("metadata", {}).get("tags", []))


def plain(cell, kind):
    return [o["data"]["text/plain"] for o in cell.outputs if o["output_type"] == kind]


class KernelTour(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.nb = nbformat.read(TOUR, as_version=4)
        NotebookClient(cls.nb, kernel_name=KERNEL_NAME, timeout=120, startup_timeout=120).execute()

    def test_tensor_cell(self):
        texts = plain(by_tag(self.nb, "tensor"), "execute_result")
        self.assertTrue(texts and texts[0].startswith("tensor([["), texts)

    def test_background_thread_output(self):
        streams = "".join(o.get("text", "") for o in by_tag(self.nb, "thread").outputs if o["output_type"] == "stream")
        self.assertIn("hello from a background thread", streams)

    def test_error_then_working_cell(self):
        err = [o for o in by_tag(self.nb, "error").outputs if o["output_type"] == "error"][0]
        self.assertEqual(err["ename"], "java.lang.ArithmeticException")
        self.assertIn("line 2", "\n".join(err["traceback"]))
        self.assertEqual(plain(by_tag(self.nb, "after-error"), "execute_result"), ["9"])

    def test_time(self):
        cell = by_tag(self.nb, "time")
        self.assertIn("Wall time", "".join(o.get("text", "") for o in cell.outputs))
        self.assertEqual(plain(cell, "execute_result"), ["5050"])

    def test_display_and_update(self):
        # nbclient applies update_display_data to the displayed output in place
        self.assertEqual(plain(by_tag(self.nb, "display"), "display_data"), ["step 3 of 3"])

    def test_maven(self):
        out = "".join(o.get("text", "") for o in by_tag(self.nb, "maven").outputs)
        self.assertIn("junit-platform-commons-1.14.1.jar", out)
        self.assertIn("apiguardian-api", out)  # a transitive dependency
        self.assertEqual(plain(by_tag(self.nb, "maven-use"), "execute_result"), ["true"])


if __name__ == "__main__":
    unittest.main()
