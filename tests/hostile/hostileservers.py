"""Hostile peers for the hostile-input suite: small TCP servers on 127.0.0.1
that each misbehave in one way, for vpop3ctl and the applet to meet.

Each behaviour is a function (conn, server) run in its own thread for every
accepted connection. The server counts connections (with the time each was
accepted) and login lines, so that a test can tell whether and when a client
retried.
"""

import http.server
import os
import select
import socket
import ssl
import subprocess
import tempfile
import threading
import time

GREETING = b"+OK VPOP3 Status Server Ready <3.d28.51abf1c9>\r\n"
LOGGED_IN = b"+OK Logged in OK (Build 2886)\r\n"
MB = 1024 * 1024


class Server:
    """Listens on 127.0.0.1 (any free port) and runs @behaviour per connection."""

    def __init__(self, behaviour):
        self.behaviour = behaviour
        self.stopping = threading.Event()
        self.connections = 0
        # time.monotonic() of each accept, taken before the behaviour runs (so
        # before the client can see anything the peer does)
        self.accepted_at = []
        self.logins = 0
        self.lock = threading.Lock()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.threads = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with self.lock:
                self.accepted_at.append(time.monotonic())
                self.connections += 1
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _serve(self, conn):
        try:
            conn.settimeout(0.2)
            self.behaviour(conn, self)
        except (OSError, ssl.SSLError):
            pass  # the client went away: that is its right
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def stop(self):
        self.stopping.set()
        self.listener.close()
        self.thread.join(2)
        for thread in self.threads:
            thread.join(2)


# Building blocks -------------------------------------------------------------------


def read_line(conn, server, limit=4096):
    """One line from the client, or None at EOF or when the server stops."""
    data = b""
    while not server.stopping.is_set():
        try:
            byte = conn.recv(1)
        except socket.timeout:
            continue
        if not byte:
            return None
        data += byte
        if byte == b"\n" or len(data) >= limit:
            return data
    return None


def send_all(conn, server, data):
    """Sends @data, giving up when the server stops (a client that stopped reading)."""
    view = memoryview(data)
    while view and not server.stopping.is_set():
        try:
            sent = conn.send(view)
        except socket.timeout:
            continue
        view = view[sent:]
    return not view


def hold(conn, server):
    """Keeps the connection open, answering nothing, until QUIT, EOF or stop."""
    while True:
        line = read_line(conn, server)
        if line is None or line.startswith(b"QUIT"):
            return


def wait_until_stopped(server):
    while not server.stopping.is_set():
        time.sleep(0.05)


def login(conn, server, reply=LOGGED_IN):
    """Greets, reads the login line (never checked: these are not the tests of
    the digest) and answers it."""
    if not send_all(conn, server, GREETING):
        return False
    if read_line(conn, server) is None:
        return False
    with server.lock:
        server.logins += 1
    return send_all(conn, server, reply)


def mid_line_pieces(chunks):
    """@chunks cut anew so that every piece but the last ends inside a line.
    Between two pieces the client then holds part of a line, so however long
    this sender pauses (a busy machine), the client cannot take the pause for
    the end of the burst (vpop3ctl status: --settle never expires mid-line)."""
    held = b""
    for chunk in chunks:
        data = held + chunk
        # At least the last byte is held back, so that there is always a
        # next piece to start inside the line this one stops in.
        cut = len(data) - 1
        while cut > 0 and data[cut - 1:cut] in (b"\r", b"\n"):
            cut -= 1
        if cut > 0:
            yield data[:cut]
        held = data[cut:]
    if held:
        yield held


def logged_in(payload, then_close=False):
    """A VPOP3 that logs the client in, pushes @payload (bytes, or a function
    returning an iterable of byte chunks), then holds the line or closes it.
    The login reply goes out with the start of the payload, and the payload in
    pieces that end inside a line (see mid_line_pieces), as one burst."""

    def behaviour(conn, server):
        pieces = mid_line_pieces(payload() if callable(payload) else [payload])
        if not login(conn, server, LOGGED_IN + next(pieces, b"")):
            return
        for piece in pieces:
            if not send_all(conn, server, piece):
                return
        if then_close:
            conn.shutdown(socket.SHUT_RDWR)
            return
        hold(conn, server)

    return behaviour


