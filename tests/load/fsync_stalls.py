#!/usr/bin/env python3
"""How long fsync takes on this machine's disk, without ParIndex: two threads append and fsync, as a WAL and a
checkpoint would (docs/benchmarks.md, "Where SQLite's stalls come from").

    python3 tests/load/fsync_stalls.py [SECONDS] [MiB/s] [--wal-only] [--trace FILE]

Thread A writes chunk/4 every 10 ms, thread B writes a chunk every 50 ms (together about the MiB/s asked), each
write followed by fsync. Prints p50/p99/max fsync time per thread and every fsync over 200 ms with its clock time.
--wal-only runs thread A alone at the MiB/s asked: one small appending writer, nothing else on the disk from here
(`60 2 --wal-only` is a tenth of what SQLite's WAL takes at 2,000 submissions/s).
--trace FILE writes one line per fsync, "<start, Unix seconds> <duration, seconds>", as it happens: the load harness
(tests/load/ParIndex.Load) runs `--wal-only --trace` at a small rate beside each run to find the disk's stalls.
"""
import os, sys, tempfile, threading, time

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60
rate = float(sys.argv[2]) if len(sys.argv) > 2 else 11  # MiB/s in total
wal_only = "--wal-only" in sys.argv
trace_path = sys.argv[sys.argv.index("--trace") + 1] if "--trace" in sys.argv else None
trace = open(trace_path, "w", buffering=1) if trace_path else None
trace_lock = threading.Lock()
chunk = int(rate * 1024 * 1024 / (100 / 4 if wal_only else 20 + 100 / 4))  # B: 20 writes/s of chunk; A: 100 writes/s of chunk/4


def worker(path, size, period, out):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    buf, times, written, end = os.urandom(size), [], 0, time.time() + seconds
    while time.time() < end:
        t0 = time.time()
        os.write(fd, buf)
        os.fsync(fd)
        dt = time.time() - t0
        times.append((t0, dt))
        if trace:
            with trace_lock:
                trace.write(f"{t0:.6f} {dt:.6f}\n")
        written += size
        if written > 200 * 1024 * 1024:
            os.lseek(fd, 0, 0)
            written = 0
        if period > dt:
            time.sleep(period - dt)
    os.close(fd)
    os.remove(path)
    out[os.path.basename(path)] = times


folder = tempfile.mkdtemp(prefix="fsync-")
out = {}
threads = [threading.Thread(target=worker, args=(os.path.join(folder, "wal"), chunk // 4, 0.01, out)),
           threading.Thread(target=worker, args=(os.path.join(folder, "db"), chunk, 0.05, out))][: 1 if wal_only else 2]
for t in threads: t.start()
for t in threads: t.join()
os.rmdir(folder)
if trace: trace.close()
print(f"{seconds:.0f} s, about {rate:g} MiB/s written and fsynced")
for name, times in sorted(out.items()):
    d = sorted(dt for _, dt in times)
    slow = [time.strftime("%H:%M:%S", time.localtime(t)) + f" {dt * 1000:.0f} ms" for t, dt in times if dt > 0.2]
    print(f"{name}: {len(d)} fsyncs, p50 {d[len(d) // 2] * 1000:.1f} ms, p99 {d[int(len(d) * 0.99)] * 1000:.1f} ms, max {d[-1] * 1000:.1f} ms;"
          f" over 200 ms: {', '.join(slow) if slow else 'none'}")
