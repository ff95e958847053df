#!/usr/bin/env python3
"""Start-up to the first prompt, in a pseudo-terminal, against an empty .NET console program.

usage: measure-startup.py MMDSL_COMMAND... [--empty EMPTY_COMMAND...] [--runs N]

Each program is started N times in a fresh pseudo-terminal; the clock stops when its first
output is read: mmdsl's prompt ('> '), the empty program's one line. Prints the median and the
quartiles of each, and their ratio (the budget of design.md: at most 2). On a busy machine the
wall clock wanders; the CPU time the process had used by then (all its threads) is printed too.
"""
import os, pty, select, statistics, sys, tempfile, time

HISTORY = os.path.join(tempfile.mkdtemp(prefix="mmdsl-startup-"), "history")

def cpu_ms(pid):
    """CPU time used so far by every thread of pid, from /proc (0 once the process is gone)."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return total / 1e6

def once(argv, marker, timeout=30.0):
    env = dict(os.environ, TERM=os.environ.get("TERM", "xterm"), MMDSL_HISTORY=HISTORY)
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    seen = b""
    try:
        while marker not in seen:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                raise TimeoutError(f"{argv}: no {marker!r} after {timeout}s: {seen!r}")
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
        wall = time.perf_counter() - start
        return wall * 1000, cpu_ms(pid)
    finally:
        try:
            os.write(fd, b"\x04")
        except OSError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)

def summary(argv, results):
    wall = statistics.quantiles(sorted(r[0] for r in results), n=4)
    cpu = statistics.quantiles(sorted(r[1] for r in results), n=4)
    print(f"{' '.join(argv)}: wall median {wall[1]:.0f} ms (quartiles {wall[0]:.0f}-{wall[2]:.0f}), "
          f"cpu median {cpu[1]:.0f} ms (quartiles {cpu[0]:.0f}-{cpu[2]:.0f}), {len(results)} runs")
    return wall[1], cpu[1]

def main():
    args = sys.argv[1:]
    runs = 20
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    empty = None
    if "--empty" in args:
        i = args.index("--empty")
        empty = args[i + 1:]
        args = args[:i]
    # Warm the disk cache, then take turns, so that both see the same load on the machine.
    once(args, b"> ")
    if empty:
        once(empty, b"\n")
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(once(args, b"> "))
        if empty:
            theirs.append(once(empty, b"\n"))
    mmdsl = summary(args, mine)
    if empty:
        base = summary(empty, theirs)
        print(f"ratio: wall {mmdsl[0] / base[0]:.2f}, cpu {mmdsl[1] / base[1]:.2f} (budget 2.00)")

main()
