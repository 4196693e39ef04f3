import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

/** One printed figure: a median over runs, with its budget when the issue sets one. */
export interface Figure {
    name: string;
    value: number;
    unit: string;
    budget?: number;
    runs?: number;
}

export function median(values: readonly number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Runs a command `runs` times and returns the median wall time (ms) and the median of each
 * run's peak RSS over every node process it started (MiB).
 */
export function measureCommand(cmd: string, args: string[], runs: number, cwd: string): { ms: number; rssMiB: number; status: number | null } {
    const times: number[] = [];
    const peaks: number[] = [];
    let status: number | null = 0;
    const probe = path.join(__dirname, "rss-probe.cjs");
    for (let i = 0; i < runs; i++) {
        const dir = mkdtempSync(path.join(tmpdir(), "sp-bench-"));
        const rssFile = path.join(dir, "rss");
        const t0 = performance.now();
        const res = spawnSync(cmd, args, {
            cwd,
            stdio: ["ignore", "ignore", "pipe"],
            env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${probe}`.trim(), SPLITPLANE_RSS_FILE: rssFile },
            maxBuffer: 64 * 1024 * 1024,
        });
        times.push(performance.now() - t0);
        status = res.status;
        if (res.status !== 0 && res.status !== 1) process.stderr.write(`${cmd} ${args.join(" ")} exited ${res.status}: ${res.stderr?.toString().slice(0, 2000)}\n`);
        let peak = 0;
        try {
            for (const line of readFileSync(rssFile, "utf8").split("\n")) if (line) peak = Math.max(peak, Number(line));
        } catch {
            /* no node process wrote a figure */
        }
        peaks.push(peak / 1024);
        rmSync(dir, { recursive: true, force: true });
    }
    return { ms: median(times), rssMiB: median(peaks), status };
}
