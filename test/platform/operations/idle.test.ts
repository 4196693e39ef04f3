import { beforeAll, describe, expect, it } from "vitest";
import type { ComputePlane } from "../../../components/compute-plane";
import { pausedNodePoolSpec, generalNodePoolSpec } from "../../../components/aws/karpenter-specs";
import { karpenterNodePoolArgsSchema } from "../../../components/aws/node-pools";
import { ConfigError } from "../../../config/errors";
import { parseStackConfig } from "../../../config/parse";
import { idleLine } from "../../../engine/report";
import { ProgramRun } from "../../../engine/resource";
import { byType, inputsOf } from "../../../engine/testing";
import { installOperations } from "../../../stacks/operations";
import { stackFileConfig } from "../../aws/scenario";
import { GPU, ON_DEMAND, runStack, stagingRun, SYSTEM } from "./fixtures";

/**
 * Idle pause: one key, `splitplane:operations.idle.paused`, scales the general and GPU pools to
 * zero and back. Paused and running plans of the same stack differ only in capacity settings.
 */

const STAGING = stackFileConfig("aws-phase2");
const withIdle = (idle: unknown) => ({ ...STAGING, "splitplane:operations": JSON.stringify({ ...JSON.parse(STAGING["splitplane:operations"]), idle }) });
const NODEPOOL = "kubernetes:karpenter.sh/v1:NodePool";

let running: ProgramRun;
let paused: ProgramRun;
beforeAll(async () => {
    running = await stagingRun();
    paused = await runStack("aws-phase2", withIdle({ paused: true }));
});

const pool = (r: ProgramRun, name: string) => inputsOf(byType(r, NODEPOOL).find((p) => inputsOf(p).metadata.name === name)!).spec;

describe("pausing changes only capacity", () => {
    it("the same resources, by URN and type, before and after: nothing is created, deleted or renamed", () => {
        const ids = (r: ProgramRun) => r.resources.map((x) => `${x.type} ${x.urn}`).sort();
        expect(ids(paused)).toEqual(ids(running));
    });

    it("only the general and GPU NodePools' inputs differ, and only in limits and disruption", () => {
        const changed = running.resources.filter((r) => {
            const other = paused.resources.find((x) => x.urn === r.urn)!;
            return JSON.stringify(inputsOf(r)) !== JSON.stringify(inputsOf(other));
        });
        expect(changed.map((r) => inputsOf(r).metadata?.name).sort()).toEqual(["general", "gpu"]);
        for (const r of changed) {
            const before = inputsOf(r).spec;
            const after = inputsOf(paused.resources.find((x) => x.urn === r.urn)!).spec;
            const keys = Object.keys(before).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
            expect(keys.sort()).toEqual(["disruption", "limits"]);
            // The template (and so every node's identity) is untouched: no drift, no replacement.
            expect(after.template).toEqual(before.template);
        }
    });

    it("paused pools launch nothing (every limit zero) and drop empty nodes at once; the on-demand pool is unchanged", () => {
        expect(pool(paused, "general").limits).toEqual({ cpu: "0", memory: "0" });
        expect(pool(paused, "gpu").limits).toEqual({ "nvidia.com/gpu": "0" });
        expect(pool(paused, "general").disruption).toEqual({ consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "0s", budgets: [{ nodes: "100%" }] });
        expect(pool(paused, "on-demand")).toEqual(pool(running, "on-demand"));
        expect(pool(running, "general").limits).toEqual({ cpu: "200", memory: "800Gi" });
    });

    it("resuming is the same key back to false: the example stack's spec (paused: false is the default) is the running one", () => {
        expect(parseStackConfig(withIdle({ paused: false }), "f").operations.idle).toEqual(parseStackConfig(STAGING, "f").operations.idle);
    });

    it("pools can be paused one at a time: GPU only", async () => {
        const gpuOnly = await runStack("aws-phase2", withIdle({ paused: true, pools: ["gpu"] }));
        expect(pool(gpuOnly, "gpu").limits).toEqual({ "nvidia.com/gpu": "0" });
        expect(pool(gpuOnly, "general")).toEqual(pool(running, "general"));
    });
});

describe("the plan report shows it", () => {
    it("paused: which pools are at zero and that the controllers keep running; running otherwise", () => {
        expect(idleLine(parseStackConfig(withIdle({ paused: true }), "stacks/Pulumi.aws-phase2.yaml"))).toBe(
            "PAUSED by splitplane:operations.idle: general and gpu pools at zero (no new nodes; empty ones removed); the on-demand and system pools keep the controllers running",
        );
        expect(idleLine(parseStackConfig(STAGING, "stacks/Pulumi.aws-phase2.yaml"))).toBe("running (splitplane:operations.idle.paused is false)");
    });
});

describe("a pause that would remove the controllers' capacity is refused", () => {
    it("the AWS pool component refuses to pause the on-demand pool", () => {
        const r = karpenterNodePoolArgsSchema.safeParse({ karpenter: { __pulumiResource: true }, pool: { kind: "on-demand" }, paused: true });
        expect(karpenterNodePoolArgsSchema.safeParse({ karpenter: { __pulumiResource: true }, pool: { kind: "general" }, paused: true }).success).toBe(true);
        expect(r.success).toBe(false);
        expect(JSON.stringify(r.error?.issues)).toMatch(/paused must not be true for the on-demand pool/);
    });

    it("on a plane whose general pool is its on-demand capacity, pausing general is a ConfigError naming the key, before anything is registered", () => {
        const plane = { nodePools: { system: SYSTEM, general: ON_DEMAND, gpu: GPU, onDemand: ON_DEMAND } } as unknown as ComputePlane;
        const cfg = parseStackConfig(withIdle({ paused: true }), "stacks/Pulumi.aws-phase2.yaml");
        expect(() => installOperations(plane, cfg, "stacks/Pulumi.aws-phase2.yaml")).toThrow(ConfigError);
        expect(() => installOperations(plane, cfg, "stacks/Pulumi.aws-phase2.yaml")).toThrow(
            /^stacks\/Pulumi\.aws-phase2\.yaml: splitplane:operations\.idle\.pools must not list "general" on this plane: its general pool is also the on-demand capacity/,
        );
    });

    it("pausedNodePoolSpec keeps every limit key and zeroes it", () => {
        const spec = generalNodePoolSpec({ nodeClassName: "general", cpu: 8, memoryGi: 32, capacityTypes: ["spot"], instanceCategories: ["m"], terminationGracePeriod: "1h" });
        expect(pausedNodePoolSpec(spec).limits).toEqual({ cpu: "0", memory: "0" });
    });
});

// Idle pause on Azure (AKS user pools' autoscaler bounds): test/azure/idle.test.ts.
