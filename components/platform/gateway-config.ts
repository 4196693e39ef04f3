import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigError } from "../../config/errors";
import { type CompiledManifest, GATEWAY_VERSION, hashManifests } from "../../gateway";

export { gatewayHelmOptions, gatewayHelmValues, type GatewayHelmOptions } from "../../gateway";

/**
 * Delivers the compiled gateway manifests to the control plane cluster as a versioned ConfigMap.
 *
 * Why a ConfigMap and not an API call: TrueFoundry documents `PUT {controlPlaneURL}/api/svc/v1/apply`
 * and the `tfy apply -f` CLI, but no Pulumi (or Terraform) provider. Driving the REST API from Pulumi
 * would need a dynamic provider holding a control-plane API key in stack config and state and calling
 * the network during preview, which cannot be verified offline. So the stack ships the exact manifests,
 * versioned and immutable, and CI applies them with `tfy apply -f` (previewed on pull requests with
 * `--dry-run --show-diff`); see docs/gateway.md.
 */

/** ConfigMap data keys: alphanumerics, '-', '_' and '.'. */
const manifestSchema = z.strictObject({
    file: z.string().regex(/^[-._a-zA-Z0-9]+$/, { message: "must be a valid ConfigMap key (letters, digits, '-', '_', '.')" }),
    type: z.string().min(1),
    name: z.string().min(1),
    content: z.string().min(1),
});

/** The API server rejects objects over 1 MiB; keep headroom for metadata. */
const MAX_BYTES = 900 * 1024;

export const gatewayConfigArgsSchema = z
    .strictObject({
        /** Output of `compile(config).manifests`. */
        manifests: z.array(manifestSchema).min(1).readonly(),
        /** Control plane namespace, e.g. `truefoundry`. */
        namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: "must be a DNS-1123 label" }).max(63),
        /** Provider for the control plane cluster (never the ambient kubeconfig). */
        provider: z.custom<k8s.Provider>((v) => pulumi.Resource.isInstance(v), { error: "must be a k8s.Provider" }),
        /** Gateway version the manifests were compiled for. @default "0.168.0" (the pinned version) */
        gatewayVersion: z.string().regex(/^\d+\.\d+\.\d+$/).default(GATEWAY_VERSION),
        /** Extra labels; the splitplane labels win on conflict. @default {} */
        labels: z.record(z.string(), z.string()).default({}),
    })
    .refine((a) => new Set(a.manifests.map((m) => m.file)).size === a.manifests.length, { message: "manifest file names must be unique", path: ["manifests"] });

export type GatewayConfigArgs = z.input<typeof gatewayConfigArgsSchema>;

/** The ConfigMap's name: a stable prefix plus 10 hex digits of the content hash, so a change rolls a new object. */
export function gatewayConfigMapName(prefix: string, manifests: readonly Pick<CompiledManifest, "file" | "content">[]): string {
    const base = prefix.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "gateway";
    return `${base}-${hashManifests(manifests).slice(0, 10)}`;
}

/** Labels on the ConfigMap: who made it, for which gateway version, and the full content hash. */
export function gatewayConfigLabels(gatewayVersion: string, contentHash: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return {
        ...extra,
        "app.kubernetes.io/managed-by": "splitplane",
        "app.kubernetes.io/component": "ai-gateway-config",
        "splitplane.dev/gateway-version": gatewayVersion,
        // Label values are at most 63 characters: the first 40 hex digits identify the content.
        "splitplane.dev/content-hash": contentHash.slice(0, 40),
    };
}

export class GatewayConfig extends pulumi.ComponentResource {
    readonly configMap: k8s.core.v1.ConfigMap;
    /** Name of the ConfigMap in the cluster (changes with the content). */
    readonly configMapName: pulumi.Output<string>;
    readonly namespace: string;
    /** sha256 of the manifests, hex. */
    readonly contentHash: string;
    readonly gatewayVersion: string;

    constructor(name: string, args: GatewayConfigArgs, opts?: pulumi.ComponentResourceOptions) {
        super("splitplane:platform:GatewayConfig", name, {}, opts);
        const parsed = gatewayConfigArgsSchema.safeParse(args);
        if (!parsed.success) {
            throw new ConfigError(parsed.error.issues.map((i) => `splitplane:platform:GatewayConfig "${name}": ${i.path.join(".") || "args"} ${i.message}`));
        }
        const a = parsed.data;
        const bytes = a.manifests.reduce((n, m) => n + Buffer.byteLength(m.content) + m.file.length, 0);
        if (bytes > MAX_BYTES) {
            throw new ConfigError([`splitplane:platform:GatewayConfig "${name}": manifests total ${bytes} bytes, over the ${MAX_BYTES}-byte ConfigMap budget (API limit 1 MiB); split the gateway config or trim rules`]);
        }
        this.contentHash = hashManifests(a.manifests);
        this.gatewayVersion = a.gatewayVersion;
        this.namespace = a.namespace;

        // The logical name `${name}-manifests` must never change; the object name carries the hash,
        // so new content is created before the old object is deleted (immutable objects cannot be edited).
        this.configMap = new k8s.core.v1.ConfigMap(
            `${name}-manifests`,
            {
                metadata: {
                    name: gatewayConfigMapName(name, a.manifests),
                    namespace: a.namespace,
                    labels: gatewayConfigLabels(a.gatewayVersion, this.contentHash, a.labels),
                    annotations: {
                        "splitplane.dev/apply": "tfy apply -f <each key>; preview with --dry-run --show-diff",
                        "splitplane.dev/manifest-types": [...new Set(a.manifests.map((m) => m.type))].join(","),
                    },
                },
                immutable: true,
                data: Object.fromEntries(a.manifests.map((m) => [m.file, m.content])),
            },
            { parent: this, provider: a.provider, deleteBeforeReplace: false },
        );
        this.configMapName = this.configMap.metadata.name;
        this.registerOutputs({ configMapName: this.configMapName, contentHash: this.contentHash, gatewayVersion: this.gatewayVersion });
    }
}
