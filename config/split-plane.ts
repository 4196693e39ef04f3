import { z } from "zod";
import { STACK_NAME_EXPECTED, isStackName } from "../engine/stack-name";
import { dnsLabel, intBetween } from "./primitives";

export { dnsLabel };
import type { StackConfig } from "./schema";

/**
 * The split plane's own settings: the control plane, the agent in each compute plane and the AI
 * gateway. Cloud-neutral sections beside the cloud ones in `schema.ts`; every default is here.
 */

/** An https URL without a trailing slash (the charts append paths such as `/api/llm`). */
export const httpsUrl = z
    .string()
    .regex(/^https:\/\/[a-zA-Z0-9.-]+(:\d{1,5})?(\/[^\s?#]*)?$/, { error: "must be an https:// URL such as https://truefoundry.example.com" })
    .refine((u) => !u.endsWith("/"), { error: "must not end with '/' (the charts append paths to it)" });

/** A secret's name under the plane's secret-store prefix, e.g. `truefoundry-api-key`. */
export const storeSecretName = z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9/_+=.@-]*$/, { error: "must be a secret name under the store's prefix, such as truefoundry-sso-client-credential" });

export const ssoConfigSchema = z.strictObject({
    /** The external OIDC issuer (TrueFoundry's "EXTERNAL" OAuth provider type). */
    issuer: httpsUrl,
    /** The OIDC client id registered for the control plane (not a secret). */
    clientId: z.string().min(1),
});

/** A fully qualified stack name, as `pulumi.StackReference` takes it (the offline engine's rule, engine/stack-name.ts). */
export const stackReferenceName = z.string().refine(isStackName, { error: `must be ${STACK_NAME_EXPECTED}` });

const REFERENCE_KEY = "splitplane:controlPlane.stackReference";

export const controlPlaneConfigSchema = z
    .strictObject({
        /**
         * "self-hosted": this stack installs the `truefoundry` chart with its database and object
         * storage (AWS only in this release); "hosted": a control plane elsewhere, at `url` (TrueFoundry's
         * hosted one, or, with `stackReference`, the one another stack hosts); no chart installed here.
         * @default "self-hosted", "hosted" with `stackReference`
         */
        mode: z.enum(["self-hosted", "hosted"]).optional(),
        /** The URL users and agents reach the control plane at (https). Required unless `stackReference` is set. */
        url: httpsUrl.optional(),
        /** The TrueFoundry tenant name (a DNS label). Required unless `stackReference` is set. */
        tenantName: dnsLabel.optional(),
        /**
         * The stack that hosts the control plane this one shares (phase 3), fully qualified:
         * `<org>/<project>/<stack>` on Pulumi Cloud, `organization/<project>/<stack>` on a self-managed
         * backend. Its `controlPlane` output (URL, tenant, gateway URL) is read through
         * `pulumi.StackReference` at deploy time, never copied into this file.
         * @default undefined (the control plane is this stack's own or at `url`)
         */
        stackReference: stackReferenceName.optional(),
        /** Namespace of the control plane (and of the gateway beside it). @default "truefoundry" */
        namespace: dnsLabel.default("truefoundry"),
        /** Sizing tier of the truefoundry chart (`global.resourceTier`). @default "medium" */
        resourceTier: z.enum(["small", "medium", "large"]).default("medium"),
        /** Sign-in through your own OIDC issuer; the client secret is read from the store. @default undefined (TrueFoundry's auth server; with `stackReference`, the hosting stack's) */
        sso: ssoConfigSchema.optional(),
    })
    .superRefine((v, ctx) => {
        if (v.stackReference !== undefined) {
            for (const key of ["url", "tenantName", "sso"] as const) {
                if (v[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], input: v[key], message: `must not be set with ${REFERENCE_KEY}: it is read from that stack's controlPlane output, never copied` });
            }
            if (v.mode === "self-hosted") ctx.addIssue({ code: "custom", path: ["mode"], input: v.mode, message: `must not be "self-hosted" with ${REFERENCE_KEY}: the referenced stack hosts the control plane` });
            return;
        }
        for (const key of ["url", "tenantName"] as const) {
            if (v[key] === undefined) ctx.addIssue({ code: "custom", path: [key], input: undefined, message: `is required (or ${REFERENCE_KEY}, to read it from the stack that hosts the control plane)` });
        }
    })
    .transform((v) => ({ ...v, mode: v.mode ?? (v.stackReference ? "hosted" : "self-hosted") }) as Omit<typeof v, "mode"> & { mode: "self-hosted" | "hosted" });

