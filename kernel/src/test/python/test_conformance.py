"""Jupyter's own kernel conformance suite (Debian python3-jupyter-kernel-test) against the installed kernel."""
import unittest

import jupyter_kernel_test

from harness import KERNEL_NAME


class TensorshellConformance(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("some error");'
    completion_samples = [
        {"text": "Math.ma", "matches": {"max("}},
        {"text": "Integer.parseI", "matches": {"parseInt("}},
    ]
    complete_code_samples = ["1 + 1", "int a = 1;", "void f() {}", "for (int i = 0; i < 3; i++) {}", "%lsmagic"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "void f() {", 'String s = "a" +']
    invalid_code_samples = ["int a = 1; )", "1 +* 2 ]"]
    code_generate_error = 'throw new RuntimeException("boom");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"ab" + "cd"', "result": "abcd"},
        {"code": "java.util.List.of(1, 2, 3)", "result": "[1, 2, 3]"},
    ]
    code_display_data = [
        {"code": 'display("shown");', "mime": "text/plain"},
    ]
    code_history_pattern = "6 * ?"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max"
    code_clear_output = "clearOutput();"


if __name__ == "__main__":
    unittest.main()
