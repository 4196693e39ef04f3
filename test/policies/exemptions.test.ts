import { beforeAll, describe, expect, it } from "vitest";
import { exemptionsOf } from "../../engine/plan";
import { ProgramRun } from "../../engine/resource";
import * as lb from "../../policies/aws/lb-internal-only";
import * as ingress from "../../policies/k8s/ingress-internal-only";
import * as stateful from "../../policies/stack/prod-stateful-protected";
import { judge, record } from "./harness";

const URN = "urn:pulumi:policy::splitplane::aws:lb/loadBalancer:LoadBalancer::by-urn";
const REASON = "public inference endpoint behind WAF";

describe("exemptions", () => {
    let run: ProgramRun;
    beforeAll(async () => {
        run = await record([
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "by-urn", props: { internal: false } },
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "by-tag", props: { internal: false, tags: { "splitplane:exemption": `aws-lb-internal-only: ${REASON}` } } },
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "short-reason", props: { internal: false, tags: { "splitplane:exemption": "aws-lb-internal-only: ok" } } },
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "other-policy", props: { internal: false, tags: { "splitplane:exemption": `aws-sg-no-internet-ingress: ${REASON}` } } },
            { type: "kubernetes:networking.k8s.io/v1:Ingress", name: "ing", props: { metadata: { annotations: { "alb.ingress.kubernetes.io/scheme": "internet-facing", "splitplane.dev/exemption": `k8s-ingress-internal-only: ${REASON}` } } } },
            { type: "aws:kms/key:Key", name: "key", props: {} },
        ]);
    });

    it("with no config at all, nothing is exempt: the pack is at its strictest", async () => {
        const j = await judge(lb, run);
        for (const name of ["by-urn", "by-tag", "short-reason", "other-policy"]) expect(j.outcome(name)).toBe("violation");
    });

    it("a URN exemption in policy config makes the resource not applicable, with its reason, listed by the plan", async () => {
        const j = await judge(lb, run, { "aws-lb-internal-only": { exemptions: [{ urn: URN, reason: REASON }] } });
        expect(j.of("by-urn")).toEqual([expect.objectContaining({ outcome: "not-applicable", message: `exempted: ${REASON}` })]);
        expect(exemptionsOf(j.results)).toEqual([{ policy: "aws-lb-internal-only", urn: URN, reason: REASON }]);
        expect(j.outcome("by-tag")).toBe("violation");
    });

    it("a tag exemption counts only when the config allows tags, names this policy and gives a reason", async () => {
        const j = await judge(lb, run, { "aws-lb-internal-only": { tagExemptions: true } });
        expect(j.of("by-tag")[0]).toMatchObject({ outcome: "not-applicable", message: `exempted: ${REASON}` });
        expect(j.messages("short-reason")).toEqual(["the load balancer is internet-facing (internal is false) (its splitplane:exemption tag names this policy but gives no reason of at least 10 characters)"]);
        expect(j.outcome("other-policy")).toBe("violation");
    });

    it("Kubernetes resources use the splitplane.dev/exemption annotation (annotation keys cannot hold a colon)", async () => {
        expect((await judge(ingress, run)).outcome("ing")).toBe("violation");
        const j = await judge(ingress, run, { "k8s-ingress-internal-only": { tagExemptions: true } });
        expect(j.of("ing")[0]).toMatchObject({ outcome: "not-applicable", message: `exempted: ${REASON}` });
    });

    it("stack policies skip exempted resources and name the exemption when nothing else is found", async () => {
        const keyUrn = "urn:pulumi:policy::splitplane::aws:kms/key:Key::key";
        const j = await judge(stateful, run, { [stateful.meta.name]: { environment: "prod", exemptions: [{ urn: keyUrn, reason: "scratch key, recreated on demand" }] } });
        expect(j.results).toEqual([expect.objectContaining({ outcome: "not-applicable", message: `exempted: ${keyUrn}: scratch key, recreated on demand` })]);
    });
});
