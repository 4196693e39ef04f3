import { z } from "zod";
import { ConfigError } from "../../../config/errors";
import { formatZodIssues } from "../../../config/zod-format";
import { rolloutStepsSchema } from "../../../config/operations";
import type { NodePlacement } from "../../compute-plane";

/**
 * A sample Argo Rollout, built here and checked against the upstream Rollout CRD schema by the
 * tests; it is never applied. It shows the shape a service delivered through Argo CD takes to be
 * promoted by canary (Istio weights) or blue/green on a compute plane.
 *
 * Who owns what, so that nothing fights: the Rollout, its two Services and its VirtualService
 * belong to the workload's own delivery (an Argo CD Application the control plane creates);
 * Argo Rollouts rewrites that VirtualService's weights during a canary. Nothing Pulumi or a Helm
 * release of this repository owns is ever put under a Rollout: each `pulumi up` would reset the
 * weights Rollouts set. Canary of model endpoints by gateway weights is the gateway config's job
 * (docs/gateway.md), not a Rollout's.
 */

const name = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: "must be a DNS label" }).max(50, { error: "must be at most 50 characters (the Services add -canary/-stable)" });

export const sampleRolloutArgsSchema = z.strictObject({
    name,
    namespace: name,
    image: z.string().min(1),
    /** Container port of the HTTP service. */
    port: z.number().int().min(1).max(65535),
    /** @default 2 */
    replicas: z.number().int().min(0).max(1000).default(2),
    strategy: z.discriminatedUnion("kind", [
        z.strictObject({ kind: z.literal("canary"), steps: rolloutStepsSchema }),
        z.strictObject({
            kind: z.literal("blueGreen"),
            /** Promote without a human after this many seconds; omitted: a manual promotion. */
            autoPromotionSeconds: z.number().int().min(1).optional(),
        }),
    ]),
    /** Where the pods run (the plane's general or GPU placement). */
    placement: z.custom<NodePlacement>((v) => typeof v === "object" && v !== null && "nodeSelector" in v && "tolerations" in v, { error: "must be a NodePlacement" }),
});

export type SampleRolloutArgs = z.input<typeof sampleRolloutArgsSchema>;

/** The names the Rollout refers to, so the Services and VirtualService can be built to match. */
export const rolloutNames = (n: string) => ({ stable: `${n}-stable`, canary: `${n}-canary`, active: `${n}-active`, preview: `${n}-preview`, virtualService: n, route: "primary" });

/** Canary steps in Argo Rollouts' form: a `setWeight`, then a `pause` (timed, or until promoted) where one is given. */
export function canarySteps(steps: z.output<typeof rolloutStepsSchema>): Record<string, unknown>[] {
    return steps.flatMap((s) => [{ setWeight: s.weight }, ...(s.pause ? [{ pause: { duration: s.pause } }] : s.weight < 100 ? [{ pause: {} }] : [])]);
}

/** The Rollout's `spec.strategy` for the chosen kind. */
export function rolloutStrategy(a: z.output<typeof sampleRolloutArgsSchema>): Record<string, unknown> {
    const n = rolloutNames(a.name);
    switch (a.strategy.kind) {
        case "canary":
            return {
                canary: {
                    stableService: n.stable,
                    canaryService: n.canary,
                    trafficRouting: { istio: { virtualService: { name: n.virtualService, routes: [n.route] } } },
                    steps: canarySteps(a.strategy.steps),
                },
            };
        case "blueGreen":
            return {
                blueGreen: {
                    activeService: n.active,
                    previewService: n.preview,
                    autoPromotionEnabled: a.strategy.autoPromotionSeconds !== undefined,
                    ...(a.strategy.autoPromotionSeconds !== undefined ? { autoPromotionSeconds: a.strategy.autoPromotionSeconds } : {}),
                },
            };
        default: {
            const never: never = a.strategy;
            throw new Error(`unknown strategy ${JSON.stringify(never)}`);
        }
    }
}

/** The sample Rollout (`argoproj.io/v1alpha1`). Throws a ConfigError naming the field on bad args (a weight over 100, a step going back). */
export function sampleRollout(args: SampleRolloutArgs): Record<string, unknown> {
    const parsed = sampleRolloutArgsSchema.safeParse(args, { reportInput: true });
    if (!parsed.success) throw new ConfigError(formatZodIssues("sample Rollout", parsed.error.issues, sampleRolloutArgsSchema));
    const a = parsed.data;
    const labels = { "app.kubernetes.io/name": a.name };
    return {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Rollout",
        metadata: { name: a.name, namespace: a.namespace, labels },
        spec: {
            replicas: a.replicas,
            revisionHistoryLimit: 3,
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    nodeSelector: { ...a.placement.nodeSelector },
                    tolerations: a.placement.tolerations.map((t) => ({ ...t })),
                    containers: [
                        {
                            name: a.name,
                            image: a.image,
                            ports: [{ name: "http", containerPort: a.port, protocol: "TCP" }],
                            readinessProbe: { httpGet: { path: "/healthz", port: "http" } },
                            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
                        },
                    ],
                },
            },
            strategy: rolloutStrategy(a),
        },
    };
}

/**
 * The VirtualService a canary Rollout steers (`networking.istio.io/v1`): one named HTTP route with
 * the stable and canary Services as weighted destinations, all traffic on stable to begin with.
 * Owned by the workload's delivery, never by Pulumi (see the module comment).
 */
export function sampleVirtualService(a: { name: string; namespace: string; hosts: string[]; gateways: string[]; port: number }): Record<string, unknown> {
    const n = rolloutNames(a.name);
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: { name: n.virtualService, namespace: a.namespace },
        spec: {
            hosts: a.hosts,
            gateways: a.gateways,
            http: [
                {
                    name: n.route,
                    route: [
                        { destination: { host: n.stable, port: { number: a.port } }, weight: 100 },
                        { destination: { host: n.canary, port: { number: a.port } }, weight: 0 },
                    ],
                },
            ],
        },
    };
}
