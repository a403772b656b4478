#!/usr/bin/env python3
"""Turns the raw outputs of udp-echo.sh into a markdown table: round trips/s, p99 and CPU per server and round,
the ratio project/peer per round, and the medians. Usage: udp_report.py MANIFEST NAME..."""
import re
import statistics
import sys


def parse(path):
    text = open(path).read()
    result = dict(re.findall(r"(\w+)=([\d.]+)", (re.findall(r"^RESULT .*$", text, re.M) or [""])[-1]))
    # `camelot-client bench` prints a table instead: "ok COUNT PER_SECOND" and latencies in ms
    ok = re.search(r"^\s+ok\s+([\d,]+)\s+([\d,.]+)", text, re.M)
    latency = re.search(r"^\s+operation\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", text, re.M)
    errors = re.search(r"^\s+errors\s+([\d,]+)", text, re.M)
    if ok and not result:
        result = {"per_second": ok.group(2).replace(",", ""),
                  "errors": errors.group(1).replace(",", "") if errors else "0"}
        if latency:
            result["p99_us"] = str(round(float(latency.group(3)) * 1000))
    server = re.findall(r"^SERVER_CPU (\d+)%", text, re.M)
    loadgen = re.findall(r"^LOADGEN_CPU .*cpu=(\d+)%", text, re.M)
    return {
        "rate": float(result.get("per_second", 0)),
        "p99": int(result["p99_us"]) if "p99_us" in result else None,
        "lost": int(result.get("lost", 0)) + int(result.get("errors", 0)),
        "cpu": f"{server[-1] if server else '?'}/{loadgen[-1] if loadgen else '?'}%",
        "flag": "*" if re.search(r"^(DISTURBED|NOT_QUIET_BEFORE)", text, re.M) else "",
    }


def fmt_p99(us):
    return "-" if us is None else (f"{us / 1000:.2f}ms" if us >= 1000 else f"{us}us")


def main():
    manifest, names = sys.argv[1], sys.argv[2:]
    runs = {}
    for line in open(manifest):
        rnd, name, path = line.rstrip("\n").split("\t")
        runs[(int(rnd), name)] = parse(path)
    rounds = sorted({r for r, _ in runs})
    header = ["round"]
    for n in names:
        header += [f"{n} rt/s", "p99", "CPU srv/load"]
    header += [f"project/{n}" for n in names[1:]]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    ratios = {n: [] for n in names[1:]}
    for r in rounds:
        row = [str(r)]
        for n in names:
            m = runs[(r, n)]
            lost = f" ({m['lost']} lost)" if m["lost"] else ""
            row += [f"{m['rate']:,.0f}{m['flag']}{lost}", fmt_p99(m["p99"]), m["cpu"]]
        for n in names[1:]:
            ratio = runs[(r, "project")]["rate"] / runs[(r, n)]["rate"] if runs[(r, n)]["rate"] else 0
            ratios[n].append(ratio)
            row.append(f"{ratio:.2f}")
        print("| " + " | ".join(row) + " |")
    print()
    for n in names:
        rates = [runs[(r, n)]["rate"] for r in rounds]
        p99s = [runs[(r, n)]["p99"] for r in rounds if runs[(r, n)]["p99"] is not None]
        print(f"median {n}: {statistics.median(rates):,.0f} round trips/s, p99 "
              f"{fmt_p99(int(statistics.median(p99s))) if p99s else '-'}")
    for n in names[1:]:
        print(f"median ratio project/{n}: **{statistics.median(ratios[n]):.2f}** ({len(rounds)} rounds)")


if __name__ == "__main__":
    main()
