import { describe, expect, it } from "vitest";
import { loosenedDefaults } from "../../config/loosening";
import { parseStackConfig } from "../../config/parse";

const cfg = (extra: Record<string, unknown>) =>
    parseStackConfig(Object.fromEntries(Object.entries({ cloud: "aws", environment: "prod", ...extra }).map(([k, v]) => [`splitplane:${k}`, typeof v === "string" ? v : JSON.stringify(v)])), "stacks/Pulumi.t.yaml");

describe("loosened defaults show up in the plan report", () => {
    it("lists nothing for a stack on every secure default", () => {
        expect(loosenedDefaults(cfg({}))).toEqual([]);
    });

    it("names each loosening option with what it opens", () => {
        const lines = loosenedDefaults(
            cfg({
                cluster: { publicEndpointCidrs: ["203.0.113.0/24"], admins: [] },
                ingress: { internetFacing: true, allowedCidrs: ["0.0.0.0/0"], certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc" },
                network: { natStrategy: "Single" },
                database: { multiAz: false, deletionProtection: false },
                policy: { exemptions: [{ policy: "lb-internal-only", urn: "urn:pulumi:prod::splitplane::x::y", reason: "public inference endpoint, approved" }] },
            }),
        );
        expect(lines).toEqual([
            "splitplane:cluster.publicEndpointCidrs: the Kubernetes API endpoint is public, reachable from 203.0.113.0/24",
            "splitplane:ingress.internetFacing: the load balancer is internet-facing with no WAF web ACL",
            "splitplane:ingress.allowedCidrs: the load balancer admits 0.0.0.0/0 instead of only the VPC",
            "splitplane:network.natStrategy: a single NAT gateway in prod (one AZ failure cuts egress for all)",
            "splitplane:database.multiAz: the prod database runs in a single AZ",
            "splitplane:database.deletionProtection: the prod database can be deleted",
            "splitplane:policy.exemptions: lb-internal-only is waived for urn:pulumi:prod::splitplane::x::y (public inference endpoint, approved)",
        ]);
    });
});

describe("loosening is judged on what deploys", () => {
    it("does not report deletion protection off at phase 3, where hardening forces it on", () => {
        expect(loosenedDefaults(cfg({ phase: 3, database: { deletionProtection: false } }))).toEqual([]);
    });
});
