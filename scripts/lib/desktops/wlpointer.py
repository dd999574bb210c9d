"""A pointer for a headless wlroots compositor, which has no input device:
a minimal Wayland client, written from the wire format, of the
zwlr_virtual_pointer_manager_v1 protocol (wlr-protocols' virtual pointer).
sway's own `seat seat0 cursor press` does not reach clients there: with no
pointer device the seat has no pointer capability, so no client binds
wl_pointer. This device gives it one, for as long as the connection lives.

Wire format: each message is the object id (u32), then (size << 16 | opcode)
(u32), then the arguments, 32-bit aligned; strings are a u32 length
(with the NUL) and the bytes padded to 4.
"""

import os
import socket
import struct
import time

# Requests, by interface: their opcodes, in the protocols' order.
WL_DISPLAY_SYNC, WL_DISPLAY_GET_REGISTRY = 0, 1
WL_REGISTRY_BIND = 0
MANAGER_CREATE_VIRTUAL_POINTER = 0
POINTER_MOTION_ABSOLUTE, POINTER_BUTTON, POINTER_FRAME = 1, 2, 4
# Events.
WL_DISPLAY_ERROR = 0
WL_REGISTRY_GLOBAL = 0
WL_CALLBACK_DONE = 0

MANAGER = "zwlr_virtual_pointer_manager_v1"
# Linux input event codes of the buttons.
BUTTONS = {1: 0x110, 2: 0x112, 3: 0x111}


def string(text):
    data = text.encode() + b"\0"
    return struct.pack("<I", len(data)) + data + b"\0" * (-len(data) % 4)


class VirtualPointer:
    """Connects to the compositor at $XDG_RUNTIME_DIR/@display and makes a
    virtual pointer over an output layout of @width x @height."""

    def __init__(self, runtime_dir, display, width, height):
        self.width, self.height = width, height
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(os.path.join(runtime_dir, display))
        self.buffer = b""
        self.next_id = 2  # 1 is wl_display
        self.registry = self.new_id()
        self.send(1, WL_DISPLAY_GET_REGISTRY, struct.pack("<I", self.registry))
        globals_ = {}
        for obj, opcode, body in self.roundtrip():
            if obj == self.registry and opcode == WL_REGISTRY_GLOBAL:
                name = struct.unpack_from("<I", body)[0]
                length = struct.unpack_from("<I", body, 4)[0]
                interface = body[8:8 + length - 1].decode()
                version = struct.unpack_from("<I", body, 8 + length + (-length % 4))[0]
                globals_[interface] = (name, version)
        if MANAGER not in globals_:
            raise RuntimeError(f"the compositor offers no {MANAGER}")
        name, _version = globals_[MANAGER]
        self.manager = self.new_id()
        self.send(self.registry, WL_REGISTRY_BIND,
                  struct.pack("<I", name) + string(MANAGER) + struct.pack("<II", 1, self.manager))
        self.pointer = self.new_id()
        # No seat: the compositor's default one.
        self.send(self.manager, MANAGER_CREATE_VIRTUAL_POINTER, struct.pack("<II", 0, self.pointer))
        self.roundtrip()

    def new_id(self):
        self.next_id += 1
        return self.next_id - 1

    def send(self, obj, opcode, args=b""):
        self.sock.sendall(struct.pack("<II", obj, (8 + len(args)) << 16 | opcode) + args)

    def roundtrip(self):
        """Sends wl_display.sync and returns the events read until it is done."""
        callback = self.new_id()
        self.send(1, WL_DISPLAY_SYNC, struct.pack("<I", callback))
        events = []
        while True:
            while len(self.buffer) < 8:
                data = self.sock.recv(4096)
                if not data:
                    raise RuntimeError("the compositor closed the connection")
                self.buffer += data
            obj, word = struct.unpack_from("<II", self.buffer)
            size = word >> 16
            while len(self.buffer) < size:
                self.buffer += self.sock.recv(4096)
            body, self.buffer = self.buffer[8:size], self.buffer[size:]
            if obj == 1 and word & 0xFFFF == WL_DISPLAY_ERROR:
                raise RuntimeError(f"Wayland protocol error: {body!r}")
            if obj == callback and word & 0xFFFF == WL_CALLBACK_DONE:
                return events
            events.append((obj, word & 0xFFFF, body))

    @staticmethod
    def now_ms():
        return int(time.monotonic() * 1000) & 0xFFFFFFFF

    def move(self, x, y):
        self.send(self.pointer, POINTER_MOTION_ABSOLUTE,
                  struct.pack("<IIIII", self.now_ms(), int(x), int(y), self.width, self.height))
        self.send(self.pointer, POINTER_FRAME)
        self.roundtrip()

    def click(self, x, y, button=1):
        """Moves to (x, y) and presses and releases @button (1 left, 2 middle,
        3 right)."""
        self.move(x, y)
        for state in (1, 0):
            self.send(self.pointer, POINTER_BUTTON,
                      struct.pack("<III", self.now_ms(), BUTTONS[button], state))
            self.send(self.pointer, POINTER_FRAME)
        self.roundtrip()

    def close(self):
        self.sock.close()