export const agentConfigSchema = z
    .strictObject({
        /** Install the agent in this compute plane. @default true */
        enabled: z.boolean().default(true),
        /** Namespace of the agent. @default "tfy-agent" */
        namespace: dnsLabel.default("tfy-agent"),
        /**
         * Namespaces the control plane may manage through the agent; empty means the chart's
         * strict mode (required rules only, plus creating namespaces).
         * @default []
         */
        allowedNamespaces: z
            .array(dnsLabel)
            .refine((l) => new Set(l).size === l.length, { error: "must not list a namespace twice" })
            .default([]),
        /**
         * Loosening: the chart's default ClusterRole (`*` on every resource of every API group).
         * Shows in the plan report. @default false
         */
        clusterWideAccess: z.boolean().default(false),
        /**
         * Let the agent's chart create its ClusterSecretStore `tfy-secret-store` (a webhook to the
         * control plane, authenticated by the cluster token), through which workloads the control
         * plane deploys read TrueFoundry-managed secrets. A cluster-wide store, so it is a reported
         * loosening (secret sync lists it). @default false
         */
        truefoundrySecretStore: z.boolean().default(false),
    })
    .superRefine((v, ctx) => {
        if (v.clusterWideAccess && v.allowedNamespaces.length > 0) {
            ctx.addIssue({ code: "custom", path: ["clusterWideAccess"], input: v.clusterWideAccess, message: "must not be true when agent.allowedNamespaces is set (the chart then grants only the listed namespaces)" });
        }
    });

export const llmGatewayConfigSchema = z
    .strictObject({
        /** Install the AI gateway beside the control plane (self-hosted) or in this compute plane (hosted). @default true */
        enabled: z.boolean().default(true),
        /** Namespace of the gateway. @default controlPlane.namespace when self-hosted, "tfy-llm-gateway" otherwise */
        namespace: dnsLabel.optional(),
        /** Gateway id the control plane knows this gateway by (`GATEWAY_ID`). @default "<tenantName>-<stack>" */
        gatewayId: z.string().regex(/^[a-z0-9][-a-z0-9_]*$/, { error: "must be lower-case letters, digits, '-' and '_'" }).optional(),
        /** Host name routed to the gateway through the platform's mesh Gateway. @default undefined (no VirtualService) */
        host: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/, { error: "must be a DNS name such as llm.example.com" }).optional(),
        /** Autoscaling bounds (`autoscaling.minReplicas`/`maxReplicas`). @default { min: 1 in dev, 2 in staging, 3 in prod; max: 10 } */
        replicas: z
            .strictObject({ min: intBetween(1, 100).optional(), max: intBetween(1, 500).default(10) })
            .prefault({}),
        /** Sizing (`global.resourceTier`). @default "medium" */
        resourceTier: z.enum(["small", "medium", "large"]).default("medium"),
    })
    .superRefine((v, ctx) => {
        if (v.replicas.min !== undefined && v.replicas.min > v.replicas.max) {
            ctx.addIssue({ code: "custom", path: ["replicas", "min"], input: v.replicas.min, message: `must not exceed llmGateway.replicas.max (${v.replicas.max})` });
        }
    });

export type ControlPlaneConfig = z.infer<typeof controlPlaneConfigSchema>;
export type AgentConfig = z.infer<typeof agentConfigSchema>;
export type LlmGatewayConfig = z.infer<typeof llmGatewayConfigSchema>;

