import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { BootstrapSecret, fillCommand } from "../platform/synced-secrets";
import { input, parseArgs, tagsSchema } from "./args";

const bootstrapSecretSchema = z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9/_+=.@-]*$/),
    purpose: z.string().min(1),
    source: z.enum(["file", "generate", "download"]),
    file: z.string().min(1),
    url: z.string().startsWith("https://").optional(),
});

export const bootstrapSecretsArgsSchema = z.strictObject({
    /** The store's prefix (`splitplane/<stack>/`); every container is named under it. */
    namePrefix: z.string().regex(/\/$/, { error: "must end with /" }),
    /** The store's KMS key: the values are encrypted with it once filled. */
    kmsKeyArn: input<string>(),
    secrets: z
        .array(bootstrapSecretSchema)
        .refine((l) => new Set(l.map((s) => s.name)).size === l.length, { error: "must not name a secret twice" }),
    /** Days Secrets Manager keeps a deleted secret recoverable (0 deletes at once). @default 30 */
    recoveryWindowInDays: z.number().int().refine((d) => d === 0 || (d >= 7 && d <= 30), { error: "must be 0 or between 7 and 30" }).default(30),
    /** Pulumi `protect` on each container (prod, phase 3): deleting one loses what a human filled in. @default false */
    protect: z.boolean().default(false),
    tags: tagsSchema,
});
export type BootstrapSecretsArgs = z.input<typeof bootstrapSecretsArgsSchema>;

/** One secret still to be filled by a human step, as the plan report and the stack output list it. */
export interface SecretToFill {
    secret: string;
    purpose: string;
    command: string;
}

/**
 * Empty Secrets Manager secrets for values that exist only after a human step (TrueFoundry's API
 * key and image-pull credentials, the cluster token the control plane issues). No
 * `SecretVersion` is ever made here: no value is in code, config or state. The ExternalSecrets
 * that read them fail to sync (visibly, `SecretSyncedError`) until someone fills them with the
 * command in `toFill`.
 */
export class BootstrapSecrets extends pulumi.ComponentResource {
    readonly secrets: Record<string, aws.secretsmanager.Secret>;
    readonly toFill: SecretToFill[];

    constructor(name: string, args: BootstrapSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything: bad args leave no trace in the plan.
        const a = parseArgs(bootstrapSecretsArgsSchema, args, "splitplane:aws:BootstrapSecrets", name);
        super("splitplane:aws:BootstrapSecrets", name, {}, opts);
        this.secrets = {};
        this.toFill = [];
        for (const s of a.secrets as BootstrapSecret[]) {
            const full = `${a.namePrefix}${s.name}`;
            // The child name derives from the secret's stable name, never from its list position.
            this.secrets[s.name] = new aws.secretsmanager.Secret(
                `${name}-${s.name.replace(/[^A-Za-z0-9-]+/g, "-")}`,
                {
                    name: full,
                    description: `splitplane bootstrap: ${s.purpose}`.slice(0, 2048),
                    kmsKeyId: a.kmsKeyArn,
                    recoveryWindowInDays: a.recoveryWindowInDays,
                    tags: { ...a.tags, "splitplane:bootstrap": "fill-after-first-up" },
                },
                { parent: this, protect: a.protect },
            );
            this.toFill.push({ secret: full, purpose: s.purpose, command: fillCommand("aws-secrets-manager", full, s) });
        }
        this.registerOutputs({ toFill: this.toFill });
    }
}
