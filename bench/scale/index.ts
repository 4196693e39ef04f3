import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { Figure, measureCommand, median } from "../measure";
import { SCALE_RESOURCES } from "./program";

/**
 * The engine's cost at scale: the same 8,000-resource program (`program.ts`) under Pulumi's bare
 * mocks (`bare.ts`, the SDK's floor) and through the engine without policies (`engine.ts`), each
 * in its own process, runs interleaved so that a busy machine slows both alike. Ratios of the
 * medians of wall time and peak memory; the policy pack's evaluation over the record beside them.
 */
export function benchScale(root: string, tsx: string, runs: number): Figure[] {
    const here = path.relative(root, __dirname);
    const bare: Array<{ ms: number; rssMiB: number }> = [];
    const engine: Array<{ ms: number; rssMiB: number }> = [];
    for (let i = 0; i < runs; i++) {
        bare.push(measured(measureCommand(tsx, [path.join(here, "bare.ts")], 1, root), "bare.ts"));
        engine.push(measured(measureCommand(tsx, [path.join(here, "engine.ts")], 1, root), "engine.ts"));
    }
    const policyMs: number[] = [];
    for (let i = 0; i < runs; i++) {
        const res = spawnSync(tsx, [path.join(here, "engine.ts"), "--policies"], { cwd: root, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
        if (res.status !== 0) throw new Error(`bench/scale/engine.ts --policies exited ${res.status}: ${res.stderr.slice(0, 2000)}`);
        const out = JSON.parse(res.stdout.trim().split("\n").pop()!) as { policyMs: number; resources: number };
        policyMs.push(out.policyMs);
    }
    const wall = { bare: median(bare.map((b) => b.ms)), engine: median(engine.map((e) => e.ms)) };
    const rss = { bare: median(bare.map((b) => b.rssMiB)), engine: median(engine.map((e) => e.rssMiB)) };
    const n = SCALE_RESOURCES.toLocaleString("en-US");
    return [
        { name: `scale, ${n} resources: bare Pulumi mocks, wall`, value: wall.bare / 1000, unit: "s", runs },
        { name: `scale: engine recording run (no policies), wall`, value: wall.engine / 1000, unit: "s", runs },
        { name: `scale: engine / bare, wall`, value: wall.engine / wall.bare, unit: "x", budget: 1.1, runs },
        { name: `scale: bare Pulumi mocks, peak memory`, value: rss.bare, unit: "MiB", runs },
        { name: `scale: engine recording run, peak memory`, value: rss.engine, unit: "MiB", runs },
        { name: `scale: engine / bare, peak memory`, value: rss.engine / rss.bare, unit: "x", budget: 1.1, runs },
        { name: `scale: policy pack evaluation over the record (in process)`, value: median(policyMs) / 1000, unit: "s", runs },
    ];
}

function measured(m: { ms: number; rssMiB: number; status: number | null }, script: string): { ms: number; rssMiB: number } {
    if (m.status !== 0) throw new Error(`bench/scale/${script} exited ${m.status}`);
    return m;
}
