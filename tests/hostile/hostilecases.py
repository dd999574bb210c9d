"""The hostile inputs, as data: what each peer does. Shared by the vpop3ctl
and the applet halves of the suite, and by the table in docs/reliability.md."""

import hostileservers as hs

FT_2019 = b"01D5566C45837F00"  # 2019-08-19 08:58:30 UTC

NON_UTF8 = (
    b"1Verbindung zu mail.example.com \xfcber Modem\r\n"  # Windows-1252 ü
    b"0" + FT_2019 + b"Nachricht gel\xf6scht \x81 \xff\r\n"
    b"H" + b"Aufr\xe4umen\x00mit NUL\r\n"
    b"8" + b"7\tPOP3 Server (7)\tj\xfcrgen\t12\tRETR 1\r\n"
    b"421\t0\r\n"
)

REPLIES_NEVER_ASKED = b"+OK you never asked\r\n-ERR nor this\r\n421\t0\r\n"

SESSIONS_NEVER_END = b"".join(
    b"8%d\tIMAP4 Server (%d)\tuser%d@example.com\t%d\tIDLE\r\n" % (i, i, i, 86400 * 400 + i)
    for i in range(1, 6)
)

MANY_SESSIONS = 100000


def many_sessions():
    batch = []
    for i in range(MANY_SESSIONS):
        batch.append(b"8%d\tSMTP Server (%d)\t10.0.%d.%d\t%d\tDATA\r\n"
                     % (i, i, i // 256 % 256, i % 256, i))
        if len(batch) == 5000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch)


MANY_MAILBOXES = 100000


def many_mailboxes():
    batch = []
    for i in range(MANY_MAILBOXES):
        batch.append(b"Uuser%06d\t%d\t%d\r\n" % (i, i + 1, i % 3))
        if len(batch) == 5000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch)


# Per-user mailboxes (provisional type U) with names as long as a line may be,
# and longer: the first is kept (just under the 64 KiB cap), the second dropped.
LONG_USER = b"u" * 65000
MAILBOX_LONG_USERS = (
    b"U" + LONG_USER + b"\t4\t1\r\n"
    + b"U" + b"v" * (2 * hs.MB) + b"\t5\t0\r\n"
    + b"Ualice\t2\t0\r\n"
)

MAILBOX_HUGE_COUNTS = (
    b"Umallory\t99999999999999999999\t0\r\n"
    b"Umallory\t2147483648\t0\r\n"
    b"Umallory\t-1\t0\r\n"
    b"Uoscar\t3\t4294967296\r\n"
    b"Ucarol\t2147483647\t2147483647\r\n"  # the largest we take
)

MAILBOX_ESCAPES = (
    b"U\x1b]0;owned\x07mallory\x1b[2J\t3\t0\r\n"
    b"Uquote\"back\\slash\t1\t0\r\n"
)

OUT_OF_RANGE = (
    b"4-5\t0\r\n"
    b"499999999999999999999\t0\r\n"
    b"5\t\r\n"
    b"53\t-1\r\n"
    b"6101\t-\t0\r\n"
    b"421\t2\r\n"  # the one valid count, so the good survives the bad
)

FILETIMES = (
    b"2FFFFFFFFFFFFFFFF\r\n"  # year 60056
    b"27FFFFFFFFFFFFFFF\r\n"  # year 30828
    b"20000000000000001\r\n"  # 1601-01-01
    b"3FFFFFFFFFFFFFFFF\tok\r\n"
    b"0FFFFFFFFFFFFFFFFa log line from the far future\r\n"
    b"00000000000000001a log line from 1601\r\n"
    b"1Idle\r\n"
)

UNKNOWN_LINES = 1000000
# Under AddressSanitizer with the deep malloc stacks scripts/test asks for,
# the applet spends about 65 µs a line (66 s for the million): sanitized runs
# check for memory errors with a tenth of the volume.
UNKNOWN_LINES_SANITIZED = 100000


