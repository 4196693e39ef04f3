import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./catalog";

/**
 * The CrossGuard entry point: `pulumi preview --policy-pack policies [--policy-pack-config <file>]`.
 * The only module that constructs a PolicyPack (doing so starts the analyzer's gRPC server, one
 * per process); everything else imports ./catalog or ./policies.
 *
 * The pack's own level is advisory so that only the policies' levels decide: themes I and C are
 * mandatory, hardening (H) advisory until a stack's `policy.enforce` lists it.
 */
new PolicyPack("splitplane-policies", {
    policies: allPolicies,
    enforcementLevel: "advisory",
    description: "splitplane: no inbound ports open to the internet, no static credentials, hardening.",
});
