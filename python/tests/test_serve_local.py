"""serve_local.py keeps the contract of Azure ML's inference server (azmlinfsrv): the flags, init() once,
POST /score passing the body to run() as text, JSON results, errors as 500 with the exception, GET /
for liveness; it refuses huge bodies, answers concurrent clients, stops cleanly and leaves no orphan."""

import http.client
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import unittest

from localserve import server as local_server
from localserve.script import ScoringScript
from tests.support import PYTHON_DIR, HarnessTestCase, process_gone, wait_for

SERVE_LOCAL = os.path.join(PYTHON_DIR, "serve_local.py")

ECHO_SCRIPT = """
import json, os
calls = {"init": 0}

def init():
    calls["init"] += 1
    print("init saw", os.environ["AZUREML_MODEL_DIR"])

def run(raw_data, request_headers=None):
    if raw_data == "fail":
        raise ValueError("the input says fail")
    if raw_data == "object":
        return object()
    if raw_data == "text":
        return "just text"
    print("run got", raw_data)
    return {"type": type(raw_data).__name__, "body": raw_data, "init_calls": calls["init"],
            "model_dir": os.environ["AZUREML_MODEL_DIR"], "marker": request_headers.get("X-Marker")}
"""


class Server:
    """A running serve_local.py: its port, and its stdout lines after the Listening line."""

    def __init__(self, process, port, lines):
        self.process = process
        self.port = port
        self.lines = lines

    def connect(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def request(self, method, path, body=None, headers=None):
        connection = self.connect()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


class ServeLocalTestCase(HarnessTestCase):
    def serve_command(self, script_text, *options):
        script = self.write("score.py", script_text)
        os.makedirs(os.path.join(self.tmp, "model"), exist_ok=True)
        return [sys.executable, "-u", SERVE_LOCAL, "--entry_script", script,
                "--model_dir", os.path.join(self.tmp, "model")] + list(options)

    def start(self, script_text=ECHO_SCRIPT, *options):
        process = subprocess.Popen(self.serve_command(script_text, "--stop_on_stdin_eof", *options),
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   cwd=self.tmp)
        self.addCleanup(_stop, process)
        lines = queue.Queue()
        threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
        stderr = []
        threading.Thread(target=_collect, args=(process.stderr, stderr), daemon=True).start()
        self.stderr = stderr
        while True:
            line = lines.get(timeout=60)
            if line is None:
                self.fail("the server ended before listening: %s" % b"".join(stderr).decode())
            if line.startswith("Listening on http://127.0.0.1:"):
                return Server(process, int(line.rsplit(":", 1)[1]), lines)

    def stderr_text(self):
        return b"".join(self.stderr).decode("utf-8", "replace")


def _pump(stream, lines):
    for line in iter(stream.readline, b""):
        lines.put(line.decode("utf-8").rstrip("\r\n"))
    lines.put(None)


def _collect(stream, chunks):
    for chunk in iter(lambda: stream.read1(65536), b""):
        chunks.append(chunk)


def _stop(process):
    if process.poll() is None:
        process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream:
            stream.close()


class ContractTests(ServeLocalTestCase):
    def test_get_root_answers_healthy(self):
        server = self.start()
        status, headers, body = server.request("GET", "/")
        self.assertEqual((status, body), (200, b"Healthy"))

    def test_post_score_passes_the_body_as_text_and_returns_json(self):
        server = self.start()
        status, headers, body = server.request("POST", "/score", body='{"data": [1, 2]}',
                                               headers={"Content-Type": "application/json", "X-Marker": "m"})
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json")
        result = json.loads(body)
        self.assertEqual(result["type"], "str")
        self.assertEqual(result["body"], '{"data": [1, 2]}')
        self.assertEqual(result["model_dir"], os.path.join(self.tmp, "model"))
        self.assertEqual(result["marker"], "m", "a run() parameter named request_headers gets the headers")
        self.assertIn("x-ms-run-fn-exec-ms", headers)
        self.assertTrue(headers["x-request-id"])

    def test_init_runs_once_before_listening(self):
        server = self.start()
        for _ in range(3):
            self.assertEqual(json.loads(server.request("POST", "/score", body="{}")[2])["init_calls"], 1)

    def test_a_returned_string_arrives_as_a_json_string(self):
        status, _, body = self.start().request("POST", "/score", body="text")
        self.assertEqual((status, body), (200, b'"just text"'))

    def test_non_json_bodies_reach_run_unchanged(self):
        server = self.start()
        for text in ("not json at all", "", "ünïcødé {"):
            status, _, body = server.request("POST", "/score", body=text.encode("utf-8"))
            self.assertEqual(status, 200, text)
            self.assertEqual(json.loads(body)["body"], text)

    def test_a_body_that_is_not_utf8_is_refused_with_400(self):
        status, _, body = self.start().request("POST", "/score", body=b"\xff\xfe\xfa")
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["message"], "Input cannot be decoded as UTF-8")

    def test_get_score_passes_the_query_as_json(self):
        status, _, body = self.start().request("GET", "/score?a=1&b=x&a=2&c=%7B%22k%22%3A1%7D")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(json.loads(body)["body"]), {"a": [1, 2], "b": "x", "c": {"k": 1}})

    def test_unknown_routes_and_methods(self):
        server = self.start()
        self.assertEqual(server.request("GET", "/nothing")[0], 404)
        self.assertEqual(server.request("PUT", "/score", body="x")[0], 405)
        self.assertEqual(server.request("OPTIONS", "/score")[0:1], (200,))

    def test_request_ids_are_echoed_and_long_ones_refused(self):
        server = self.start()
        headers = server.request("POST", "/score", body="{}", headers={"x-request-id": "abc"})[1]
        self.assertEqual((headers["x-request-id"], headers["x-ms-request-id"]), ("abc", "abc"))
        self.assertEqual(server.request("POST", "/score", body="{}", headers={"x-request-id": "a" * 101})[0], 431)

    def test_prints_of_run_reach_stdout(self):
        server = self.start()
        server.request("POST", "/score", body="hello")
        wait_for(lambda: "run got hello" in list(server.lines.queue), message="the print of run()")

    def test_port_zero_or_none_picks_a_free_port_and_a_given_port_is_used(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.assertEqual(self.start(ECHO_SCRIPT, "--port", str(port)).port, port)

    def test_listens_on_loopback_only(self):
        server = self.start()
        with socket.create_connection(("127.0.0.1", server.port), timeout=30):
            pass
        addresses = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
        for address in addresses - {"127.0.0.1", "127.0.1.1"}:
            with self.assertRaises(OSError, msg=address):
                socket.create_connection((address, server.port), timeout=5).close()


class FailureTests(ServeLocalTestCase):
    def test_run_raising_gives_500_with_the_exception_and_the_traceback_in_the_log(self):
        server = self.start()
        status, headers, body = server.request("POST", "/score", body="fail")
        self.assertEqual(status, 500)
        self.assertEqual(headers["x-ms-run-function-failed"], "True")
        self.assertEqual(json.loads(body), {"message": local_server.RUN_FAILED,
                                            "error": "ValueError: the input says fail"})
        wait_for(lambda: "ValueError: the input says fail" in self.stderr_text(), message="the traceback")
        self.assertIn("Traceback (most recent call last)", self.stderr_text())
        self.assertEqual(server.request("POST", "/score", body="{}")[0], 200, "the server keeps serving")

    def test_a_result_json_cannot_hold_gives_500(self):
        status, _, body = self.start().request("POST", "/score", body="object")
        self.assertEqual(status, 500)
        self.assertEqual(json.loads(body)["message"], local_server.NOT_SERIALIZABLE)

    def test_init_raising_exits_3_with_the_traceback_and_never_listens(self):
        completed = subprocess.run(
            self.serve_command("def init():\n    raise RuntimeError('no model here')\n\ndef run(x):\n    return x\n"),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        self.assertEqual(completed.returncode, 3)
        self.assertNotIn(b"Listening", completed.stdout)
        self.assertIn(b"Traceback (most recent call last)", completed.stderr)
        self.assertIn(b"The scoring script failed to start: RuntimeError: no model here", completed.stderr)

    def test_a_script_without_run_exits_3(self):
        completed = subprocess.run(self.serve_command("def init():\n    pass\n"), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        self.assertEqual(completed.returncode, 3)
        self.assertIn(b"does not define run()", completed.stderr)

    def test_bad_arguments_exit_2(self):
        for arguments in ([], ["--entry_script", os.path.join(self.tmp, "missing.py")],
                          ["--entry_script", "x.py", "--port", "70000"]):
            completed = subprocess.run([sys.executable, SERVE_LOCAL] + arguments, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                                       env=dict(os.environ, AZUREML_ENTRY_SCRIPT=""))
            self.assertEqual(completed.returncode, 2, arguments)

    def test_a_10_mb_body_is_refused_with_413_before_it_is_read(self):
        server = self.start()
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as client:
            client.sendall(b"POST /score HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % local_server.MAX_BODY_BYTES)
            response = client.makefile("rb").read()  # the server closes the connection after answering
        self.assertTrue(response.startswith(b"HTTP/1.1 413 "), response[:100])
        self.assertIn(b"Connection: close", response)

    def test_a_large_body_under_the_limit_is_scored(self):
        body = json.dumps({"data": "x" * (2 * 1000 * 1000)})
        status, _, answer = self.start().request("POST", "/score", body=body)
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(answer)["body"], body)

    def test_a_chunked_body_over_the_limit_is_refused(self):
        server = self.start()
        chunk = b"x" * (1024 * 1024)
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as client:
            client.sendall(b"POST /score HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            try:
                for _ in range(11):
                    client.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                pass  # the server may close before the last chunks are sent
            response = client.makefile("rb").read()
        self.assertTrue(response.startswith(b"HTTP/1.1 413 "), response[:100])


class LoadAndLifetimeTests(ServeLocalTestCase):
    def test_concurrent_clients_each_get_their_own_answer(self):
        server = self.start()
        answers, errors = {}, []

        def client(number):
            connection = server.connect()
            try:
                for index in range(20):
                    body = '{"client": %d, "index": %d}' % (number, index)
                    connection.request("POST", "/score", body=body)
                    response = connection.getresponse()
                    answers[(number, index)] = (response.status, json.loads(response.read())["body"] == body)
            except Exception as error:  # reported below, with the others
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=client, args=(number,)) for number in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(set(answers.values()), {(200, True)})
        self.assertEqual(len(answers), 12 * 20)

    def test_keep_alive_serves_many_requests_on_one_connection(self):
        server = self.start()
        connection = server.connect()
        self.addCleanup(connection.close)
        for index in range(50):
            connection.request("POST", "/score", body=str(index))
            response = connection.getresponse()
            self.assertEqual(json.loads(response.read())["body"], str(index))
        self.assertIsNotNone(connection.sock, "the connection stayed open")

    @unittest.skipIf(sys.platform == "win32", "SIGTERM is POSIX; Windows stops through stdin")
    def test_sigterm_stops_cleanly(self):
        server = self.start()
        server.process.send_signal(signal.SIGTERM)
        self.assertEqual(server.process.wait(timeout=60), 0)
        self.assertIn("Stopped", list(server.lines.queue))
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", server.port), timeout=5).close()

    def test_closing_stdin_stops_the_server(self):
        server = self.start()
        server.process.stdin.close()
        self.assertEqual(server.process.wait(timeout=60), 0)

    def test_no_orphan_when_the_parent_is_killed(self):
        parent = self.write("parent.py", """
            import subprocess, sys
            child = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE)
            print(child.pid, flush=True)
            child.wait()
            """)
        command = [sys.executable, parent] + self.serve_command(ECHO_SCRIPT, "--stop_on_stdin_eof")
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        self.addCleanup(_stop, process)
        child = int(process.stdout.readline())
        wait_for(lambda: b"Listening" in process.stdout.readline(), timeout=60, message="the server")
        process.kill()
        process.wait()
        wait_for(lambda: process_gone(child), timeout=60, message="the server to end with its parent")


class OneWritePerResponseTests(unittest.TestCase):
    """Each response is one write: a head and a body written apart wait for a delayed ACK (Nagle)."""

    def test_every_response_is_one_write(self):
        writes = []

        class CountingHandler(local_server.ScoringHandler):
            def setup(self):
                super().setup()
                real = self.wfile

                class Counting:
                    def write(self, data):
                        writes.append(data)
                        return real.write(data)

                    def flush(self):
                        return real.flush()

                    def __getattr__(self, name):
                        return getattr(real, name)

                self.wfile = Counting()

        module = type("m", (), {"init": staticmethod(lambda: None), "run": staticmethod(lambda raw: {"n": raw})})
        server = local_server.ScoringServer(0, ScoringScript(module), CountingHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
        self.addCleanup(connection.close)
        for method, path, body in (("POST", "/score", "1"), ("GET", "/", None), ("GET", "/x", None),
                                   ("POST", "/score", "2")):
            connection.request(method, path, body=body)
            connection.getresponse().read()
        self.assertEqual(len(writes), 4)
        self.assertTrue(all(data.startswith(b"HTTP/1.1 ") for data in writes))
        self.assertTrue(writes[0].endswith(b'{"n": "1"}'))


if __name__ == "__main__":
    unittest.main()
