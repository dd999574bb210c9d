"""Network namespaces, veth pairs and the programs that run in them, for the
faults suite (tests/faults/test-faults.py).

Every server runs in a network namespace of its own, joined to the root
namespace by a veth pair that the test creates; the clients run in the root
namespace. Addresses are link-local (169.254.0.0/16), one /30 per pair: the
traffic never leaves the pairs. Names carry the test's process id, so that a
sweep at the end finds whatever a crashed run left behind.
"""

import os
import shutil
import signal
import socket
import subprocess
import threading
import time

# 169.254.0.x and 169.254.255.x are reserved (RFC 3927).
OCTETS = range(2, 254)
SERVER_PORT = 5109
NS_PREFIX = "vpop3-flt-"
LINK_PREFIX = "vf"


def run(*args, check=True):
    return subprocess.run(args, capture_output=True, text=True, check=check, timeout=30)


def why_not_supported():
    """None when namespaces and veth pairs can be made here, else the reason."""
    if os.geteuid() != 0:
        return "not root: network namespaces need CAP_NET_ADMIN"
    if shutil.which("ip") is None:
        return "no ip command (iproute2)"
    probe = f"{NS_PREFIX}probe-{os.getpid()}"
    try:
        made = run("ip", "netns", "add", probe, check=False)
        if made.returncode != 0:
            return f"cannot create a network namespace: {made.stderr.strip()}"
        # Inside the probe namespace, so that the names clash with nothing.
        made = run("ip", "netns", "exec", probe, "ip", "link", "add", "probe0", "type", "veth",
                   "peer", "name", "probe1", check=False)
        if made.returncode != 0:
            return f"cannot create a veth pair: {made.stderr.strip()}"
    finally:
        run("ip", "netns", "del", probe, check=False)
    return None


def free_octet(tag):
    """A third octet of 169.254.0.0/16 that no address of the root namespace
    uses, starting from one derived from @tag so that concurrent runs differ."""
    used = run("ip", "-4", "-o", "addr", "show").stdout
    start = int(tag) % len(OCTETS)
    for i in range(len(OCTETS)):
        octet = OCTETS[(start + i) % len(OCTETS)]
        if f" 169.254.{octet}." not in used:
            return octet
    raise RuntimeError("every 169.254.X.0/24 is in use")


def sweep(tag):
    """Removes the namespaces and links of run @tag, and ends the processes
    still inside those namespaces (only ours can be there)."""
    for line in run("ip", "netns", "list", check=False).stdout.splitlines():
        name = line.split()[0] if line.split() else ""
        if name.startswith(f"{NS_PREFIX}{tag}-"):
            kill_namespace_pids(name)
            run("ip", "netns", "del", name, check=False)
    for line in run("ip", "-o", "link", "show", check=False).stdout.splitlines():
        parts = line.split(": ")
        if len(parts) > 1:
            name = parts[1].split("@")[0]
            if name.startswith(f"{LINK_PREFIX}{tag}-"):
                run("ip", "link", "del", name, check=False)


def kill_namespace_pids(ns):
    pids = run("ip", "netns", "pids", ns, check=False).stdout.split()
    for pid in pids:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass


class Net:
    """A server namespace and its veth pair: @client_addr on the root side,
    @server_addr inside. down() is the silent fault: the server's end goes
    down, so nothing (no FIN, no RST) ever comes back."""

    def __init__(self, tag, octet, index):
        self.ns = f"{NS_PREFIX}{tag}-{index}"
        self.outer = f"{LINK_PREFIX}{tag}-{index}a"
        self.inner = f"{LINK_PREFIX}{tag}-{index}b"
        self.client_addr = f"169.254.{octet}.{4 * index + 1}"
        self.server_addr = f"169.254.{octet}.{4 * index + 2}"
        self.processes = []
        self.made = False

    def create(self):
        self.made = True
        run("ip", "netns", "add", self.ns)
        run("ip", "link", "add", self.outer, "type", "veth", "peer", "name", self.inner)
        run("ip", "link", "set", self.inner, "netns", self.ns)
        run("ip", "addr", "add", f"{self.client_addr}/30", "dev", self.outer)
        run("ip", "link", "set", self.outer, "up")
        self.exec_("ip", "addr", "add", f"{self.server_addr}/30", "dev", self.inner)
        self.exec_("ip", "link", "set", "lo", "up")
        self.up()
        return self

    def exec_(self, *args):
        return run("ip", "netns", "exec", self.ns, *args)

    def down(self):
        self.exec_("ip", "link", "set", self.inner, "down")

    def up(self):
        self.exec_("ip", "link", "set", self.inner, "up")

    def popen(self, args, **kwargs):
        process = subprocess.Popen(["ip", "netns", "exec", self.ns, *args], **kwargs)
        self.processes.append(process)
        return process

    def close(self):
        if not self.made:
            return
        self.made = False
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    pass
        kill_namespace_pids(self.ns)
        run("ip", "link", "del", self.outer, check=False)
        run("ip", "netns", "del", self.ns, check=False)