def unknown_lines_of(count):
    def unknown_lines():
        chunk = b"Zan update type nobody knows, number NNNNNNN\r\n" * 10000
        for _ in range(count // 10000):
            yield chunk
        yield b"1Idle\r\n"
    return unknown_lines


def ten_mb_line():
    yield b"1"
    for _ in range(10):
        yield b"y" * hs.MB
    yield b"\r\n1Idle\r\n421\t0\r\n"


def ten_mb_no_newline():
    yield b"1Idle\r\n"
    for _ in range(10):
        yield b"z" * hs.MB


ESCAPES = (b"1\x1b]0;owned\x07\x1b[31mRed alert\x1b[0m\r\n"
           b"M" + FT_2019 + b"\tmallory\t\x1b[2Jcleared your screen\r\n")
ESCAPE_GREETING = b"\x1b[2J\x1b]0;owned\x07Welcome\r\n"

IM_UNKNOWN_USER = b"M" + FT_2019 + b"\tnobody-we-know\tHello from nowhere\r\n1Idle\r\n"

HTTP_GREETING = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
SSH_GREETING = b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"
BINARY_GREETING = b"\x16\x03\x01\x00\x05\x00\xff\xfe\x00\x01\r\n"
NON_UTF8_GREETING = b"+OK VPOP3 Status Server Ready \xe0 vous <3.d28.51abf1c9>\r\n"
NUL_GREETING = b"+OK VPOP3 Status Server Ready <3.d28\x00.51abf1c9>\r\n"
TEN_MB_GREETING = b"+OK " + b"w" * (10 * hs.MB) + b"\r\n"


def behaviours(unknown_lines=UNKNOWN_LINES):
    """name -> (what the peer does, in words for the table; behaviour).
    @unknown_lines: how many lines the unknown-lines peer sends."""
    return {
        "plain": ("a well-behaved VPOP3 (the baseline)", hs.logged_in(b"1Idle\r\n421\t0\r\n")),
        "silent": ("accepts, never sends a greeting", hs.silent),
        "http": ("an HTTP server (VPOP3's own web port 5108): waits for a request", hs.http_server),
        "http-speaks": ("an HTTP reply as the first line", hs.says(HTTP_GREETING)),
        "tls": ("TLS on the port: a TLS server waiting for a ClientHello", hs.tls_server),
        "ssh": ("another service that speaks first (SSH banner)", hs.says(SSH_GREETING)),
        "binary": ("binary bytes with NULs as the first line", hs.says(BINARY_GREETING)),
        "closes": ("closes right after accepting", hs.closes_at_once),
        "deny": ("`-ERR VPOP3 Server access not allowed!` as greeting",
                 hs.says(b"-ERR VPOP3 Server access not allowed!\r\n")),
        "greeting-endless": ("a greeting that never ends (bytes forever, no line end)",
                             hs.endless_line),
        "greeting-drip": ("a greeting dripped a byte every 0.2 s, never finished",
                          hs.drips(b"+OK VPOP3 Status Server Ready <3.d28")),
        "greeting-10mb": ("a 10 MB greeting line", hs.says(TEN_MB_GREETING)),
        "greeting-no-challenge": ("a greeting without a challenge",
                                  hs.says(b"+OK VPOP3 Status Server Ready\r\n")),
        "greeting-non-utf8": ("a greeting with Windows-1252 bytes",
                              _greeting_then_login(NON_UTF8_GREETING)),
        "greeting-nul": ("a greeting with a NUL byte inside the challenge",
                         _greeting_then_login(NUL_GREETING)),
        "cr-only": ("CR-only line ends (greeting ends in a bare CR)", hs.cr_only),
        "login-refused": ("`-ERR` to the login", hs.refuses_login),
        "login-reply-drip": ("a login reply dripped, never finished", hs.login_reply_never_ends),
        "login-reply-endless": ("a login reply that never ends (bytes forever)",
                                hs.login_reply_endless),
        "login-reply-garbage": ("a login reply that is neither +OK nor -ERR",
                                _login_reply(b"HELLO THERE\r\n")),
        "unknown-build": ("a login reply with an unknown build (`+OK Logged in (Build x7)`)",
                          _login_reply(b"+OK Logged in (Build x7)\r\n1Idle\r\n")),
        "non-utf8": ("non-UTF-8 (Windows-1252) bytes and NULs in updates", hs.logged_in(NON_UTF8)),
        "replies": ("`+OK`/`-ERR` replies to commands never sent",
                    hs.logged_in(REPLIES_NEVER_ASKED)),
        "sessions-never-end": ("sessions that never end (400 days old, no `9` ever)",
                               hs.logged_in(SESSIONS_NEVER_END)),
        "many-sessions": (f"{MANY_SESSIONS:,} sessions at once", hs.logged_in(many_sessions)),
        "out-of-range": ("out-of-range counts (`4-5`, `499999999999999999999`, empty, negative)",
                         hs.logged_in(OUT_OF_RANGE)),
        "filetimes": ("FILETIMEs far in the future (year 30828, 60056) and past (1601)",
                      hs.logged_in(FILETIMES)),
        "unknown-lines": (f"{unknown_lines:,} lines of an unknown update type",
                          hs.logged_in(unknown_lines_of(unknown_lines))),
        "10mb-line": ("a 10 MB update line, then valid lines", hs.logged_in(ten_mb_line)),
        "10mb-no-newline": ("a 10 MB line with no line end, then the peer closes",
                            hs.logged_in(ten_mb_no_newline, then_close=True)),
        "escapes": ("terminal escape sequences (ESC, BEL) in updates", hs.logged_in(ESCAPES)),
        "greeting-escapes": ("terminal escape sequences in a stranger's greeting",
                             hs.says(ESCAPE_GREETING)),
        "im-unknown-user": ("an instant message from a user nobody knows",
                            hs.logged_in(IM_UNKNOWN_USER)),
        "mailbox-long-users": ("`U` lines with user names of 65,000 bytes and of 2 MB",
                               hs.logged_in(MAILBOX_LONG_USERS)),
        "mailbox-huge-counts": ("`U` lines with counts past 2³¹−1 and negative",
                                hs.logged_in(MAILBOX_HUGE_COUNTS)),
        "mailbox-escapes": ("`U` lines with escape sequences, quotes and backslashes in user names",
                            hs.logged_in(MAILBOX_ESCAPES)),
        "many-mailboxes": (f"{MANY_MAILBOXES:,} users' mailboxes (`U`) at once",
                           hs.logged_in(many_mailboxes)),
    }


def _greeting_then_login(greeting):
    def behaviour(conn, server):
        if not hs.send_all(conn, server, greeting) or hs.read_line(conn, server) is None:
            return
        with server.lock:
            server.logins += 1
        hs.send_all(conn, server, hs.LOGGED_IN + b"1Idle\r\n")
        hs.hold(conn, server)

    return behaviour


def _login_reply(reply):
    def behaviour(conn, server):
        hs.login(conn, server, reply)
        hs.hold(conn, server)

    return behaviour
