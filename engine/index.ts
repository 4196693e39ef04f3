/**
 * The offline plan engine: run a Pulumi program under realistic mocks, record every
 * registration faithfully, and evaluate CrossGuard policies as `pulumi preview` would.
 */
export { runProgram, RunOptions } from "./run";
export { ProgramRun, RecordedResource, RecordedOptions } from "./resource";
export { evaluatePolicies, violationsOf, PolicyResult, Violation, Outcome, EvaluateOptions } from "./policy";
export { planStack, StackPlanner, mandatoryCount, exemptionsOf, PlanResult, PolicySet, Exemption } from "./plan";
export { parseStackName, isStackName, configKeyHolding, StackName, STACK_NAME_EXPECTED } from "./stack-name";
export { referencesOf, StackReferenceRead } from "./stack-reference";
export { planJson, textReport, markdownReport } from "./report";
export { programFromFile } from "./program";
export { toPolicyProps, toReportJson, UNKNOWN } from "./values";
export { inputsOf, outputsOf, byType, one, childrenOf, dependsOn } from "./testing";
export { MOCK_ACCOUNT_ID, MOCK_SUBSCRIPTION_ID, MOCK_TENANT_ID } from "./mocks";
