import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalog } from "../../policies/catalog";
import { DOCS_PATH, renderPolicyDocs } from "../../policies/docs";

describe("docs/policies.md", () => {
    it("is generated from the current metadata (run `npx tsx policies/docs.ts` after changing a policy)", () => {
        expect(readFileSync(DOCS_PATH, "utf8")).toBe(renderPolicyDocs());
    });
    it("documents every policy with its level and anchors", () => {
        const text = renderPolicyDocs();
        for (const m of catalog) {
            expect(text).toContain(`### ${m.name}\n`);
            for (const a of m.anchors) expect(text).toContain(a);
        }
    });
});
