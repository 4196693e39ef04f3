import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config/errors";
import { readStackConfig } from "../config/read";

/**
 * The splitplane program. `pulumi up` runs it per environment (`stacks/Pulumi.<stack>.yaml`);
 * the offline engine runs the same code under mocks.
 *
 * Config is read and validated first: an invalid stack throws a ConfigError naming the file and
 * the keys before a single resource is registered.
 */
export default async function main(): Promise<Record<string, unknown>> {
    const cfg = readStackConfig();
    switch (cfg.cloud) {
        case "aws": {
            const { deployAws } = await import("./aws");
            return await deployAws(cfg);
        }
        case "azure":
            throw new ConfigError([
                `stacks/Pulumi.${pulumi.getStack()}.yaml: splitplane:cloud must be "aws" in this release (got "azure": the Azure compute plane is not built yet)`,
            ]);
        default: {
            const unreachable: never = cfg.cloud;
            throw new Error(`unhandled cloud ${String(unreachable)}`);
        }
    }
}
