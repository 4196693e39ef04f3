import { readFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { stackSchemaByCloud } from "../../config/schema";
import { schemaAt } from "../../config/zod-format";

/** Every key path of the stack config schema, down to the fields of each section's objects. */
function keyPaths(schema: z.ZodType, prefix: string[] = [], depth = 0): string[] {
    const s = schemaAt(schema, []);
    if (!(s instanceof z.ZodObject) || depth > 2) return [];
    const out: string[] = [];
    for (const key of Object.keys(s.shape)) {
        const p = [...prefix, key];
        out.push(p.join("."));
        out.push(...keyPaths((s.shape as Record<string, z.ZodType>)[key], p, depth + 1));
    }
    return out;
}

describe("docs/config.md", () => {
    const doc = readFileSync(path.resolve(__dirname, "../../docs/config.md"), "utf8");

    // Top-level keys are in the shared table; a cloud's section keys are in that cloud's part of the page.
    const azureAt = doc.indexOf("\n## Azure stacks");
    const part = { aws: doc.slice(0, azureAt), azure: doc.slice(azureAt) };

    it.each(["aws", "azure"] as const)("has a row for every key of the %s schema (a new key without docs fails here)", (cloud) => {
        expect(azureAt).toBeGreaterThan(0);
        const paths = keyPaths(stackSchemaByCloud[cloud]);
        expect(paths).toContain("network.cidr");
        // A shared key is the same schema object in both clouds' schemas (spread from one place).
        const shared = (top: string) => (stackSchemaByCloud.aws.shape as Record<string, unknown>)[top] === (stackSchemaByCloud.azure.shape as Record<string, unknown>)[top];
        const missing = paths.filter((p) => {
            if (!p.includes(".")) return !doc.includes(`\`splitplane:${p}\``);
            return !(shared(p.split(".")[0]) ? doc : part[cloud]).includes(`\`${p}\``);
        });
        expect(missing).toEqual([]);
    });
});
