"""Interrupt (interrupt_mode: message) stops running work within 1 s and leaves the kernel usable."""
import os
import shutil
import subprocess
import tempfile
import threading
import time
import unittest

from harness import KernelTestCase, execute, errors, result

LIBRARY = """
package demo;
/** Stands in for a tensor-lib training loop: precompiled (not a cell), checks the interrupt flag. */
public class Train {
    public static long loop() {
        long steps = 0;
        double w = 0;
        while (!Thread.currentThread().isInterrupted()) {
            w = w * 0.999 + Math.sqrt(steps++);
        }
        return steps + (long) w;
    }
}
"""


def javac():
    home = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
    return os.path.join(home, "bin", "javac")


class InterruptTest(KernelTestCase):
    def interrupt_after(self, code, delay=1.0):
        """Runs code, interrupts after `delay` s; returns (seconds from interrupt to idle, reply, outputs)."""
        box = {}

        def fire():
            time.sleep(delay)
            box["t"] = time.monotonic()
            self.km.interrupt_kernel()

        t = threading.Thread(target=fire)
        t.start()
        reply, outputs = execute(self.kc, code, timeout=30)
        stopped = time.monotonic() - box["t"]
        t.join()
        return stopped, reply, outputs

    def assert_no_cell_thread_left(self):
        outputs = self.run_ok(
            'Thread.getAllStackTraces().keySet().stream()'
            '.filter(t -> t.getName().startsWith("tensorshell-cell") && t != Thread.currentThread()).count()')
        self.assertEqual(result(outputs), "0", "a cell thread was left running")

    def test_1_while_true(self):
        self.run_ok("int before = 41;")
        stopped, reply, outputs = self.interrupt_after("long n = 0; while (true) { n++; }")
        self.assertEqual(reply["status"], "error")
        self.assertIn("Interrupt", errors(outputs)[0]["ename"] + errors(outputs)[0]["evalue"])
        self.assertLess(stopped, 1.0, f"took {stopped:.2f}s to stop")
        self.assertEqual(result(self.run_ok("before + 1")), "42")
        self.assert_no_cell_thread_left()

    def test_2_loop_in_a_method_of_an_earlier_cell(self):
        self.run_ok("void spin() { double x = 0; for (long i = 0; ; i++) { x += Math.sin(i); } }")
        stopped, reply, _ = self.interrupt_after("spin();")
        self.assertEqual(reply["status"], "error")
        self.assertLess(stopped, 1.0)
        self.assert_no_cell_thread_left()

    def test_3_library_loop(self):
        tmp = tempfile.mkdtemp()
        try:
            src = os.path.join(tmp, "demo", "Train.java")
            os.makedirs(os.path.dirname(src))
            with open(src, "w") as f:
                f.write(LIBRARY)
            subprocess.run([javac(), "--release", "21", "-d", os.path.join(tmp, "classes"), src], check=True)
            self.run_ok(f"%classpath {os.path.join(tmp, 'classes')}")
            self.run_ok("String kept = \"still here\";")
            stopped, reply, _ = self.interrupt_after("demo.Train.loop()")
            self.assertEqual(reply["status"], "error")
            self.assertLess(stopped, 1.0)
            self.assertEqual(result(self.run_ok("kept")), "still here")
            self.assert_no_cell_thread_left()
        finally:
            shutil.rmtree(tmp)

    def test_4_blocking_call(self):
        stopped, reply, _ = self.interrupt_after("Thread.sleep(60_000);", delay=0.5)
        self.assertEqual(reply["status"], "error")
        self.assertLess(stopped, 1.0)

    def test_5_later_cells_are_not_slowed(self):
        t0 = time.monotonic()
        self.run_ok("long s = 0; for (int i = 0; i < 1000; i++) s += i; s")
        self.assertLess(time.monotonic() - t0, 5.0)


if __name__ == "__main__":
    unittest.main()
