import * as path from "node:path";
import { ConfigError } from "../config/errors";
import { loadStackFile } from "../config/load";
import { packConfigFor } from "./policies";

/**
 * Writes the CrossGuard policy config for one stack, so a real preview enforces exactly what
 * `npm run plan` enforces (levels, exemptions, prod-only policies):
 *
 *   npx tsx policies/pack-config.ts stacks/Pulumi.aws-phase3-prod.yaml > policy-config.json
 *   pulumi preview --stack aws-phase3-prod --policy-pack policies --policy-pack-config policy-config.json
 */
export function packConfigJson(stackFile: string, projectRoot = process.cwd()): string {
    const loaded = loadStackFile(path.resolve(stackFile), projectRoot);
    return `${JSON.stringify(packConfigFor(loaded.splitplane, loaded.file), null, 2)}\n`;
}

if (require.main === module) {
    const [file] = process.argv.slice(2);
    try {
        if (!file) throw new ConfigError(["usage: npx tsx policies/pack-config.ts stacks/Pulumi.<stack>.yaml"]);
        process.stdout.write(packConfigJson(file));
    } catch (err) {
        process.stderr.write(`${ConfigError.is(err) ? err.problems.join("\n") : String(err)}\n`);
        process.exitCode = 2;
    }
}
