#!/usr/bin/env python3
"""Runs `arpdoctor analyze` (every evidence reader) on mutated real evidence for a fixed time.

A case fails when the exit code is not 0, 1 or 2, when stderr has "unexpected error" or a stack trace,
when it runs longer than the per-case timeout (a hang), or when its peak memory passes the bound.
Usage: fuzz.py SECONDS SEED ARPDOCTOR_CMD... ; seeds come from the test projects' TestData folders.
"""
import os, random, re, resource, subprocess, sys, tempfile, time

seconds, seed, cmd = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
seeds = []
for folder in ("tests/ArpDoctor.Core.Tests/TestData", "tests/ArpDoctor.Cli.Tests/TestData", "tests/ArpDoctor.Linux.Tests/TestData"):
    d = os.path.join(root, folder)
    if os.path.isdir(d):
        seeds += [os.path.join(d, f) for f in sorted(os.listdir(d)) if os.path.isfile(os.path.join(d, f))]
rng = random.Random(seed)
NASTY = [b"1e300", b"-1", b"NaN", b"Infinity", b"9999", b"99999999999999999999", b"0", b"\x00", b"\x1b[31m",
         b"255.255.255.255", b"0.0.0.0", b"ff:ff:ff:ff:ff:ff", b"\r\n", b"\n\n\n", b"{", b"}", b"\"", b"-", b":"]
NUMBER = re.compile(rb"\d+(\.\d+)?")

def mutate(data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        if not data:
            data += rng.choice(NASTY); continue
        at = rng.randrange(len(data))
        if op == 0:   # flip a byte
            data[at] = rng.randrange(256)
        elif op == 1: # replace a number with a nasty one
            numbers = list(NUMBER.finditer(bytes(data)))
            if numbers:
                m = rng.choice(numbers)
                data[m.start():m.end()] = rng.choice(NASTY)
        elif op == 2: # insert a nasty token
            data[at:at] = rng.choice(NASTY)
        elif op == 3: # cut
            del data[at:]
        elif op == 4: # duplicate a slice
            end = min(len(data), at + rng.randint(1, 400))
            data[at:at] = data[at:end] * rng.randint(1, 50)
        else:         # delete a slice
            del data[at:at + rng.randint(1, 64)]
    return bytes(data)

MEMORY_BOUND_KB = 512 * 1024
PER_CASE = 20.0
cases = crashes = hangs = oversize = 0
exits = {}
failures = []
deadline = time.time() + seconds
with tempfile.TemporaryDirectory(prefix="arpdoctor-fuzz-") as tmp:
    while time.time() < deadline:
        source = rng.choice(seeds)
        with open(source, "rb") as f:
            data = mutate(f.read())
        path = os.path.join(tmp, f"case{cases}{os.path.splitext(source)[1]}")
        with open(path, "wb") as f:
            f.write(data)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        try:
            p = subprocess.run([*cmd, "analyze", path], capture_output=True, timeout=PER_CASE)
            code, err = p.returncode, p.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            code, err = "hang", ""
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        cases += 1
        exits[code] = exits.get(code, 0) + 1
        bad = None
        if code == "hang":
            hangs += 1; bad = "hang"
        elif code not in (0, 1, 2) or "unexpected error" in err or "   at " in err:
            crashes += 1; bad = f"exit {code}: {err.strip()[:200]}"
        elif peak > MEMORY_BOUND_KB and peak > before:
            oversize += 1; bad = f"peak {peak} KB"
        if bad:
            keep = os.path.join(root, "artifacts", "fuzz", f"seed{seed}-case{cases}{os.path.splitext(source)[1]}")
            os.makedirs(os.path.dirname(keep), exist_ok=True)
            with open(keep, "wb") as f:
                f.write(data)
            failures.append(f"{os.path.basename(source)} -> {keep}: {bad}")
print(f"cases {cases}, crashes {crashes}, hangs {hangs}, over {MEMORY_BOUND_KB // 1024} MB {oversize}; exits {dict(sorted((str(k), v) for k, v in exits.items()))}")
for f in failures[:20]:
    print("  " + f)
sys.exit(1 if crashes or hangs or oversize else 0)
