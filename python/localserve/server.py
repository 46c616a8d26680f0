"""The HTTP side of the local inference server: azmlinfsrv's routes, status codes and headers.

Every response leaves in one write with TCP_NODELAY set: a head and a body written apart meet Nagle's
algorithm and the client's delayed ACK, and a keep-alive client then waits ~40 ms per request.
"""

import http.server
import json
import socket
import sys
import time
import traceback
import urllib.parse
import uuid

# A request body of this size or more is refused with 413 before it is read.
MAX_BODY_BYTES = 10 * 1000 * 1000
MAX_REQUEST_ID_CHARS = 100
SERVER_VERSION = "azureml-explorer-serve-local/1"

RUN_FAILED = "An unexpected error occurred in scoring script. Check the logs for more info."
NOT_SERIALIZABLE = "An unexpected internal error occurred. Check the logs for more info."
NOT_FOUND = "The requested URL was not found on the server. Check the URL: the scoring route is /score."


class RequestError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class ScoringHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = SERVER_VERSION

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # --- routes -------------------------------------------------------------------------------

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_OPTIONS(self):
        self._route("OPTIONS")

    def do_PUT(self):
        self._route("PUT")

    def do_DELETE(self):
        self._route("DELETE")

    def do_PATCH(self):
        self._route("PATCH")

    def do_HEAD(self):
        self._route("HEAD")

    def _route(self, method):
        path = urllib.parse.urlsplit(self.path).path
        try:
            request_id = self._request_id()
            if path == "/":
                self._refuse_body_unless_read()
                if method not in ("GET", "HEAD"):
                    raise RequestError(405, "Method not allowed")
                self._send(200, b"Healthy", "text/plain; charset=utf-8", request_id)
            elif path == "/score":
                self._score(method, request_id)
            else:
                self._refuse_body_unless_read()
                raise RequestError(404, NOT_FOUND)
        except RequestError as error:
            self._send_json(error.status, {"message": str(error)}, getattr(self, "_id", None))

    def _score(self, method, request_id):
        if method == "POST":
            body = self._read_body()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise RequestError(400, "Input cannot be decoded as UTF-8") from None
        elif method == "GET":
            self._refuse_body_unless_read()
            text = json.dumps(_query_parameters(urllib.parse.urlsplit(self.path).query))
        elif method == "OPTIONS":
            self._read_body()
            self._send(200, b"", "text/plain; charset=utf-8", request_id)
            return
        else:
            self._refuse_body_unless_read()
            raise RequestError(405, "Method not allowed")
        started = time.perf_counter()
        try:
            result = self.server.script.run(text, dict(self.headers.items()))
        except Exception as error:  # the script's own failure: its traceback goes to the log
            elapsed = _milliseconds(started)
            _log_traceback(request_id)
            self._send_json(500, {"message": RUN_FAILED, "error": "%s: %s" % (type(error).__name__, error)},
                            request_id, [("x-ms-run-function-failed", "True"), ("x-ms-run-fn-exec-ms", elapsed)])
            return
        elapsed = _milliseconds(started)
        try:
            payload = json.dumps(result).encode("utf-8")
        except (TypeError, ValueError) as error:
            _log_traceback(request_id)
            self._send_json(500, {"message": NOT_SERIALIZABLE, "error": "run() returned a value JSON cannot hold: %s"
                                  % error}, request_id, [("x-ms-run-fn-exec-ms", elapsed)])
            return
        self._send(200, payload, "application/json", request_id, [("x-ms-run-fn-exec-ms", elapsed)])

    # --- request parts ------------------------------------------------------------------------

    def _request_id(self):
        self._id = None
        given = self.headers.get("x-request-id") or self.headers.get("x-ms-request-id")
        client_id = self.headers.get("x-ms-client-request-id") or ""
        if (given and len(given) > MAX_REQUEST_ID_CHARS) or len(client_id) > MAX_REQUEST_ID_CHARS:
            self._refuse_body_unless_read()
            raise RequestError(431, "A request id header is longer than %d characters" % MAX_REQUEST_ID_CHARS)
        self._id = given or str(uuid.uuid4())
        return self._id

    def _declared_length(self):
        value = self.headers.get("Content-Length")
        if value is None:
            return None
        if not value.strip().isdigit():
            self.close_connection = True
            raise RequestError(400, "Content-Length is not a number: %r" % value)
        return int(value)

    def _too_large(self):
        self.close_connection = True  # the rest of the body is not read, so the connection cannot be reused
        return RequestError(413, "The request body is %d bytes or more: a scoring request must be smaller"
                                 % MAX_BODY_BYTES)

    def handle_expect_100(self):
        # A client that asks first (curl does above 1 MB) learns of the limit before it sends the body.
        try:
            length = self._declared_length()
        except RequestError as error:
            self._send_json(error.status, {"message": str(error)}, None)
            return False
        if length is not None and length >= MAX_BODY_BYTES:
            error = self._too_large()
            self._send_json(error.status, {"message": str(error)}, None)
            return False
        return super().handle_expect_100()

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = self._declared_length()
        if not length:
            return b""
        if length >= MAX_BODY_BYTES:
            raise self._too_large()
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True
            raise RequestError(400, "The request body ended after %d of %d bytes" % (len(body), length))
        return body

    def _read_chunked(self):
        parts, size = [], 0
        while True:
            line = self.rfile.readline(1026)
            try:
                chunk = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                self.close_connection = True
                raise RequestError(400, "Malformed chunked request body") from None
            if chunk == 0:
                while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            size += chunk
            if size >= MAX_BODY_BYTES:
                raise self._too_large()
            parts.append(self.rfile.read(chunk))
            self.rfile.readline(3)

    def _refuse_body_unless_read(self):
        # A route that takes no body still reads one that was sent, so the next request on the connection parses.
        if self.command in ("GET", "HEAD", "DELETE") and not self.headers.get("Content-Length") \
                and "chunked" not in self.headers.get("Transfer-Encoding", "").lower():
            return
        self._read_body()

    # --- responses ----------------------------------------------------------------------------

    def _send_json(self, status, value, request_id, extra=()):
        self._send(status, json.dumps(value).encode("utf-8"), "application/json", request_id, extra)

    def _send(self, status, body, content_type, request_id, extra=()):
        reason = self.responses.get(status, ("",))[0]
        lines = ["HTTP/1.1 %d %s" % (status, reason),
                 "Content-Type: " + content_type,
                 "Content-Length: %d" % len(body),
                 "x-ms-server-version: " + SERVER_VERSION]
        if request_id:
            lines += ["x-request-id: " + request_id, "x-ms-request-id: " + request_id]
        client_id = self.headers.get("x-ms-client-request-id") if self.headers else None
        if client_id and len(client_id) <= MAX_REQUEST_ID_CHARS:
            lines.append("x-ms-client-request-id: " + client_id)
        lines += ["%s: %s" % pair for pair in extra]
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        self.wfile.write(head if self.command == "HEAD" else head + body)

    def send_error(self, code, message=None, explain=None):
        # Malformed request lines and headers: the same JSON shape, in one write.
        self.close_connection = True
        if not hasattr(self, "headers"):
            self.headers = None
        self._send_json(code, {"message": message or self.responses.get(code, ("Error",))[0]}, None)

    def log_message(self, format, *args):
        pass  # no access log: run()'s own output and tracebacks are what the deployment's log shows


class ScoringServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, port, script=None, handler=ScoringHandler):
        super().__init__(("127.0.0.1", port), handler)
        self.script = script

    def handle_error(self, request, client_address):
        # A client that goes away mid-response is not the script's failure.
        if not isinstance(sys.exc_info()[1], (ConnectionError, socket.timeout)):
            super().handle_error(request, client_address)


def _query_parameters(query):
    """A GET /score query as azmlinfsrv passes it: values parsed as JSON when they are, repeated keys as lists."""
    parsed = {}
    for key, values in urllib.parse.parse_qs(query, keep_blank_values=True).items():
        decoded = [_json_or_text(value) for value in values]
        parsed[key] = decoded[0] if len(decoded) == 1 else decoded
    return parsed


def _json_or_text(value):
    try:
        return json.loads(value)
    except ValueError:
        return value


def _milliseconds(started):
    return "%.3f" % ((time.perf_counter() - started) * 1000)


def _log_traceback(request_id):
    sys.stderr.write("%s: run() failed\n%s" % (request_id, traceback.format_exc()))
    sys.stderr.flush()
