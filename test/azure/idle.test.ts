import { beforeAll, describe, expect, it } from "vitest";
import { pausedPoolSpec } from "../../components/azure/node-pools";
import { userPoolSpecs } from "../../components/azure/pool-specs";
import { parseStackConfig } from "../../config/parse";
import { idleLine } from "../../engine/report";
import { ProgramRun } from "../../engine/resource";
import { byType, inputsOf } from "../../engine/testing";
import { stackFileConfig } from "../aws/scenario";
import { runStack } from "../platform/operations/fixtures";
import { AZ } from "./scenario";

/**
 * Idle pause on Azure: `splitplane:operations.idle.paused` sets the autoscaler bounds of the
 * general pools (spot and on-demand fallback) and the GPU pools to 0..0; the on-demand pool that
 * runs the controllers and the system pool never change. Paused and running plans differ only in
 * those bounds: the same resources, nothing replaced.
 */

const FILE = "stacks/Pulumi.azure-phase2.yaml";
// The azure-phase2 example: phase 2, so the GPU pools exist too.
const RUNNING: Record<string, string> = { ...stackFileConfig("azure-phase2") };
const withIdle = (idle: unknown) => ({ ...RUNNING, "splitplane:operations": JSON.stringify({ ...JSON.parse(RUNNING["splitplane:operations"]), idle }) });

let running: ProgramRun;
let paused: ProgramRun;
beforeAll(async () => {
    running = await runStack("azure-phase2", RUNNING);
    paused = await runStack("azure-phase2", withIdle({ paused: true }));
}, 90_000);

const pool = (r: ProgramRun, name: string) => {
    const p = byType(r, AZ.pool).find((x) => inputsOf(x).agentPoolName === name);
    if (!p) throw new Error(`no pool ${name}`);
    return inputsOf(p);
};

describe("pausing an Azure environment changes only capacity", () => {
    it("the same resources, by URN and type, before and after: nothing is created, deleted or renamed", () => {
        const ids = (r: ProgramRun) => r.resources.map((x) => `${x.type} ${x.urn}`).sort();
        expect(ids(paused)).toEqual(ids(running));
    });

    it("only the general and GPU agent pools' inputs differ, and only in their autoscaler bounds", () => {
        const changed = running.resources.filter((r) => JSON.stringify(inputsOf(r)) !== JSON.stringify(inputsOf(paused.resources.find((x) => x.urn === r.urn)!)));
        expect(changed.every((r) => r.type === AZ.pool)).toBe(true);
        expect(changed.map((r) => inputsOf(r).agentPoolName).sort()).toEqual(["general", "gpu", "gpuspot", "spd8asv5", "spd8dsv5"]);
        for (const r of changed) {
            const before = inputsOf(r);
            const after = inputsOf(paused.resources.find((x) => x.urn === r.urn)!);
            const keys = Object.keys(before).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
            expect(keys.every((k) => ["minCount", "maxCount", "count"].includes(k)), `${before.agentPoolName}: ${keys.join(", ")}`).toBe(true);
            expect(after).toMatchObject({ enableAutoScaling: true, minCount: 0, maxCount: 0 });
            // Size, taints, labels, spot settings: the pool's identity stays, so AKS replaces nothing.
            for (const k of ["vmSize", "nodeTaints", "nodeLabels", "scaleSetPriority", "availabilityZones", "enableEncryptionAtHost"]) expect(after[k]).toEqual(before[k]);
        }
    });

    it("the on-demand pool and the system pool keep their bounds", () => {
        expect(pool(paused, "ondemand")).toEqual(pool(running, "ondemand"));
        expect(pool(paused, "ondemand")).toMatchObject({ minCount: 2, maxCount: 10 });
        const system = (r: ProgramRun) => inputsOf(byType(r, AZ.cluster)[0]).agentPoolProfiles;
        expect(system(paused)).toEqual(system(running));
    });

    it("resuming is the same key back to false: the running bounds come back", () => {
        expect(pool(running, "spd8dsv5")).toMatchObject({ minCount: 0, maxCount: 20 });
        expect(pool(running, "gpu")).toMatchObject({ minCount: 0, maxCount: 2 });
        expect(parseStackConfig(withIdle({ paused: false }), FILE).operations.idle).toEqual(parseStackConfig(RUNNING, FILE).operations.idle);
    });

    it("pools can be paused one class at a time: GPU only", async () => {
        const gpuOnly = await runStack("azure-phase2", withIdle({ paused: true, pools: ["gpu"] }));
        expect(pool(gpuOnly, "gpuspot")).toMatchObject({ minCount: 0, maxCount: 0 });
        expect(pool(gpuOnly, "gpu")).toMatchObject({ minCount: 0, maxCount: 0 });
        expect(pool(gpuOnly, "spd8dsv5")).toEqual(pool(running, "spd8dsv5"));
        expect(pool(gpuOnly, "general")).toEqual(pool(running, "general"));
    }, 60_000);

    it("the plan report shows it, as on AWS", () => {
        expect(idleLine(parseStackConfig(withIdle({ paused: true }), FILE))).toBe(
            "PAUSED by splitplane:operations.idle: general and gpu pools at zero (no new nodes; empty ones removed); the on-demand and system pools keep the controllers running",
        );
    });

    it("the on-demand pool can never be paused", () => {
        const onDemand = userPoolSpecs(parseStackConfig(RUNNING, FILE).nodePools as never).find((p) => p.poolClass === "on-demand")!;
        expect(() => pausedPoolSpec(onDemand)).toThrow("node pool ondemand: the on-demand pool runs the controllers and the control plane and is never paused");
    });
});
