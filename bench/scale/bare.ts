import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { scaleProgram } from "./program";

// The SDK's floor: the scale program under Pulumi's own mocks, nothing recorded, nothing judged.
// `waitForRPCs` is how the SDK itself waits for registrations to drain (internal, pinned version).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const settings: { waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");

async function main(): Promise<void> {
    let registered = 0;
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered++;
                return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
            },
            call: (args) => args.inputs,
        },
        "splitplane",
        "scale",
        true,
    );
    const t0 = performance.now();
    scaleProgram();
    await settings.waitForRPCs();
    await new Promise((resolve) => setImmediate(resolve));
    await settings.waitForRPCs();
    process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0, registered })}\n`);
}

main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
});