/**
 * Rules across sections (and the cloud), in the one-line form of the schema's messages.
 * Returns the problems; empty means valid. The program calls it before registering anything.
 */
export function splitPlaneProblems(cfg: Pick<StackConfig, "cloud" | "controlPlane" | "agent" | "llmGateway">, file: string): string[] {
    const problems: string[] = [];
    if (!cfg.controlPlane) {
        // Settings without a control plane would be silently ignored: say so instead.
        const set = (["agent", "llmGateway"] as const).filter((k) => JSON.stringify(cfg[k]) !== JSON.stringify(SECTION_DEFAULTS[k]()));
        for (const k of set) problems.push(`${file}: splitplane:${k} needs splitplane:controlPlane (the ${k === "agent" ? "agent connects" : "gateway registers"} with a control plane) (got ${k} settings and no controlPlane)`);
        return problems;
    }
    if (cfg.cloud === "azure" && cfg.controlPlane.mode === "self-hosted") {
        problems.push(`${file}: splitplane:controlPlane.mode must be "hosted" on azure (the truefoundry chart takes only a database password and a Blob account key there) (got "self-hosted")`);
    }
    return problems;
}

const SECTION_DEFAULTS = { agent: () => agentConfigSchema.parse({}), llmGateway: () => llmGatewayConfigSchema.parse({}) };

/** The split plane's loosened defaults, in words for the plan report (config/loosening.ts lists them all). */
export function splitPlaneLoosened(cfg: Pick<StackConfig, "controlPlane" | "agent">): string[] {
    if (!cfg.controlPlane || !cfg.agent.enabled || !cfg.agent.clusterWideAccess) return [];
    return ["splitplane:agent.clusterWideAccess: the agent's proxy holds the chart's default ClusterRole (every verb on every resource of every API group)"];
}

/** The split plane's settings with every default that depends on the environment or the mode decided. */
export interface ResolvedSplitPlane {
    /** With a shared control plane, its URL and tenant as read from the hosting stack. */
    controlPlane: ControlPlaneConfig & { url: string; tenantName: string };
    selfHosted: boolean;
    agent?: AgentConfig;
    llmGateway?: Omit<LlmGatewayConfig, "namespace" | "gatewayId" | "replicas"> & { namespace: string; gatewayId: string; replicas: { min: number; max: number } };
}

/** Gateway replicas kept through node drains and zone loss, by tier. */
const GATEWAY_MIN_REPLICAS = { dev: 1, staging: 2, prod: 3 } as const;

/**
 * The one place where the split plane's defaults depend on the environment or the control
 * plane's mode (undefined when the stack names no control plane).
 */
export function resolveSplitPlane(cfg: Pick<StackConfig, "environment" | "controlPlane" | "agent" | "llmGateway">, stack: string): ResolvedSplitPlane | undefined {
    const cp = cfg.controlPlane;
    if (!cp) return undefined;
    const { url, tenantName } = cp;
    // The program reads a referenced stack's control plane before it installs anything (stacks/shared-control-plane.ts).
    if (url === undefined || tenantName === undefined) throw new Error(`resolveSplitPlane: ${REFERENCE_KEY} ${JSON.stringify(cp.stackReference)} was not read before the split plane was installed`);
    const selfHosted = cp.mode === "self-hosted";
    const gw = cfg.llmGateway;
    const { namespace, gatewayId, replicas, ...rest } = gw;
    return {
        controlPlane: { ...cp, url, tenantName },
        selfHosted,
        agent: cfg.agent.enabled ? cfg.agent : undefined,
        llmGateway: gw.enabled
            ? {
                  ...rest,
                  namespace: namespace ?? (selfHosted ? cp.namespace : "tfy-llm-gateway"),
                  gatewayId: gatewayId ?? `${tenantName}-${stack}`.toLowerCase().replace(/[^a-z0-9_-]+/g, "-"),
                  replicas: { min: replicas.min ?? Math.min(GATEWAY_MIN_REPLICAS[cfg.environment], replicas.max), max: replicas.max },
              }
            : undefined,
    };
}
