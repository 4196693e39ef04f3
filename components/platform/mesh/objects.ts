import { createHash } from "node:crypto";
import { MESH_ROOT_NAMESPACE } from "./values";

/**
 * The mesh's Istio objects as plain data: mesh-wide STRICT mTLS, the port-level exceptions, and
 * the platform Gateway. The PeerAuthentications are checked in tests against the pinned
 * `security.istio.io` CRD (v1).
 */

export const PEER_AUTHENTICATION_API = "security.istio.io/v1";
export const GATEWAY_API = "networking.istio.io/v1";
/** The Gateway every platform VirtualService binds to, as `<namespace>/<name>`. */
export const PLATFORM_GATEWAY_NAME = "platform-gateway";

/**
 * Mesh-wide STRICT mTLS: a PeerAuthentication named `default` in the root namespace, without a
 * selector (a selector there is ignored: istio.io/latest/docs/reference/config/security/peer_authentication).
 * Every sidecar then refuses plain text unless a narrower policy says otherwise for one port.
 */
export function meshWideStrictMtls(): Record<string, unknown> {
    return {
        apiVersion: PEER_AUTHENTICATION_API,
        kind: "PeerAuthentication",
        metadata: { name: "default", namespace: MESH_ROOT_NAMESPACE, labels: { "app.kubernetes.io/managed-by": "splitplane" } },
        spec: { mtls: { mode: "STRICT" } },
    };
}

export interface MtlsExceptionSpec {
    namespace: string;
    selector: Record<string, string>;
    port: number;
    reason: string;
}

/** One workload's exceptions: one PeerAuthentication for all its plain-text ports (two policies selecting one workload conflict). */
export interface WorkloadExceptions {
    namespace: string;
    selector: Record<string, string>;
    ports: number[];
    reasons: string[];
    /** Stable: derived from the namespace and the selector, never a list position. */
    key: string;
}

/** Exceptions grouped by workload (namespace and selector), ports sorted and unique, in a stable order. */
export function groupExceptions(exceptions: readonly MtlsExceptionSpec[]): WorkloadExceptions[] {
    const byKey = new Map<string, WorkloadExceptions>();
    for (const e of exceptions) {
        const key = workloadKey(e.namespace, e.selector);
        const w = byKey.get(key) ?? { namespace: e.namespace, selector: { ...e.selector }, ports: [], reasons: [], key };
        if (!w.ports.includes(e.port)) w.ports.push(e.port);
        w.reasons.push(`${e.port}: ${e.reason}`);
        byKey.set(key, w);
    }
    return [...byKey.values()].map((w) => ({ ...w, ports: [...w.ports].sort((x, y) => x - y) })).sort((a, b) => a.key.localeCompare(b.key));
}

/** `<namespace>-<8 hex of the canonical selector>`: the same workload always maps to the same name. */
export function workloadKey(namespace: string, selector: Record<string, string>): string {
    const canonical = JSON.stringify(Object.entries(selector).sort(([a], [b]) => a.localeCompare(b)));
    return `${namespace}-${createHash("sha256").update(canonical).digest("hex").slice(0, 8)}`;
}

/**
 * The narrowest exception Istio offers: in the workload's own namespace, selecting only that
 * workload, STRICT for the workload as a whole and PERMISSIVE (mTLS or plain text) on the listed
 * ports only. `portLevelMtls` needs a selector (the CRD's rule) and names the workload's
 * container port, not the Service's.
 */
export function mtlsExceptionPolicy(w: WorkloadExceptions): Record<string, unknown> {
    return {
        apiVersion: PEER_AUTHENTICATION_API,
        kind: "PeerAuthentication",
        metadata: {
            name: `splitplane-plaintext-${w.key.slice(w.namespace.length + 1)}`,
            namespace: w.namespace,
            labels: { "app.kubernetes.io/managed-by": "splitplane" },
            // Kubernetes annotations are where a reader of the live object finds why.
            annotations: { "splitplane.dev/reason": w.reasons.join("; ") },
        },
        spec: {
            selector: { matchLabels: { ...w.selector } },
            mtls: { mode: "STRICT" },
            portLevelMtls: Object.fromEntries(w.ports.map((p) => [String(p), { mode: "PERMISSIVE" }])),
        },
    };
}

/**
 * The platform's Gateway on the ingress gateway's pods: plain HTTP on port 80 for `hosts`, because
 * TLS ends at the cloud's internal load balancer in front (the ALB's listener on AWS) and the
 * gateway carries requests on to the sidecars over mTLS.
 */
export function platformGatewayObject(a: { namespace: string; selector: Record<string, string>; hosts: string[] }): Record<string, unknown> {
    return {
        apiVersion: GATEWAY_API,
        kind: "Gateway",
        metadata: { name: PLATFORM_GATEWAY_NAME, namespace: a.namespace, labels: { "app.kubernetes.io/managed-by": "splitplane" } },
        spec: {
            selector: { ...a.selector },
            servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: [...a.hosts] }],
        },
    };
}
