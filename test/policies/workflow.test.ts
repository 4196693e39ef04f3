import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BOOTSTRAP } from "../../components/platform/synced-secrets";

const file = path.resolve(__dirname, "../../.github/workflows/ci.yml");
const text = readFileSync(file, "utf8");
const wf = parse(text) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, any> };
const runs = (job: string) => (wf.jobs[job].steps as Array<{ run?: string }>).map((s) => s.run).filter((r): r is string => typeof r === "string");
const uses = (job: string) => (wf.jobs[job].steps as Array<{ uses?: string; with?: Record<string, unknown> }>).filter((s) => s.uses);

describe(".github/workflows/ci.yml", () => {
    it("holds no static credentials: no secrets at all, no key variables", () => {
        expect(text).not.toMatch(/secrets\./);
        expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|ARM_CLIENT_SECRET|PULUMI_ACCESS_TOKEN|client-secret/);
        expect(wf.permissions).toEqual({ contents: "read" });
    });

    it("runs the offline job on every pull request with npm ci, npm test and npm run plan, and no cloud access", () => {
        expect(Object.keys(wf.on)).toContain("pull_request");
        expect(wf.jobs.offline.if).toBeUndefined();
        expect(wf.jobs.offline.permissions).toBeUndefined();
        const commands = runs("offline");
        for (const c of ["npm ci", "npm test"]) expect(commands).toContain(c);
        expect(commands.some((c) => c.startsWith("npm run plan"))).toBe(true);
        expect(uses("offline").map((s) => s.uses)).not.toContainEqual(expect.stringMatching(/configure-aws-credentials|azure\/login|auth-actions/));
    });

    it("previews with the Pulumi action and the policy pack, through OIDC, only where credentials are configured", () => {
        const preview = wf.jobs.preview;
        expect(preview.permissions["id-token"]).toBe("write");
        expect(wf.jobs.stacks.if).toMatch(/vars\.AWS_PREVIEW_ROLE_ARN != ''/);
        expect(preview.needs).toEqual(["offline", "stacks"]);
        const action = uses("preview").find((s) => s.uses?.startsWith("pulumi/actions@"));
        expect(action?.with).toMatchObject({ command: "preview", policyPacks: "policies", policyPackConfigs: expect.stringContaining("policy-config.json") });
        expect(runs("preview").some((r) => r.includes("policies/pack-config.ts"))).toBe(true);
        expect(uses("preview").find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))?.with).toMatchObject({ "role-to-assume": "${{ vars.AWS_PREVIEW_ROLE_ARN }}" });
    });

    it("applies gateway configs only for stacks that exist and whose control plane is elsewhere, with the API key the stack bootstraps", () => {
        const gateway = wf.jobs.gateway;
        expect(gateway.needs).toBe("gateway-stacks");
        expect(gateway.strategy.matrix.stack).toBe("${{ fromJSON(needs.gateway-stacks.outputs.stacks) }}");
        // The secret the job reads is the stack's own bootstrap secret (components/platform/synced-secrets.ts).
        const apply = runs("gateway").find((r) => r.includes("get-secret-value")) ?? "";
        expect(apply).toContain(`--secret-id "splitplane/\${{ matrix.stack }}/${BOOTSTRAP.apiKey.name}"`);
        expect(runs("gateway-stacks").join("\n")).toMatch(/stackReference \|\| cp\.mode === "hosted"/);
    });
});
