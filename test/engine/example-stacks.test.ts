import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { INTERNAL_SERVICE_ANNOTATIONS } from "../../components/aws/ingress-specs";
import { mandatoryCount, PlanResult, planStack } from "../../engine/plan";
import { loadBalancers, publicLoadBalancers } from "../platform/exposure";
import { typesWithoutRow } from "../../engine/promotion/diff";
import { destroyProblems } from "../../engine/destroy-order";
import { criticalPath } from "../../engine/critical-path";
import { allPolicies, packConfigFor } from "../../policies/policies";
import { architectureBlock, GENERATED_BEGIN, GENERATED_END } from "../../stacks/architecture";
import { ARCHITECTURE_PAGE, architectureOf } from "../../stacks/architecture-doc";

const root = path.resolve(__dirname, "../..");
const stacks = readdirSync(path.join(root, "stacks")).filter((f) => /^Pulumi\..+\.yaml$/.test(f));

/**
 * A brand-new stack's first preview sees every computed output unknown. A policy that turns an
 * unknown into a mandatory violation would block every first deployment; one that turns it into
 * a pass would hide a defect. `npm run plan` in CI covers stacks that exist; this covers new ones.
 */
const plans = new Map<string, Promise<PlanResult>>();
const planOf = (file: string) => {
    if (!plans.has(file)) plans.set(file, planStack({ stackFile: path.join(root, "stacks", file), projectRoot: root, policySet: { policies: allPolicies, configFor: packConfigFor }, newStack: true }));
    return plans.get(file) as Promise<PlanResult>;
};

/** What keeps a LoadBalancer Service private on each cloud (the planes' `internalServiceAnnotations`; Azure adds the subnet). */
const INTERNAL: Record<string, Record<string, string>> = {
    aws: INTERNAL_SERVICE_ANNOTATIONS,
    azure: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" },
};

describe.each(stacks)("%s as the first preview of a new stack", (file) => {
    it("no Service or chart Service of type LoadBalancer without the plane's internal annotations", async () => {
        const plan = await planOf(file);
        expect(publicLoadBalancers(plan.run, INTERNAL[plan.config.cloud])).toEqual([]);
        // Azure's gateway is its internal load balancer; AWS has none (the ALB targets pods).
        expect(loadBalancers(plan.run).map((lb) => lb.where)).toEqual(plan.config.cloud === "azure" ? ["mesh-gateway.values.service"] : []);
    });

    it("cannot strand controller-made resources on pulumi destroy (engine/destroy-order.ts)", async () => {
        const plan = await planOf(file);
        // The system nodes wait for the NAT gateways, routes and VPC endpoints (EksCluster
        // networkReady), and every controller for the nodes: no known gap remains.
        expect(destroyProblems(plan.run)).toEqual([]);
    });

    it("applies in at most 1.15 x the inherent bound: no false dependency serialises slow creates (engine/critical-path.ts)", async () => {
        const cp = criticalPath((await planOf(file)).run);
        expect(cp.boundSeconds).toBeGreaterThan(0);
        expect(cp.seconds / cp.boundSeconds, cp.path.map((p) => p.urn.split("::").pop()).join(" -> ")).toBeLessThanOrEqual(1.15);
    });

    it("has no mandatory violation, and every unknown is reported as such", async () => {
        const plan = await planOf(file);
        expect(plan.newStack).toBe(true);
        expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
        expect(mandatoryCount(plan.violations)).toBe(0);
        // A promotion's replacements can only be judged for types the table knows (engine/promotion/replacing-inputs.ts).
        expect(typesWithoutRow(plan.run.resources)).toEqual([]);
        for (const r of plan.results.filter((x) => x.outcome === "unknown")) {
            expect(plan.violations).toContainEqual(expect.objectContaining({ policy: r.policy, enforcementLevel: "advisory", message: expect.stringContaining("during preview") }));
        }
    });
});

describe("docs/architecture.md", () => {
    it("holds the diagram the example stacks' plans draw (npm run docs:architecture regenerates it)", async () => {
        const all = await Promise.all(stacks.map(planOf));
        const page = readFileSync(ARCHITECTURE_PAGE, "utf8");
        const committed = page.slice(page.indexOf(GENERATED_BEGIN), page.indexOf(GENERATED_END) + GENERATED_END.length);
        expect(committed).toBe(architectureBlock(all.map(architectureOf)));
    });
});
