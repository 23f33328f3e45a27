"""What a user can type must not take the kernel down, and the kernel keeps its variables."""
import os
import tempfile
import time
import unittest

from harness import reply_to, KernelTestCase, execute, errors, result, text


class RobustnessTest(KernelTestCase):
    def setUp(self):
        self.run_ok('String keep = "kept";')

    def tearDown(self):
        self.assertEqual(result(self.run_ok("keep")), "kept")

    def test_out_of_memory(self):
        _, outputs = self.run_error(
            "var hog = new ArrayList<long[]>(); while (true) hog.add(new long[10_000_000]);", timeout=120)
        self.assertIn("OutOfMemoryError", errors(outputs)[0]["ename"])
        self.run_ok("hog = null; System.gc();")

    def test_stack_overflow(self):
        self.run_ok("int down(int n) { return down(n + 1) + 1; }")
        _, outputs = self.run_error("down(0)")
        err = errors(outputs)[0]
        self.assertIn("StackOverflowError", err["ename"])
        self.assertLess(len(err["traceback"]), 80, "the trace should be folded, not 1024 frames")

    def test_system_exit(self):
        _, outputs = self.run_error("System.exit(1);")
        self.assertIn("System.exit(1) was blocked", errors(outputs)[0]["evalue"])
        self.run_error("Runtime.getRuntime().halt(2);")

    def test_throwing_to_string(self):
        self.run_ok('class Bad { public String toString() { throw new IllegalStateException("no text"); } }')
        reply, outputs = self.run_error("new Bad()")
        self.assertIn("no text", reply["evalue"])
        reply, outputs = self.run_error("display(new Bad());")

    def test_ten_megabyte_println(self):
        t0 = time.monotonic()
        outputs = self.run_ok('System.out.println("x".repeat(10_000_000));', timeout=120)
        shown = len(text(outputs))
        self.assertLess(shown, 3_000_000)
        self.assertGreater(shown, 1_000_000)
        self.assertIn("output truncated", text(outputs, "stderr"))
        self.assertLess(time.monotonic() - t0, 30)
        # the next cell's output is not truncated
        self.assertEqual(text(self.run_ok('System.out.println("after");')), "after\n")

    def test_compile_error_points_at_cell_line(self):
        _, outputs = self.run_error("int a1 = 1;\nint b1 = a1 +\n    missing;")
        err = errors(outputs)[0]
        self.assertIn("line 3, column 5", err["evalue"])
        self.assertIn("cannot find symbol", err["evalue"])
        self.assertTrue(any("^^^^^^^" in line for line in err["traceback"]))

    def test_runtime_error_maps_frames_to_cells(self):
        self.run_ok("int half(int n) {\n  if (n == 0) throw new IllegalArgumentException(\"zero\");\n  return n / 2;\n}")
        _, outputs = self.run_error("int q = 4;\nhalf(0)")
        tb = "\n".join(errors(outputs)[0]["traceback"])
        self.assertIn("line 2", tb)
        self.assertRegex(tb, r"at half \(cell \[\d+\], line 2\)")
        self.assertNotIn("jdk.jshell", tb)
        self.assertNotIn("org.tensorshell.kernel", tb)

    def test_final_expressions_once_the_kernel_compiles_them(self):
        # the kernelspec opens JShell's and jdk.compiler's internals, so the kernel compiles final expressions itself
        from jupyter_client.kernelspec import KernelSpecManager
        from harness import KERNEL_NAME
        argv = KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv
        self.assertIn("--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED", argv)
        self.assertIn("--add-opens=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED", argv)
        for package in ("code", "util"):
            self.assertIn(f"--add-exports=jdk.compiler/com.sun.tools.javac.{package}=ALL-UNNAMED", argv)
        self.assertEqual(result(self.run_ok("40 + 2")), "42")
        self.run_ok("int scaled(int v) {\n  return 100 / v;\n}")
        self.assertEqual(result(self.run_ok("scaled(4)")), "25")
        self.run_ok("int scaled(int v) { return 1000 / v; }")
        self.assertEqual(result(self.run_ok("scaled(4)")), "250")
        self.run_ok("record Pair(int a, int b) {}")
        self.assertEqual(result(self.run_ok("new Pair(3, 4).b()")), "4")
        _, outputs = self.run_error("int none = 0;\nscaled(none)")
        tb = "\n".join(errors(outputs)[0]["traceback"])
        self.assertRegex(tb, r"at scaled \(cell \[\d+\], line 1\)")
        self.assertRegex(tb, r"\(cell \[\d+\], line 2\):  scaled\(none\)")
        self.assertNotIn("REPL.", tb)

    def test_redefinition_keeps_unrelated_variables(self):
        self.run_ok("int counter = 5; int sq(int x) { return x * x; }")
        self.run_ok("int sq(int x) { return x * x * 1; }")
        self.run_ok("class Point { int x; }")
        self.run_ok("class Point { int x, y; }")
        self.assertEqual(result(self.run_ok("counter + sq(2)")), "9")

    def test_stdin(self):
        outputs = self.run_ok('var sc = new Scanner(System.in); String name = sc.nextLine(); "hello " + name',
                              stdin=lambda prompt: "tensor")
        self.assertEqual(result(outputs), "hello tensor")

    def test_stdin_without_frontend_reads_eof(self):
        outputs = self.run_ok("System.in.read()")
        self.assertEqual(result(outputs), "-1")

    def test_streams_while_running(self):
        # the first line arrives while the cell still runs
        msg_id = self.kc.execute('System.out.println("early"); Thread.sleep(1500); System.out.println("late");')
        t0 = time.monotonic()
        first = None
        while time.monotonic() - t0 < 10:
            m = self.kc.get_iopub_msg(timeout=5)
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream":
                first = time.monotonic() - t0
                self.assertIn("early", m["content"]["text"])
                break
        self.assertIsNotNone(first)
        self.assertLess(first, 1.0)
        self.kc.get_shell_msg(timeout=10)

    def test_stop_on_error_aborts_queued_cells(self):
        self.kc.execute('throw new RuntimeException("first");')
        second = self.kc.execute("int neverRuns = 1;")
        self.assertEqual(reply_to(self.kc, second)["status"], "aborted")
        self.run_error("neverRuns")

    def test_user_expressions(self):
        reply, _ = execute(self.kc, "int ue = 20;", user_expressions={"twice": "ue * 2", "bad": "nope"})
        self.assertEqual(reply["user_expressions"]["twice"]["data"]["text/plain"], "40")
        self.assertEqual(reply["user_expressions"]["bad"]["status"], "error")

    def test_silent_has_no_output(self):
        reply, outputs = execute(self.kc, "1 + 1", silent=True)
        self.assertEqual(reply["status"], "ok")
        self.assertFalse([m for m in outputs if m["msg_type"] == "execute_result"])

    def test_load_and_classpath(self):
        d = tempfile.mkdtemp()
        path = os.path.join(d, "snippet.jsh")
        with open(path, "w") as f:
            f.write("int loaded = 7;\nloaded * 6\n")
        self.assertEqual(result(self.run_ok(f"%load {path}")), "42")
        self.run_error("%classpath /no/such/dir")

    def test_magics(self):
        self.assertIn("%maven", text(self.run_ok("%lsmagic")))
        out = text(self.run_ok("%%time\nint t = 0;\nfor (int i = 0; i < 1000; i++) t += i;"))
        self.assertIn("Wall time", out)
        out = text(self.run_ok("%timeit -n 100 -r 3 Math.sqrt(2.0)"))
        self.assertIn("loops each", out)
        self.assertIn("3 runs, 100 loops", out)
        self.run_error("%nosuchmagic")

    def test_many_cells_keep_heap_flat(self):
        def used():
            self.run_ok("System.gc(); System.gc();")
            return int(result(self.run_ok("Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()")))
        for i in range(50):
            self.run_ok(f"int w{i} = {i}; w{i} + 1")
        before = used()
        for i in range(300):
            self.run_ok(f"int v{i} = {i}; v{i} * 2")
        after = used()
        per_cell = (after - before) / 300
        print(f"\n    heap growth: {per_cell / 1024:.0f} KB per cell", end=" ")
        # JShell keeps a record of every snippet (source, wrapper, class) for redefinition: about
        # 80 KB per two-snippet cell. Anything well beyond that is a leak of ours (values, threads).
        self.assertLess(per_cell, 512 << 10, f"heap grew by {(after - before) >> 20} MB over 300 cells")


if __name__ == "__main__":
    unittest.main()
