/**
 * splitplane gateway governance: TrueFoundry AI Gateway config as typed, validated, simulated code.
 * Pinned to gateway 0.168.0 (guardrail rules in the v0.116+ schema); see docs/gateway.md.
 *
 * This module must stay free of Pulumi imports so that the CLI and validation load fast; the
 * Pulumi delivery lives in components/platform/gateway-config.ts.
 *
 * Stack usage (config key `splitplane:gateway` = `{ config: "<path from the repo root>", governance?: "error" | "warning" }`):
 *
 * ```ts
 * const result = await loadGatewayConfig(gw.config, { root: repoRoot });
 * if (result.errors.length > 0) throw new ConfigError(result.errors); // exit 2, nothing registered
 * const compiled = compile(result.config);
 * new GatewayConfig("gateway", { manifests: compiled.manifests, namespace, provider });
 * ```
 */

export { GATEWAY_CHART, GATEWAY_IMAGE_TAG, GATEWAY_VERSION, GUARDRAILS_SCHEMA_SINCE } from "./version";
export * from "./schema";
export type { Finding, Issue, RuleCode, RuleKind, Severity } from "./issues";
export { didYouMean, formatIssue } from "./issues";
export { ALWAYS_ERROR, type GovernanceLevel, RULES } from "./codes";
export type { GatewayConfigSet, Located } from "./config-set";
export type { RawDocument, SourceResult } from "./source";
export { MAX_ALIAS_COUNT, fromObjects, parseText, readGatewaySources } from "./source";
export type { CheckOptions, GatewayCheckResult } from "./validate";
export { checkGatewayObjects, checkSources, loadGatewayConfig, validate } from "./validate";
export { describeCredential } from "./validate/credentials";
export type { AppliedGuardrail, RouteReport, RouteRequest, SimulatedTarget } from "./simulate";
export { simulateRoute } from "./simulate";
export type { CompiledGateway, CompiledManifest } from "./compile";
export { compile, hashManifests } from "./compile";
export type { GatewayHelmOptions } from "./helm";
export { gatewayHelmOptions, gatewayHelmValues, k8sSecretRef } from "./helm";
export type { SecretsManagerAccountArgs } from "./provider-account";
export { awsSecretsManagerAccount, compileSecretsManagerAccount, secretStoreIntegrationFqn } from "./provider-account";
