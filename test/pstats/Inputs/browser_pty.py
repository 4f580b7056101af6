"""Drives `pstats -i DUMP` on a pseudo-terminal: the prompt, a command,
history recall with the up arrow, tab completion of a command and a sort
key, and Ctrl-D (EOF) at the prompt. Then `pstats` alone on a terminal:
the browser without statistics.

usage: browser_pty.py PSTATS DUMP     (run in the dump's directory)
Prints the checks that passed; exits 1 at the first failure.
"""
import os
import pty
import select
import subprocess
import sys
import time


def main():
    pstats, dump = sys.argv[1:3]
    session(pstats, dump)
    session(pstats, None)
    return 0


def session(pstats, dump):
    linked = subprocess.run(["ldd", pstats], stdout=subprocess.PIPE,
                            text=True).stdout
    editing = "libreadline" in linked or "libedit" in linked
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "dumb"
        os.environ["TZ"] = "UTC"
        os.environ.pop("INPUTRC", None)
        os.execv(pstats, [pstats, "-i", dump] if dump else [pstats])
    buf = b""

    def expect(what, timeout=20.0):
        nonlocal buf
        end = time.time() + timeout
        while what not in buf:
            left = end - time.time()
            if left <= 0:
                sys.stdout.write("TIMEOUT waiting for %r; got:\n%r\n" % (what, buf))
                sys.exit(1)
            r, _, _ = select.select([fd], [], [], left)
            if r:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    sys.stdout.write("EOF waiting for %r; got:\n%r\n" % (what, buf))
                    sys.exit(1)
                buf += chunk
        i = buf.index(what) + len(what)
        seen, buf = buf[:i], buf[i:]
        return seen

    expect(b"Welcome to the profile statistics browser.")
    if dump is None:  # plain `pstats` on a terminal
        expect(b"% ")
        os.write(fd, b"stats\n")
        assert b"No statistics object is loaded." in expect(b"% ")
        os.write(fd, b"quit\n")
        expect(b"Goodbye.")
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
        print("plain pstats on a terminal: ok")
        return
    prompt = (dump + "% ").encode()
    expect(prompt)
    print("prompt: ok")
    os.write(fd, b"stats 2\n")
    out = expect(prompt)
    assert b"List reduced from 6 to 2 due to restriction <2>" in out, out
    print("command: ok")
    if editing:
        os.write(fd, b"\x1b[A\n")  # up arrow: the previous line again
        out = expect(prompt)
        assert b"List reduced from 6 to 2 due to restriction <2>" in out, out
        print("history: ok")
        os.write(fd, b"sor\tstdn\t\n")  # -> "sort stdname"
        expect(prompt)
        os.write(fd, b"stats 1\n")
        out = expect(prompt)
        assert b"Ordered by: standard name" in out, out
        print("completion: ok")
    else:
        print("history: skipped (built without line editing)")
    os.write(fd, b"\x04")  # Ctrl-D: EOF
    expect(b"Goodbye.")
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    print("eof: ok")


if __name__ == "__main__":
    sys.exit(main())
