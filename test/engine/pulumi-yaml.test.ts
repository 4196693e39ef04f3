import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const schemaPath = path.resolve(root, "../shared/reference/pulumi/project.schema.json");
const haveSchema = existsSync(schemaPath);
if (!haveSchema) console.warn(`SKIPPED: Pulumi.yaml schema check, ${schemaPath} is absent (see docs/conformance.md)`);

describe.skipIf(!haveSchema)("Pulumi.yaml conforms to the upstream project schema (Pulumi v3.259.0)", () => {
    const validate = () => {
        const ajv = new Ajv2020({ strict: false, allErrors: true });
        return ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
    };

    it("is valid", () => {
        const check = validate();
        const ok = check(parse(readFileSync(path.join(root, "Pulumi.yaml"), "utf8")));
        expect(check.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
    });

    it("would catch a broken project file (the check can fail)", () => {
        const check = validate();
        expect(check({ name: "splitplane", runtime: { name: "nodejs", options: { typescript: "yes" } }, stackConfigDir: 3 })).toBe(false);
    });

    it("puts every environment in stacks/ and runs the program there", () => {
        const project = parse(readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));
        expect(project).toMatchObject({ name: "splitplane", main: "stacks/", stackConfigDir: "stacks", runtime: { name: "nodejs" } });
    });
});
