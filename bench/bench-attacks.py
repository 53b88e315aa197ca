#!/usr/bin/env python3
# bench-attacks.py: the hostile-client findings of issue 17, measured.
#
#   python3 bench/bench-attacks.py PATH/TO/limn-server [--idle-wait S]
#
# Starts the given limn-server on a loopback port chosen at run time, with
# a fresh data folder, and runs each attack against it in turn while
# sampling the server's resident memory (VmRSS, every 10 ms) from /proc:
#
#   unauth    5 connections without a valid token, each sending 7.9 MB of a
#             declared 8 MB body and then stalling
#   items×1   one 8 MiB {"items":[0,0,...]} from a valid annotator token
#   items×4   four of them in parallel
#   claims×4  four parallel claims padded to 8 MiB with spaces
#   rejected  one 10 KB batch of 5,000 items that are all refused, and the
#             bytes its stored answer takes in the database
#   idle      300 connections that connect and send nothing
#
# For each: peak RSS above the RSS just before it (and above the server's
# idle RSS at start), how many of the attack's connections the server
# still held afterwards and for how long (waiting at most 60 s; idle
# connections are counted after 5 s and after --idle-wait, 40 s by
# default, past the new server's 30 s idle timeout), what the server
# answered, and the bytes stored. Only loopback is ever contacted; every
# loop is bounded in count and time. Results are in bench/README.md.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
    sys.exit("usage: bench-attacks.py PATH/TO/limn-server [--idle-wait S]")
SERVER = os.path.abspath(sys.argv[1])
IDLE_WAIT = float(sys.argv[sys.argv.index("--idle-wait") + 1]) if "--idle-wait" in sys.argv else 40.0
HOLD_LIMIT = 60.0
N_IDLE = 300


def admin(data, *args):
    out = subprocess.run([SERVER, "admin", "--data", data] + list(args),
                         check=True, capture_output=True, text=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def rss_kb(pid, field="VmRSS"):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Sampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self):
        while self.running:
            try:
                self.peak = max(self.peak, rss_kb(self.pid))
            except OSError:
                return
            time.sleep(0.01)


def open_conns(port):
    """Established TCP connections to the server's port (from /proc/net/tcp)."""
    n = 0
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            parts = line.split()
            local, state = parts[1], parts[3]
            if state == "01" and int(local.split(":")[1], 16) == port:
                n += 1
    return n


def send_stalling(port, head, body_len, out):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(60)
    try:
        s.sendall(head)
        chunk = b"0" * 65536
        sent = 0
        while sent < body_len:
            n = min(len(chunk), body_len - sent)
            s.sendall(chunk[:n])
            sent += n
        out.append(("sent", sent, s))
    except OSError as e:
        out.append(("error", str(e), s))


def request(port, head, body, out):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(60)
    status = None
    try:
        s.sendall(head + body)
        reply = s.recv(256)
        status = reply.split(b" ")[1].decode() if reply.startswith(b"HTTP/") else "closed"
    except OSError as e:
        status = "error: %s" % e.__class__.__name__
    finally:
        s.close()
    out.append(status)


