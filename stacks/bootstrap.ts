import type { StackConfig } from "../config/schema";
import { aksClusterNameFor } from "./azure/validate";
import { clusterNameFor } from "./aws/validate";

/**
 * The human steps left after a `pulumi up` (stack output `bootstrapSteps`, listed by the plan
 * report): what no program can do because the value is issued by someone else (TrueFoundry's
 * licence, the cluster token the control plane issues on registration) or because the step is
 * the control plane's, not the cloud's. Pure: the program passes what it built.
 */
export interface BootstrapFacts {
    phase: number;
    /** The cluster's name, as it is registered in the control plane. */
    clusterName: string;
    /** Where the control plane is and who runs it; undefined without one. */
    controlPlane?: { url: string; selfHosted: boolean; sharedFrom?: string };
    agent: boolean;
    /** How the gateway config reaches the control plane: a ConfigMap here (self-hosted), or CI's `tfy apply`. */
    gatewayConfig?: { path: string; delivered: "configmap" | "ci" };
    /**
     * Provider credentials synced from the store (AWS, phase 1): the folder the keys go in, the
     * integration that reads them, and how its manifest reaches the control plane.
     */
    providerCredentials?: { secretPrefix: string; integrationFqn: string; manifestFile: string; delivered: "configmap" | "ci" };
    /** Phase-2 parts that need a step in the control plane or the database. */
    artifactBucket: boolean;
    platformDatabase: "rds" | "azure-postgres" | undefined;
}

/** The steps, in the order to do them; empty when nothing is left to a human. */
export function bootstrapSteps(f: BootstrapFacts): string[] {
    const steps: string[] = [];
    const cp = f.controlPlane;
    if (cp) steps.push(`fill the secrets listed under "Secrets to fill" (the licence values TrueFoundry issues first); kubectl get externalsecrets -A shows each one synced`);
    if (cp?.selfHosted) steps.push(`open ${cp.url} (its DNS name points at the internal load balancer, stack output ingressHostname) and sign in: the control plane is up`);
    if (cp && f.agent) {
        const where = cp.sharedFrom ? `the shared control plane ${cp.url} (hosted by ${cp.sharedFrom})` : `the control plane at ${cp.url}`;
        steps.push(`register cluster ${f.clusterName} in ${where} (Platform > Clusters) and store the token it issues in truefoundry-cluster-token; the agent then connects out to it`);
    }
    const pc = cp ? f.providerCredentials : undefined;
    if (pc?.delivered === "ci") {
        steps.push(`apply the provider account of the secret store from CI, before the gateway config: pulumi stack output controlPlaneManifests --json | jq -r '.["${pc.manifestFile}"]' > ${pc.manifestFile}, then tfy apply -f ${pc.manifestFile} against ${cp?.url} (docs/gateway.md)`);
    }
    if (cp && (f.gatewayConfig || pc?.delivered === "configmap")) {
        steps.push(
            f.gatewayConfig?.delivered === "ci"
                ? `apply the gateway config from CI: npm run gateway -- compile ${f.gatewayConfig.path}, then tfy apply -f on each manifest, against ${cp.url} (docs/gateway.md)`
                : `apply the gateway config: CI runs tfy apply -f on each key of the ConfigMap in stack output gatewayConfigMap (docs/gateway.md)`,
        );
    }
    if (pc) {
        steps.push(
            `put each LLM provider key the gateway config references in Secrets Manager under ${pc.secretPrefix} (aws secretsmanager create-secret --name ${pc.secretPrefix}<KEY> --kms-key-id <stack output secretStoreKmsKeyArn> --secret-string file://<KEY>.txt), and reference it through the integration ${pc.integrationFqn}: the control plane reads it with the role in stack output providerCredentials.roleArn and picks up a rotation within the hour (docs/phases.md)`,
        );
    } else if (cp && f.gatewayConfig && f.phase >= 1) {
        steps.push("create the secret groups the gateway config references (tfy-secret://<tenant>:<group>:<key>) in the control plane before apps send traffic");
    }
    if (f.platformDatabase === "rds") steps.push("enable pgvector in the platform's database once: CREATE EXTENSION IF NOT EXISTS vector; as the master user (its secret: stack output databaseMasterSecretArn)");
    if (f.platformDatabase === "azure-postgres") steps.push("enable pgvector in the platform's database once (azure.extensions already allows it): CREATE EXTENSION IF NOT EXISTS vector; signed in with an Entra token as the database's Entra administrator");
    if (cp && f.artifactBucket) steps.push("register the bucket in stack output artifactBucket as the ML repository storage in the control plane, with a role you grant for it");
    return steps;
}

/** The steps of this stack, from its config (with a shared control plane already read) and how its gateway config is delivered. */
export function stackBootstrapSteps(cfg: StackConfig, a: { stack: string; sharedFrom?: string; gatewayDelivered?: "configmap" | "ci"; providerCredentials?: BootstrapFacts["providerCredentials"] }): string[] {
    const cp = cfg.controlPlane;
    const gpuOrData = cfg.phase >= 2;
    return bootstrapSteps({
        phase: cfg.phase,
        clusterName: cfg.cloud === "aws" ? clusterNameFor(a.stack) : aksClusterNameFor(a.stack),
        controlPlane: cp?.url ? { url: cp.url, selfHosted: cp.mode === "self-hosted", sharedFrom: a.sharedFrom } : undefined,
        agent: cfg.agent.enabled,
        gatewayConfig: cfg.gateway && a.gatewayDelivered ? { path: cfg.gateway.config, delivered: a.gatewayDelivered } : undefined,
        providerCredentials: a.providerCredentials,
        artifactBucket: cfg.cloud === "aws" && gpuOrData && cp !== undefined,
        platformDatabase: gpuOrData ? (cfg.cloud === "aws" ? "rds" : "azure-postgres") : undefined,
    });
}