# The hostile peers ----------------------------------------------------------------


def silent(conn, server):
    """Accepts and never says a word (a VPOP3 that hangs; a firewall's tarpit)."""
    wait_until_stopped(server)


def closes_at_once(conn, server):
    conn.shutdown(socket.SHUT_RDWR)


def says(data):
    """Sends @data as its first words, then waits. A line the client sends
    back, but for a polite QUIT, counts as a login (what a client that took
    @data for a greeting would send)."""

    def behaviour(conn, server):
        if not send_all(conn, server, data):
            return
        while (line := read_line(conn, server)) is not None:
            if not line.startswith(b"QUIT"):
                with server.lock:
                    server.logins += 1

    return behaviour


def says_then_closes(data):
    def behaviour(conn, server):
        send_all(conn, server, data)
        conn.shutdown(socket.SHUT_RDWR)

    return behaviour


def endless_line(conn, server):
    """Bytes forever and never a line end."""
    chunk = b"x" * 65536
    while send_all(conn, server, chunk):
        pass


def drips(data, interval=0.2):
    """Sends @data a byte at a time, slowly, forever (a line that never ends)."""

    def behaviour(conn, server):
        for byte in data:
            if server.stopping.is_set():
                return
            send_all(conn, server, bytes([byte]))
            time.sleep(interval)
        while not server.stopping.is_set():
            send_all(conn, server, b"x")
            time.sleep(interval)

    return behaviour


def login_reply_never_ends(conn, server):
    """Greets, takes the login, then starts a reply and never finishes it."""
    if not send_all(conn, server, GREETING) or read_line(conn, server) is None:
        return
    with server.lock:
        server.logins += 1
    drips(b"+OK Logged in OK (Build 2886")(conn, server)


def login_reply_endless(conn, server):
    """Greets, takes the login, then answers with bytes forever."""
    if not send_all(conn, server, GREETING) or read_line(conn, server) is None:
        return
    with server.lock:
        server.logins += 1
    send_all(conn, server, b"+OK ")
    endless_line(conn, server)


def cr_only(conn, server):
    """A VPOP3 whose lines end in CR alone (an old Mac-style peer)."""
    if not send_all(conn, server, GREETING.replace(b"\r\n", b"\r")):
        return
    hold(conn, server)


def refuses_login(conn, server):
    login(conn, server, b"-ERR Invalid username or password\r\n")
    hold(conn, server)


class _QuietHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<html><body>VPOP3 WebMail</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def http_server(conn, server):
    """A real HTTP/1.1 server (as VPOP3's web server on 5108): it waits for a
    request, as HTTP servers do, and answers a stray line with 400."""
    conn.settimeout(None)
    _QuietHandler(conn, ("127.0.0.1", 0), None)


_tls_context = None


def _tls():
    """A server-side TLS context with a throw-away self-signed certificate."""
    global _tls_context
    if _tls_context is None:
        folder = tempfile.mkdtemp(prefix="vpop3-hostile-tls-")
        key, cert = os.path.join(folder, "key.pem"), os.path.join(folder, "cert.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        _tls_context = context
        for path in (key, cert):
            os.unlink(path)
        os.rmdir(folder)
    return _tls_context


def tls_server(conn, server):
    """TLS on the port (a VPOP3 behind stunnel, say): waits for a ClientHello,
    and answers anything else with a TLS alert."""
    while not server.stopping.is_set():
        readable, _, _ = select.select([conn], [], [], 0.2)
        if readable:
            break
    else:
        return
    conn.settimeout(5)
    tls = _tls().wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
    try:
        tls.do_handshake()
    except (ssl.SSLError, OSError):
        pass
