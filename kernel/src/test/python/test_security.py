"""Every message must carry a valid HMAC signature: forged execute_requests run nothing."""
import os
import tempfile
import time
import unittest

from jupyter_client.session import Session

from harness import reply_to, KernelTestCase, result


class ForgedMessageTest(KernelTestCase):
    def send_raw(self, session, code):
        msg = session.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                              "user_expressions": {}, "allow_stdin": False,
                                              "stop_on_error": True})
        session.send(self.kc.shell_channel.socket, msg)

    def test_forged_and_unsigned_messages_run_nothing(self):
        marker = os.path.join(tempfile.mkdtemp(), "pwned")
        code = f'java.nio.file.Files.writeString(java.nio.file.Path.of("{marker}"), "x");'
        self.assertTrue(self.kc.session.key, "the connection file must define a key")
        self.send_raw(Session(key=b"not-the-key", signature_scheme="hmac-sha256"), code)
        self.send_raw(Session(key=b""), code)  # no signature at all
        time.sleep(1.5)
        self.assertFalse(os.path.exists(marker), "a forged message was executed")
        # the kernel is still up and answers properly signed requests
        self.assertEqual(result(self.run_ok("1 + 2")), "3")
        self.assertFalse(os.path.exists(marker))
        # and the same code, properly signed, does run: the marker test is meaningful
        self.run_ok(code)
        self.assertTrue(os.path.exists(marker))

    def test_forged_message_in_the_queue_does_not_end_the_abort(self):
        # a failed cell aborts everything queued behind it, also past a forged message in between
        self.kc.execute('throw new RuntimeException("first");')
        self.send_raw(Session(key=b"not-the-key", signature_scheme="hmac-sha256"), "int forgedInQueue = 1;")
        last = self.kc.execute("int behindTheForgery = 1;")
        self.assertEqual(reply_to(self.kc, last)["status"], "aborted")
        self.run_error("behindTheForgery")
        self.run_error("forgedInQueue")

    def test_sockets_bind_to_connection_file_ip(self):
        info = self.km.get_connection_info()
        self.assertEqual(info["ip"], "127.0.0.1")
        import socket
        addrs = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1"}
        for addr in addrs:
            with socket.socket() as s:
                s.settimeout(1)
                self.assertNotEqual(s.connect_ex((addr, info["shell_port"])), 0,
                                    f"shell port reachable on {addr}")


if __name__ == "__main__":
    unittest.main()
