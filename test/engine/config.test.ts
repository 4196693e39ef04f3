import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors";
import { loadStackFile } from "../../config/load";
import { parseCloudStackConfig, parseStackConfig } from "../../config/parse";
import { planStack } from "../../engine/plan";
import { programFromFile } from "../../engine/program";
import { runProgram } from "../../engine/run";
import { configProblems } from "../config-problems";
import { CREDENTIAL_SAMPLES } from "../policies/lib/credential-samples";

const root = path.resolve(__dirname, "../..");
const FILE = "stacks/Pulumi.t.yaml";

const problems = (flat: Record<string, string>) => configProblems(flat, FILE);

const base = { "splitplane:cloud": "aws", "splitplane:environment": "dev" };

describe("stack config validation", () => {
    it("accepts a minimal config and fills documented defaults", () => {
        const cfg = parseCloudStackConfig("aws", base, FILE);
        expect(cfg.phase).toBe(0);
        expect(cfg.network).toMatchObject({ cidr: "10.40.0.0/16", azCount: 3 });
        expect(cfg.ingress.internetFacing).toBe(false);
        expect(cfg.cluster.publicEndpointCidrs).toBeUndefined();
    });

    it("decodes Pulumi's string values: `pulumi config set splitplane:phase 2` is the number 2", () => {
        expect(parseStackConfig({ ...base, "splitplane:phase": "2" }, FILE).phase).toBe(2);
        // A string-typed key keeps digits as a string.
        expect(parseStackConfig({ ...base, "splitplane:costCenter": "1234" }, FILE).costCenter).toBe("1234");
    });

    it("names the file, the key, the expectation and the given value", () => {
        expect(problems({ ...base, "splitplane:network": JSON.stringify({ azCount: 1 }) })).toEqual([
            "stacks/Pulumi.t.yaml: splitplane:network.azCount must be between 2 and 6 (got 1)",
        ]);
        expect(problems({ ...base, "splitplane:cloud": "gcp" })).toEqual([`stacks/Pulumi.t.yaml: splitplane:cloud must be one of "aws", "azure" (got "gcp")`]);
    });

    it("rejects unknown keys at every level and suggests the intended one", () => {
        const lines = problems({ ...base, "splitplane:phse": "1", "splitplane:database": JSON.stringify({ multiAZ: true }) });
        expect(lines).toHaveLength(2);
        expect(lines.some((l) => l.startsWith("stacks/Pulumi.t.yaml: splitplane:phse is not a known key (did you mean splitplane:phase?); known keys here: cloud, phase,"))).toBe(true);
        expect(lines.some((l) => l.startsWith("stacks/Pulumi.t.yaml: splitplane:database.multiAZ is not a known key (did you mean splitplane:database.multiAz?)"))).toBe(true);
    });

    it("reports a wrong type, an out-of-range value and a misspelt key as exactly three lines", () => {
        let err: unknown;
        try {
            loadStackFile(path.join(root, "test/fixtures/stacks/Pulumi.three-mistakes.yaml"), root);
        } catch (e) {
            err = e;
        }
        expect(ConfigError.is(err)).toBe(true);
        const lines = (err as ConfigError).problems;
        expect(lines).toHaveLength(3);
        const f = "test/fixtures/stacks/Pulumi.three-mistakes.yaml";
        expect(lines).toContain(`${f}: splitplane:phase must be a number (got "two")`);
        expect(lines).toContain(`${f}: splitplane:network.azCount must be between 2 and 6 (got 1)`);
        expect(lines.find((l) => l.startsWith(`${f}: splitplane:netwrok is not a known key (did you mean splitplane:network?)`))).toBeDefined();
    });

    it("refuses plain credentials in any namespace, and accepts Pulumi secrets", () => {
        const dir = path.join(root, "test/fixtures/stacks");
        const tmp = require("node:fs").mkdtempSync(path.join(require("node:os").tmpdir(), "sp-"));
        const write = (name: string, body: string) => {
            const f = path.join(tmp, `Pulumi.${name}.yaml`);
            require("node:fs").writeFileSync(f, body);
            return f;
        };
        const plain = write("plain", "config:\n  splitplane:cloud: aws\n  splitplane:environment: dev\n  aws:secretKey: abc123\n");
        expect(() => loadStackFile(plain, dir)).toThrow(/aws:secretKey looks like a credential .* \(got a literal value under a credential name, in plain text\)/);
        const secure = write("secure", "config:\n  splitplane:cloud: aws\n  splitplane:environment: dev\n  aws:secretKey:\n    secure: v1:abc\n");
        const loaded = loadStackFile(secure, dir);
        expect(loaded.secretKeys).toEqual(["aws:secretKey"]);
        expect(loaded.values["aws:secretKey"]).toBe("[secret]");
    });

    describe("credentials by value, under any key", () => {
        const tmp = require("node:fs").mkdtempSync(path.join(require("node:os").tmpdir(), "sp-cred-"));
        const refused = (name: string, entries: Record<string, unknown>): string[] => {
            const file = path.join(tmp, `Pulumi.${name}.yaml`);
            require("node:fs").writeFileSync(file, require("yaml").stringify({ config: { "splitplane:cloud": "aws", "splitplane:environment": "dev", ...entries } }));
            try {
                loadStackFile(file, tmp);
            } catch (err) {
                if (ConfigError.is(err)) return [...err.problems];
                throw err;
            }
            return [];
        };

        it.each(CREDENTIAL_SAMPLES)("%s is refused under a user's key and under splitplane:costCenter, never printed", (value, label) => {
            const lines = refused("shape", { "myapp:notes": value, "splitplane:costCenter": value });
            expect(lines).toEqual([
                expect.stringMatching(new RegExp(`^Pulumi\\.shape\\.yaml: myapp:notes looks like a credential .*\\(got ${label}, in plain text\\).*pulumi config set --secret myapp:notes`)),
                expect.stringMatching(new RegExp(`^Pulumi\\.shape\\.yaml: splitplane:costCenter looks like a credential .*\\(got ${label}, in plain text\\)`)),
            ]);
            expect(lines.join("\n")).not.toContain(value.trim());
        });

        it("refuses a random-looking value under a secret-sounding key of any style, nested or listed, with its path", () => {
            const random = "q8Zr2LxV0tNw5YbK7sPd3FhJ";
            const lines = refused("styles", { "myapp:api-key": "hunter2", "myapp:settings": { secret_key: "hunter2", auth: { creds: [random] } }, "vendor:AWS_SECRET_ACCESS_KEY": "hunter2", "myapp:credentials": "hunter2" });
            expect(lines.map((l) => l.split(" looks like")[0])).toEqual([
                "Pulumi.styles.yaml: myapp:api-key",
                "Pulumi.styles.yaml: myapp:settings.secret_key",
                "Pulumi.styles.yaml: myapp:settings.auth.creds[0]",
                "Pulumi.styles.yaml: vendor:AWS_SECRET_ACCESS_KEY",
                "Pulumi.styles.yaml: myapp:credentials",
            ]);
            expect(lines[1]).toContain("pulumi config set --secret --path 'myapp:settings.secret_key'");
            expect(lines.join("\n")).not.toMatch(new RegExp(`hunter2|${random}`));
        });

        it("accepts ordinary values, references and Pulumi secrets", () => {
            expect(refused("fine", {
                "myapp:region": "eu-west-1", "myapp:dbPasswordSecretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC", "myapp:token": { secure: "v1:abc" },
                "myapp:auth": "iam", "myapp:kmsKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab", "myapp:apiKey": "${OPENAI_API_KEY}", "splitplane:costCenter": "platform-1234",
            })).toEqual([]);
        });

        it("the program refuses the same on the real path, where Pulumi hands it decrypted config and the secret keys' names", async () => {
            const run = runProgram({
                program: programFromFile(path.join(root, "stacks/index.ts")),
                stack: "leak",
                config: { ...base, "myapp:webhook": CREDENTIAL_SAMPLES[0][0], "myapp:token": "decrypted-by-pulumi" },
                secretKeys: ["myapp:token"],
            });
            await expect(run).rejects.toThrow(/^stacks\/Pulumi\.leak\.yaml: myapp:webhook looks like a credential .*\(got an AWS access key id, in plain text\)[^\n]*$/);
        });
    });

    it("stops before the program runs when the stack file is invalid (offline engine)", async () => {
        const plan = planStack({
            stackFile: path.join(root, "test/fixtures/stacks/Pulumi.three-mistakes.yaml"),
            projectRoot: root,
            program: path.join(root, "test/fixtures/engine/must-not-run.ts"),
            policySet: { policies: [] },
        });
        await expect(plan).rejects.toSatisfy((e: unknown) => ConfigError.is(e));
    });

    it("the stack program itself validates first, so `pulumi up` registers nothing either", async () => {
        const run = runProgram({
            program: programFromFile(path.join(root, "stacks/index.ts")),
            stack: "bad",
            config: { ...base, "splitplane:network": JSON.stringify({ azCount: 9 }) },
        });
        await expect(run).rejects.toThrow("stacks/Pulumi.bad.yaml: splitplane:network.azCount must be between 2 and 6 (got 9)");
    });
});
