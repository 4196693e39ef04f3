import type { ComputePlane } from "../../components/compute-plane";
import { parseStackConfig } from "../../config/parse";
import { ProgramRun } from "../../engine/resource";
import { runProgram } from "../../engine/run";
import { runOnFakePlane } from "./fake-plane";

/** An id grant outside the prefix: the shape of an RDS-managed master secret's ARN. */
export const MASTER_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123-AbCdEf";

export const AWS_BASE = {
    "aws:region": "eu-west-1",
    "splitplane:cloud": "aws",
    "splitplane:environment": "dev",
    "splitplane:phase": "1",
    "splitplane:cluster": JSON.stringify({ admins: ["arn:aws:iam::111122223333:role/platform-admin"] }),
};

/**
 * What a platform consumer does on any plane: install the platform, get a store for its
 * namespace with exactly two secrets, and one ExternalSecret that assembles a credential Secret.
 */
export async function exercise(plane: ComputePlane, config: Record<string, string>, file: string): Promise<Record<string, unknown>> {
    const { installPlatform } = await import("../../stacks/platform");
    const cfg = parseStackConfig(config, file);
    const platform = installPlatform(plane, cfg, file);
    const store = platform.secretSync.storeFor("tfy-store", { namespace: "truefoundry", secrets: [{ name: "truefoundry/api-key" }, { id: MASTER_SECRET }] });
    store.externalSecret("creds", {
        name: "truefoundry-creds",
        targetName: "truefoundry-creds",
        data: [
            { secretKey: "TFY_API_KEY", from: { name: "truefoundry/api-key" } },
            { secretKey: "DB_PASSWORD", from: { id: MASTER_SECRET }, property: "password" },
        ],
        template: { data: { TFY_API_KEY: "{{ .TFY_API_KEY }}", DB_PASSWORD: "{{ .DB_PASSWORD }}", DB_HOST: "db.internal" } },
    });
    return { storeName: store.storeName, prefix: plane.secretStore.namePrefix };
}

export interface PlatformRun {
    run: ProgramRun;
    probe: Record<string, unknown>;
}

/** The AWS program (stacks/aws) with the platform on its plane. */
export async function runOnAws(stack: string, extra: Record<string, string> = {}): Promise<PlatformRun> {
    const config = { ...AWS_BASE, ...extra };
    const probe: Record<string, unknown> = {};
    const run = await runProgram({
        stack,
        config,
        program: async () => {
            const { provisionAws } = await import("../../stacks/aws");
            const file = `stacks/Pulumi.${stack}.yaml`;
            const { plane, outputs } = await provisionAws(parseStackConfig(config, file));
            if (!plane) throw new Error("no plane");
            Object.assign(probe, await exercise(plane, config, file));
            return { ...outputs, ...probe };
        },
    });
    return { run, probe: Object.fromEntries(Object.keys(probe).map((k) => [k, run.outputs[k]])) };
}

/** The same platform code on the fake plane. */
export async function runOnFake(stack: string, extra: Record<string, string> = {}): Promise<PlatformRun> {
    const config = { "splitplane:cloud": "aws", "splitplane:environment": "dev", ...extra };
    const r = await runOnFakePlane((plane) => exercise(plane, config, `stacks/Pulumi.${stack}.yaml`), stack);
    return { run: r.run, probe: r.probe };
}
