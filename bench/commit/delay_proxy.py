#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that adds a round-trip time to every connection through it.

`npm run bench:commit` streams each standby's WAL through one of these, because this kernel has
no netem qdisc to delay packets. Each byte is held for half the round-trip time in each
direction (primary -> standby carries WAL, standby -> primary carries the flush position the
primary waits for), so a synchronous commit waits one extra round trip.

Timing: a reader thread per direction stamps each chunk with its release time; a writer thread
sleeps until then (time.sleep is clock_nanosleep on Linux: tens of microseconds of slack, where a
Node timer has a 1 ms floor) and sends. Order within a direction is kept. The bench measures what
the proxy really adds with a ping-pong through it and reports that figure, not the setting.

The round-trip time is read from --delay-file (milliseconds, a float) every 20 ms, so one proxy
serves every step of the bench without a reconnect. Bounded: exits when its parent goes away or
after --max-seconds, whichever comes first; listens on 127.0.0.1 only and connects to 127.0.0.1 only.
Standard library only.
"""
import argparse
import collections
import os
import socket
import sys
import threading
import time

delay_s = 0.0


def watch_delay(path):
    global delay_s
    while True:
        try:
            with open(path) as f:
                delay_s = max(0.0, float(f.read().strip() or "0")) / 1000.0
        except (OSError, ValueError):
            pass
        time.sleep(0.02)


def pipe(src, dst):
    queue = collections.deque()
    ready = threading.Condition()
    closed = [False]

    def reader():
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                with ready:
                    queue.append((time.monotonic() + delay_s / 2, data))
                    ready.notify()
        except OSError:
            pass
        with ready:
            closed[0] = True
            ready.notify()

    def writer():
        try:
            while True:
                with ready:
                    while not queue and not closed[0]:
                        ready.wait()
                    if not queue:
                        break
                    due, data = queue.popleft()
                wait = due - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    threading.Thread(target=reader, daemon=True).start()
    threading.Thread(target=writer, daemon=True).start()


def serve(listen_port, target_port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", listen_port))
    server.listen(16)
    print(f"delay proxy 127.0.0.1:{listen_port} -> 127.0.0.1:{target_port}", flush=True)
    while True:
        client, _ = server.accept()
        try:
            upstream = socket.create_connection(("127.0.0.1", target_port), timeout=5)
        except OSError:
            client.close()
            continue
        upstream.settimeout(None)
        for s in (client, upstream):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        pipe(client, upstream)
        pipe(upstream, client)


def guard(parent, max_seconds):
    deadline = time.monotonic() + max_seconds
    while time.monotonic() < deadline and os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--listen", type=int, required=True)
    p.add_argument("--target", type=int, required=True)
    p.add_argument("--delay-file", required=True)
    p.add_argument("--max-seconds", type=float, default=1800)
    a = p.parse_args()
    threading.Thread(target=watch_delay, args=(a.delay_file,), daemon=True).start()
    threading.Thread(target=guard, args=(os.getppid(), a.max_seconds), daemon=True).start()
    try:
        serve(a.listen, a.target)
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