def unacknowledged(server_addr, port=SERVER_PORT):
    """Bytes sent and not yet acknowledged on each TCP connection of the root
    namespace to @server_addr:@port (the tx_queue of /proc/net/tcp)."""
    packed = socket.inet_aton(server_addr)
    remote = f"{int.from_bytes(packed, 'little'):08X}:{port:04X}"
    queued = []
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            # st 01 is ESTABLISHED.
            if fields[2] == remote and fields[3] == "01":
                queued.append(int(fields[4].split(":")[0], 16))
    return queued


class Lines:
    """Reads a process's output line by line in a thread and keeps each line
    with the time.monotonic() it arrived at."""

    def __init__(self, stream):
        self.lines = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        for line in stream:
            with self.lock:
                self.lines.append((time.monotonic(), line.rstrip("\n")))

    def snapshot(self):
        with self.lock:
            return list(self.lines)

    def find(self, predicate, start=0):
        """(index, time, text) of the first line from @start for which
        @predicate(text) holds, or None."""
        for index, (when, text) in enumerate(self.snapshot()[start:], start):
            if predicate(text):
                return index, when, text
        return None

    def count(self, predicate):
        return sum(1 for _, text in self.snapshot() if predicate(text))


class NsSimulator:
    """vpop3-simulator inside @net's namespace, on its server address, driven
    through its control channel (trayharness.simulator_stats() reads it)."""

    def __init__(self, net, path, extra=()):
        self.process = net.popen(
            [path, "--listen", net.server_addr, "--port", str(SERVER_PORT), "--scenario", "quiet",
             "--control", *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )
        first = self.process.stdout.readline().strip()
        if not first.endswith(f":{SERVER_PORT}"):
            raise RuntimeError(f"the simulator did not start: {first!r}")

    def control(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def stop(self):
        if self.process.poll() is None:
            try:
                self.control("quit")
                self.process.wait(10)
            except (BrokenPipeError, ValueError, subprocess.TimeoutExpired):
                self.process.kill()


# A scripted server for the phases the simulator cannot be stopped in: it
# greets every connection, reads the login line and says so on its standard
# output ("login N"); with "burst" it then accepts the login and sends a log
# line every BURST_PERIOD_S, saying "burst N I" after each. It ends when its
# standard input closes, and by itself after SERVE_MAX_S in any case.
GREETING = b"+OK VPOP3 Status Server Ready <3.d28.51abf1c9>\r\n"
BURST_PERIOD_S = 0.2
BURST_LINES_MAX = 2000
SERVE_MAX_S = 600


def filetime_hex():
    """Now as a Windows FILETIME (100 ns since 1601) in the 16 hex digits
    VPOP3 puts in front of a log line."""
    return f"{int((time.time() + 11644473600) * 10_000_000):016X}"


def serve(mode, address, port):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((address, port))
    listener.listen(8)
    print("listening", flush=True)
    lock = threading.Lock()

    def say(text):
        with lock:
            print(text, flush=True)

    def session(conn, number):
        with conn:
            conn.sendall(GREETING)
            pending = b""
            while b"\n" not in pending:
                data = conn.recv(4096)
                if not data:
                    return
                pending += data
            say(f"login {number}")
            if mode == "burst":
                conn.sendall(b"+OK Logged in OK (Build 2886)\r\nP111111\r\n1Idle\r\n")
                for i in range(1, BURST_LINES_MAX + 1):
                    conn.sendall(f"0{filetime_hex()}Burst line {i}, sent slowly\r\n".encode())
                    say(f"burst {number} {i}")
                    time.sleep(BURST_PERIOD_S)
            # Stays silent, the connection open, until the test ends.
            while conn.recv(4096):
                pass

    def accept():
        number = 0
        while True:
            conn, _ = listener.accept()
            number += 1
            threading.Thread(target=session, args=(conn, number), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    stopper = threading.Thread(target=lambda: os.read(0, 1), daemon=True)
    stopper.start()
    stopper.join(SERVE_MAX_S)