def held_for(port, baseline, limit=HOLD_LIMIT):
    """Seconds until the server holds no more than @baseline connections."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if open_conns(port) <= baseline:
            return time.monotonic() - start
        time.sleep(0.1)
    return limit


START_IDLE = [0]


def run(name, pid, port, fn):
    time.sleep(0.5)
    idle = rss_kb(pid)
    sampler = Sampler(pid)
    sampler.start()
    t0 = time.monotonic()
    info = fn()
    sampler.running = False
    sampler.join()
    after = rss_kb(pid)
    peak = max(sampler.peak, idle)
    print("%-9s before %6.1f MB  peak %7.1f MB (+%6.1f; +%6.1f over start)  after %7.1f MB  "
          "%5.1f s  %s" %
          (name, idle / 1024, peak / 1024, (peak - idle) / 1024,
           (peak - START_IDLE[0]) / 1024, after / 1024, time.monotonic() - t0, info), flush=True)
    return sampler.peak - idle


def main():
    data = tempfile.mkdtemp(prefix="limn-attacks-")
    labels = os.path.join(data, "labels.txt")
    with open(labels, "w") as f:
        f.write("Person\nCar\n")
    texts = os.path.join(data, "texts.jsonl")
    with open(texts, "w") as f:
        for i in range(20):
            f.write(json.dumps({"text": "text number %d" % i}) + "\n")
    project = admin(data, "project", "create", "--name", "A", "--labels", labels,
                    "--kind", "text")["project_id"]
    admin(data, "task", "add", "--project", project, "--texts", texts)
    admin(data, "user", "add", "--name", "mallory")
    token = admin(data, "token", "issue", "--user", "mallory", "--project", project,
                  "--role", "annotator")["token"]

    proc = subprocess.Popen([SERVER, "--data", data, "--listen", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    port = int(line.strip().rsplit(":", 1)[1])
    pid = proc.pid
    time.sleep(0.3)
    START_IDLE[0] = rss_kb(pid)
    print("%s, pid %d, idle VmRSS %.1f MB" % (SERVER, pid, START_IDLE[0] / 1024))

    def unauth():
        out, threads = [], []
        head = ("POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer limn_nope\r\n"
                "Idempotency-Key: attack-0001\r\nContent-Type: application/json\r\n"
                "Content-Length: 8000000\r\n\r\n").encode()
        for _ in range(5):
            t = threading.Thread(target=send_stalling, args=(port, head, 7900000, out))
            t.start()
            threads.append(t)
        for t in threads:
            t.join(70)
        sent = sum(o[1] for o in out if o[0] == "sent")
        at_end = open_conns(port)
        held = held_for(port, 0)
        for o in out:
            o[2].close()
        return "sent %.1f MB in all; %d connections held when sent, all gone %s" % (
            sent / 1e6, at_end, "%.1f s later" % held if held < HOLD_LIMIT
            else "only when the clients closed (still held after %d s)" % HOLD_LIMIT)

    def items(count, first):
        n = (8 * 1024 * 1024 - 13) // 2
        body = b'{"items":[' + b"0," * n + b"0]}"
        out, threads = [], []
        for i in range(first, first + count):
            head = ("POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                    "Idempotency-Key: items-%04d\r\nContent-Type: application/json\r\n"
                    "Content-Length: %d\r\nConnection: close\r\n\r\n" % (token, i, len(body))).encode()
            t = threading.Thread(target=request, args=(port, head, body, out))
            t.start()
            threads.append(t)
        for t in threads:
            t.join(120)
        return "body %.2f MiB ×%d, answers %s" % (len(body) / 1048576, count, sorted(out))

    def claims():
        body = b'{"count": 1' + b" " * (8 * 1024 * 1024 - 13) + b"}"
        out, threads = [], []
        for i in range(4):
            head = ("POST /api/v1/projects/%s/claims HTTP/1.1\r\nHost: x\r\n"
                    "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                    "Content-Length: %d\r\nConnection: close\r\n\r\n" % (project, token, len(body))).encode()
            t = threading.Thread(target=request, args=(port, head, body, out))
            t.start()
            threads.append(t)
        for t in threads:
            t.join(120)
        return "body %.2f MiB ×4, answers %s" % (len(body) / 1048576, sorted(out))

    def rejected():
        body = b'{"items":[' + b",".join([b"0"] * 5000) + b"]}"
        out = []
        head = ("POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                "Idempotency-Key: rejected-0001\r\nContent-Type: application/json\r\n"
                "Content-Length: %d\r\nConnection: close\r\n\r\n" % (token, len(body))).encode()
        request(port, head, body, out)
        db = sqlite3.connect("file:%s?mode=ro" % os.path.join(data, "limn-server.db"), uri=True)
        stored = db.execute("SELECT coalesce(sum(length(body)), 0) FROM idempotency "
                            "WHERE key = 'rejected-0001'").fetchone()[0]
        db.close()
        return "body %d B, answer %s, stored answer %d B" % (len(body), out[0], stored)

    def idle():
        socks = []
        try:
            for _ in range(N_IDLE):
                socks.append(socket.create_connection(("127.0.0.1", port)))
            time.sleep(5)
            at5 = open_conns(port)
            time.sleep(max(IDLE_WAIT - 5, 0))
            later = open_conns(port)
        finally:
            for s in socks:
                s.close()
        return "%d idle connections: held %d after 5 s, %d after %.0f s" % (
            N_IDLE, at5, later, IDLE_WAIT)

    try:
        run("unauth", pid, port, unauth)
        run("items×1", pid, port, lambda: items(1, 0))
        run("items×4", pid, port, lambda: items(4, 1))
        run("claims×4", pid, port, claims)
        run("rejected", pid, port, rejected)
        run("idle", pid, port, idle)
        print("database and WAL after the run: %d B" % sum(
            os.path.getsize(os.path.join(data, f)) for f in os.listdir(data)
            if f.startswith("limn-server.db")))
        print("VmHWM (peak over the whole run) %.1f MB" % (rss_kb(pid, "VmHWM") / 1024))
    finally:
        proc.terminate()
        proc.wait(30)
        subprocess.run(["rm", "-rf", data])


if __name__ == "__main__":
    main()
