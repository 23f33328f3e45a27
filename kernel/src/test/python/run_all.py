"""Runs the kernel's Python test modules and ends with the line `N passed, N failed, N skipped`."""
import sys
import time
import unittest

MODULES = ["test_conformance", "test_notebook", "test_interrupt", "test_security", "test_robustness",
           "test_display_notebook"]


def main(argv):
    names = argv or MODULES
    suite = unittest.TestSuite(unittest.defaultTestLoader.loadTestsFromName(n) for n in names)
    t0 = time.monotonic()
    res = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(res.failures) + len(res.errors) + len(res.unexpectedSuccesses)
    skipped = len(res.skipped)
    passed = res.testsRun - failed - skipped - len(res.expectedFailures)
    # a test whose subtests failed is counted once, under failed
    passed = max(0, passed)
    print(f"({time.monotonic() - t0:.0f} s)")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
