#!/usr/bin/env python3
"""tests/win/crt/pty_conio.py - runs the conio test application on a
pseudo-terminal: waits until the application has switched the terminal to
non-canonical mode (it reads a key), types the key, and checks that the key
was not echoed, that each read returned it and that the terminal's mode was
restored.  Usage: pty_conio.py NTIO APP"""
import os
import select
import subprocess
import sys
import termios
import time

ntio, app = sys.argv[1], sys.argv[2]
master, slave = os.openpty()
proc = subprocess.Popen([ntio, "run", "--", app, "tty"], stdin=slave, stdout=slave,
                        stderr=slave, close_fds=True, start_new_session=True)
output = b""


def read_until(text, timeout=20):
    global output
    deadline = time.time() + timeout
    while text.encode() not in output:
        if time.time() > deadline:
            sys.exit("pty conio: FAIL: timed out waiting for %r; output so far:\n%s"
                     % (text, output.decode(errors="replace")))
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                output += os.read(master, 4096)
            except OSError:
                break


def type_when_raw(data, timeout=20):
    """Types data once the terminal is in non-canonical mode without echo."""
    deadline = time.time() + timeout
    while True:
        lflag = termios.tcgetattr(slave)[3]
        if not (lflag & termios.ICANON) and not (lflag & termios.ECHO):
            break
        if time.time() > deadline:
            sys.exit("pty conio: FAIL: the terminal never left canonical mode")
        time.sleep(0.01)
    os.write(master, data)


read_until("ready")
type_when_raw(b"x")
read_until("restored")
read_until("poll")
type_when_raw(b"k")
read_until("kbhit got")
read_until("wide")
type_when_raw("\u00e9".encode())
read_until("getwch")
read_until("\n", 5)
proc.wait(timeout=30)
time.sleep(0.1)
while select.select([master], [], [], 0)[0]:
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    output += chunk

text = output.decode(errors="replace").replace("\r\n", "\n")
print(text)
expected = [
    "canonical 1 echo 1",
    "got x restored 1",
    "kbhit got k restored 1",
    "getwch 00E9 restored 1",
]
failed = [line for line in expected if line not in text]
lflag = termios.tcgetattr(slave)[3]
if not (lflag & termios.ICANON) or not (lflag & termios.ECHO):
    failed.append("terminal left in canonical mode with echo")
# The keys must not have been echoed by the terminal.
if "x\ngot" in text or "xgot" in text:
    failed.append("key echoed")
if proc.returncode != 0:
    failed.append("exit status %d" % proc.returncode)
if failed:
    print("pty conio: FAIL: " + "; ".join(failed))
    sys.exit(1)
print("pty conio: all passed")
