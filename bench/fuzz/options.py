#!/usr/bin/env python3
"""Sweeps every numeric option of every verb of the built CLI with values people mistype.

The verbs and their options come from the CLI's own --help (an option whose value is <n> or <duration>), so a new
option is swept without changing this script. Each option gets abc, 1.5, -1, 0, 99999999999 and NaN. abc, -1,
99999999999 and NaN are never valid: they must give exit 2 and one stderr line naming the option and the value.
1.5 must be refused by a whole-number option (<n>); 0 and a duration's 1.5 may be valid, and then the run must
still end without a crash (it stops at a missing interface, kubeconfig or file). A crash is any other exit code
(134 is an unhandled exception), a stack trace, "unexpected error", more than one stderr line, or over 20 s.
Usage: options.py ARPDOCTOR_CMD...
"""
import os, re, subprocess, sys, time

cmd = sys.argv[1:]
VALUES = ["abc", "1.5", "-1", "0", "99999999999", "NaN"]
ALWAYS_REFUSED = {"abc", "-1", "99999999999", "NaN"}
FILLERS = {"VIP": "203.0.113.10", "TARGETS": "203.0.113.10", "FILE": "/nonexistent/evidence.txt", "NODE": "1", "MODE": "loose",
           "--interface": "arpdoctor-none0"}
PREFIX = f"fz{os.getpid() % 100000}"  # a lab built by mistake gets a name of its own, and is removed below
PER_CASE = 20.0

def run(args):
    started = time.time()
    try:
        p = subprocess.run([*cmd, *args], capture_output=True, timeout=PER_CASE, stdin=subprocess.DEVNULL)
        return p.returncode, p.stderr.decode("utf-8", "replace"), time.time() - started
    except subprocess.TimeoutExpired:
        return "hang", "", PER_CASE

def section(text, name):
    m = re.search(rf"^{name}:\n((?:  .*\n?)*)", text, re.M)
    return m.group(1) if m else ""

def commands(path):
    """Every command under path, with its help text, depth first."""
    p = subprocess.run([*cmd, *path, "--help"], capture_output=True, text=True)
    yield path, p.stdout
    for line in section(p.stdout, "Commands").splitlines():
        m = re.match(r"^  ([a-z][\w-]*)", line)
        if m:
            yield from commands([*path, m.group(1)])

def filler(word):
    if "|" in word:
        return word.split("|")[0]
    if word in FILLERS:
        return FILLERS[word]
    raise SystemExit(f"no filler for <{word}>: add one to FILLERS")

cases = failures = 0
exits = {}
for path, help_text in commands([]):
    if not path:
        continue
    options, numeric = [], []
    for line in section(help_text, "Options").splitlines():
        m = re.match(r"^  (?:-\S+, )?(--[\w-]+) <([^>]+)>( \(REQUIRED\))?.*?(?:\[default: ([^\]]+)\])?$", line)
        if not m:
            continue
        name, holder, required, default = m.groups()
        options.append((name, holder, required))
        # A number is <n> or <duration>, or any option whose default is one (how an option declared without our
        # parser shows itself: --rate <rate> [default: 1000]).
        if holder in ("n", "duration") or (default and re.fullmatch(r"\d+(\.\d+)?(ms|s|m|h|d)?", default)):
            whole = holder == "n" or (holder != "duration" and default is not None and default.isdigit())
            numeric.append((name, "n" if whole else "duration"))
    if not numeric:
        continue
    usage = section(help_text, "Usage").strip().split("\n")[0]
    base = list(path) + [filler(w) for w in re.findall(r"<([^>]+)>", usage.split("[options]")[0])]
    for name, _, required in options:
        if required and all(name != n for n, _ in numeric):
            base += [name, filler(name)]
    if any(name == "--kubeconfig" for name, _, _ in options):
        base += ["--kubeconfig", "/nonexistent/kubeconfig"]
    if path[0] == "lab":
        base += ["--prefix", PREFIX]
    for name, holder in numeric:
        for value in VALUES:
            args = base + [name, value]
            code, err, took = run(args)
            cases += 1
            exits[code] = exits.get(code, 0) + 1
            lines = [l for l in err.splitlines() if l.strip()]
            must_refuse = value in ALWAYS_REFUSED or (value == "1.5" and holder == "n")
            bad = None
            if code == "hang":
                bad = "hang"
            elif code not in (0, 1, 2, 3, 4) or "   at " in err or "unexpected error" in err or len(lines) > 1:
                bad = f"crash, exit {code}"
            elif must_refuse and (code != 2 or not lines or f"{name} '{value}'" not in lines[0]):
                bad = f"not refused in our words, exit {code}"
            if bad:
                failures += 1
                print(f"FAIL {' '.join(args)}: {bad}: {err.strip()[:300]}")
            if path[0] == "lab" and code == 0:
                run(["lab", "down", "--prefix", PREFIX])
run(["lab", "down", "--prefix", PREFIX])
print(f"{cases} cases, {failures} failures; exits " + ", ".join(f"{k}: {v}" for k, v in sorted(exits.items(), key=str)))
sys.exit(1 if failures else 0)
