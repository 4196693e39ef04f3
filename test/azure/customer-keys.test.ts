import { beforeAll, describe, expect, it } from "vitest";
import { customerKeyProperties } from "../../components/azure/customer-keys";
import { CMK_STORAGE_CLASS } from "../../components/azure/disk-encryption";
import { pairedRegion } from "../../components/azure/region-pairs";
import { BUILTIN_ROLE } from "../../components/azure/roles";
import { ConfigError } from "../../config/errors";
import { loosenedDefaults } from "../../config/loosening";
import { parseStackConfig } from "../../config/parse";
import { evaluatePolicies, PolicyResult } from "../../engine/policy";
import { diffRuns, isAdditive } from "../../engine/promotion/diff";
import { ProgramRun, RecordedResource } from "../../engine/resource";
import { uuid } from "../../engine/mocks/ids";
import { byType, dependsOn, inputsOf, outputsOf } from "../../engine/testing";
import { allPolicies } from "../../policies/policies";
import { keyConsumersAt } from "../../stacks/azure";
import { AZ, azureConfig, named, runAzureStack } from "./scenario";

/**
 * Encryption at rest with the stack's own Key Vault keys (splitplane:encryption): the key URIs
 * each store names, the role each identity holds and on what, the edges that make the grant come
 * before the store, and the advisory finding gone (or, opted out, reported as a loosening).
 */

const T = {
    key: "azure-native:keyvault:Key",
    des: "azure-native:compute:DiskEncryptionSet",
    server: "azure-native:dbforpostgresql:Server",
    account: "azure-native:storage:StorageAccount",
    storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
} as const;

const roleId = (guid: string) => expect.stringMatching(new RegExp(`^/subscriptions/[0-9a-f-]{36}/providers/Microsoft\\.Authorization/roleDefinitions/${guid}$`));

let prod: ProgramRun;
let prodPlane: Record<string, unknown>;
let platform: ProgramRun;
let platformPlane: Record<string, unknown>;
let cmkFindings: PolicyResult[];
/** The platform-keys stack again, with customer keys: what switching an existing stack does. */
let switched: ProgramRun;
const CMK_POLICY = allPolicies.filter((p) => p.name === "azure-customer-managed-keys");

beforeAll(async () => {
    ({ run: prod, probe: prodPlane } = await runAzureStack("azure-cmk-prod", azureConfig({ environment: "prod", phase: 3 }), (d) => ({ storageClassName: d.plane.storageClassName })));
    ({ run: platform, probe: platformPlane } = await runAzureStack("azure-cmk-platform", azureConfig({ phase: 2, encryption: { keys: "platform" } }), (d) => ({ storageClassName: d.plane.storageClassName })));
    ({ run: switched } = await runAzureStack("azure-cmk-platform", azureConfig({ phase: 2 })));
    cmkFindings = await evaluatePolicies([...prod.resources, ...platform.resources], { policies: CMK_POLICY });
}, 90_000);

const key = (run: ProgramRun, name: string) => named(run, T.key, name);
/** The one role assignment held by `principalId` with this role. */
function grantOf(run: ProgramRun, principalId: string, role: string): RecordedResource {
    const found = byType(run, AZ.role).filter((g) => inputsOf(g).principalId === principalId && String(inputsOf(g).roleDefinitionId).endsWith(role));
    expect(found).toHaveLength(1);
    return found[0];
}

describe("the keys (prod, phase 3)", () => {
    it("one RSA 3072 wrap/unwrap key per store in the environment's vault, rotated yearly, never expiring", () => {
        const vault = outputsOf(named(prod, AZ.vault, "secrets-vault"));
        for (const consumer of ["disks", "postgres", "storage"]) {
            const k = inputsOf(key(prod, `keys-${consumer}`));
            expect(k).toMatchObject({ vaultName: vault.name, keyName: `cmk-${consumer}` });
            expect(k.properties).toEqual({ kty: "RSA", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"], attributes: { enabled: true, exportable: false }, rotationPolicy: { lifetimeActions: [{ trigger: { timeAfterCreate: "P365D" }, action: { type: "rotate" } }] } });
            expect(k.properties.attributes.expires).toBeUndefined();
        }
        // Before phase 2 only the disks take a key (no store would use the others).
        expect(keyConsumersAt(0)).toEqual(["disks"]);
        expect(keyConsumersAt(2)).toEqual(["disks", "postgres", "storage"]);
        expect(customerKeyProperties(4096, 90)).toMatchObject({ keySize: 4096, rotationPolicy: { lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" } }] } });
    });

    it("ARM writes them as the deployer, granted Key Vault Crypto Officer on each vault (and nothing wider) first", () => {
        const officers = byType(prod, AZ.role).filter((g) => inputsOf(g).principalId === uuid("object"));
        const vaults = { "secrets-vault": "keys", "geo-backup-vault-vault": "geo-backup-keys" } as const;
        expect(officers.map((g) => inputsOf(g).scope).sort()).toEqual(Object.keys(vaults).map((v) => named(prod, AZ.vault, v).id).sort());
        for (const officer of officers) {
            expect(inputsOf(officer).roleDefinitionId).toEqual(roleId(BUILTIN_ROLE.keyVaultCryptoOfficer));
            // A CI identity by default (azure-native would otherwise send "User").
            expect(inputsOf(officer).principalType).toBe("ServicePrincipal");
        }
        const officerOn = (vault: string) => officers.find((g) => inputsOf(g).scope === named(prod, AZ.vault, vault).id)!;
        for (const consumer of ["disks", "postgres", "storage"]) expect(dependsOn(prod, key(prod, `keys-${consumer}`), officerOn("secrets-vault"))).toBe(true);
        expect(dependsOn(prod, key(prod, "geo-backup-keys-postgres"), officerOn("geo-backup-vault-vault"))).toBe(true);
    });

    it("the vault keeps purge protection and soft delete, and admits only trusted services past its firewall", () => {
        expect(inputsOf(named(prod, AZ.vault, "secrets-vault")).properties).toMatchObject({ enablePurgeProtection: true, enableSoftDelete: true, publicNetworkAccess: "Disabled", networkAcls: { defaultAction: "Deny", bypass: "AzureServices" } });
    });
});

describe("AKS disks", () => {
    it("the disk encryption set names the disks key's current version in this vault, and follows rotations", () => {
        const set = inputsOf(named(prod, T.des, "disk-encryption-set"));
        const disks = outputsOf(key(prod, "keys-disks"));
        expect(disks.keyUriWithVersion).toMatch(/^https:\/\/kv-[a-z0-9-]+\.vault\.azure\.net\/keys\/cmk-disks\/[0-9a-f]{32}$/);
        expect(set).toMatchObject({ encryptionType: "EncryptionAtRestWithCustomerKey", identity: { type: "SystemAssigned" }, rotationToLatestKeyVersionEnabled: true, activeKey: { keyUrl: disks.keyUriWithVersion, sourceVault: { id: named(prod, AZ.vault, "secrets-vault").id } } });
    });

    it("its identity holds Crypto Service Encryption User on the disks key alone, before the cluster names the set", () => {
        const set = named(prod, T.des, "disk-encryption-set");
        const grant = grantOf(prod, outputsOf(set).identity.principalId, BUILTIN_ROLE.keyVaultCryptoServiceEncryptionUser);
        expect(inputsOf(grant)).toMatchObject({ scope: key(prod, "keys-disks").id, roleDefinitionId: roleId(BUILTIN_ROLE.keyVaultCryptoServiceEncryptionUser), principalType: "ServicePrincipal" });
        expect(inputsOf(grant).scope).toMatch(/\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+\/keys\/cmk-disks$/);
        const cluster = named(prod, AZ.cluster, "cluster-aks");
        expect(inputsOf(cluster).diskEncryptionSetID).toBe(set.id);
        expect(dependsOn(prod, cluster, grant)).toBe(true);
        // The cluster identity reads the set (ARM's linked check when a disk names it), nothing more.
        const reader = grantOf(prod, outputsOf(named(prod, AZ.identity, "cluster-control-plane-identity")).principalId, BUILTIN_ROLE.reader);
        expect(inputsOf(reader).scope).toBe(set.id);
        expect(dependsOn(prod, cluster, reader)).toBe(true);
    });

    it("persistent volumes: a default disk.csi.azure.com StorageClass with the set, which is the plane's storageClassName", () => {
        const sc = inputsOf(named(prod, T.storageClass, "cluster-storage-class"));
        expect(sc).toMatchObject({ metadata: { name: CMK_STORAGE_CLASS, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }, provisioner: "disk.csi.azure.com", parameters: { diskEncryptionSetID: named(prod, T.des, "disk-encryption-set").id }, volumeBindingMode: "WaitForFirstConsumer" });
        expect(prodPlane.storageClassName).toBe(CMK_STORAGE_CLASS);
    });
});

describe("Blob storage", () => {
    it("Microsoft.Keyvault with the storage key (no version: it follows rotations), a user-assigned identity, infrastructure encryption", () => {
        const account = inputsOf(named(prod, T.account, "artifacts-account"));
        const identity = named(prod, AZ.identity, "artifacts-key-identity");
        expect(account.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: [identity.id] });
        expect(account.encryption).toEqual({
            keySource: "Microsoft.Keyvault",
            keyVaultProperties: { keyName: "cmk-storage", keyVaultUri: outputsOf(named(prod, AZ.vault, "secrets-vault")).properties.vaultUri },
            encryptionIdentity: { encryptionUserAssignedIdentity: identity.id },
            requireInfrastructureEncryption: true,
        });
    });

    it("the identity holds the role on the storage key before the account is created", () => {
        const grant = grantOf(prod, outputsOf(named(prod, AZ.identity, "artifacts-key-identity")).principalId, BUILTIN_ROLE.keyVaultCryptoServiceEncryptionUser);
        expect(inputsOf(grant).scope).toBe(key(prod, "keys-storage").id);
        expect(dependsOn(prod, named(prod, T.account, "artifacts-account"), grant)).toBe(true);
    });
});

describe("Postgres (prod: geo-redundant backups)", () => {
    it("AzureKeyVault with the postgres key (versionless) and its identity; the geo-backup key in a vault in the paired region", () => {
        const server = inputsOf(named(prod, T.server, "postgres-server"));
        const primary = named(prod, AZ.identity, "postgres-key-identity");
        const geo = named(prod, AZ.identity, "postgres-geo-key-identity");
        expect(server.backup.geoRedundantBackup).toBe("Enabled");
        expect(server.dataEncryption).toEqual({
            type: "AzureKeyVault",
            primaryKeyURI: outputsOf(key(prod, "keys-postgres")).keyUri,
            primaryUserAssignedIdentityId: primary.id,
            geoBackupKeyURI: outputsOf(key(prod, "geo-backup-keys-postgres")).keyUri,
            geoBackupUserAssignedIdentityId: geo.id,
        });
        expect(server.dataEncryption.primaryKeyURI).toMatch(/\/keys\/cmk-postgres$/);
        expect(server.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: { [String(primary.id)]: {}, [String(geo.id)]: {} } });
        // westeurope's pair: the geo vault and its identity are there; the vault is as locked down, with no private endpoint.
        expect(pairedRegion("westeurope")).toBe("northeurope");
        const geoVault = inputsOf(named(prod, AZ.vault, "geo-backup-vault-vault"));
        expect(geoVault.location).toBe("northeurope");
        expect(inputsOf(geo).location).toBe("northeurope");
        expect(geoVault.properties).toMatchObject({ enablePurgeProtection: true, publicNetworkAccess: "Disabled", networkAcls: { defaultAction: "Deny", bypass: "AzureServices" } });
        expect(inputsOf(key(prod, "geo-backup-keys-postgres")).vaultName).toBe(outputsOf(named(prod, AZ.vault, "geo-backup-vault-vault")).name);
    });

    it("each identity holds the role on its own key, before the server is created with them", () => {
        const server = named(prod, T.server, "postgres-server");
        for (const [identity, k] of [["postgres-key-identity", "keys-postgres"], ["postgres-geo-key-identity", "geo-backup-keys-postgres"]]) {
            const grant = grantOf(prod, outputsOf(named(prod, AZ.identity, identity)).principalId, BUILTIN_ROLE.keyVaultCryptoServiceEncryptionUser);
            expect(inputsOf(grant).scope).toBe(key(prod, k).id);
            expect(dependsOn(prod, server, grant)).toBe(true);
        }
    });
});

describe("the advisory finding and the opt-out", () => {
    const findings = (run: ProgramRun) => {
        const urns = new Set(run.resources.map((r) => r.urn));
        return cmkFindings.filter((r) => r.urn !== undefined && urns.has(r.urn));
    };

    it("azure-customer-managed-keys passes on the cluster, the server and the account of a default stack", () => {
        const results = findings(prod);
        expect(results.filter((r) => r.outcome === "violation" || r.outcome === "unknown")).toEqual([]);
        const judged = new Set(results.filter((r) => r.outcome === "pass").map((r) => r.urn));
        for (const [type, name] of [[AZ.cluster, "cluster-aks"], [T.server, "postgres-server"], [T.account, "artifacts-account"]]) expect(judged.has(named(prod, type, name).urn)).toBe(true);
    });

    it("encryption.keys: platform: no key, no disk encryption set, AKS's managed-csi, the three findings, and a reported loosening", () => {
        expect(byType(platform, T.key)).toEqual([]);
        expect(byType(platform, T.des)).toEqual([]);
        expect(platformPlane.storageClassName).toBe("managed-csi");
        expect(inputsOf(named(platform, AZ.cluster, "cluster-aks")).diskEncryptionSetID).toBeUndefined();
        const flagged = findings(platform).filter((r) => r.outcome === "violation").map((r) => r.urn);
        expect(flagged.sort()).toEqual([named(platform, AZ.cluster, "cluster-aks").urn, named(platform, T.server, "postgres-server").urn, named(platform, T.account, "artifacts-account").urn].sort());
        expect(inputsOf(named(platform, AZ.vault, "secrets-vault")).properties.networkAcls.bypass).toBe("None");
        const file = "stacks/Pulumi.azure-cmk-platform.yaml";
        const loosened = (extra: Record<string, unknown>) => loosenedDefaults(parseStackConfig(azureConfig(extra), file)).filter((l) => l.startsWith("splitplane:encryption.keys"));
        expect(loosened({ phase: 2, encryption: { keys: "platform" } })).toEqual([expect.stringMatching(/node and volume disks, the database and the artifact storage are encrypted with Azure platform-managed keys.*replaces the cluster and the database/)]);
        expect(loosened({ phase: 0, encryption: { keys: "platform" } })).toEqual([expect.stringMatching(/^splitplane:encryption\.keys: node and volume disks are encrypted with Azure platform-managed keys.*replaces the cluster\)$/)]);
        expect(loosenedDefaults(parseStackConfig(azureConfig({ phase: 2 }), file)).filter((l) => l.startsWith("splitplane:encryption"))).toEqual([]);
    });
});

describe("create-time settings, as the promotion check sees them", () => {
    it("switching an existing platform-keys stack to customer keys replaces the cluster and the server; the account takes its key in place", () => {
        const diff = diffRuns(platform, switched);
        const replaces = (type: string, name: string) => diff.changed.find((c) => c.urn === named(switched, type, name).urn)?.replaces;
        expect(replaces(AZ.cluster, "cluster-aks")).toEqual(["diskEncryptionSetID"]);
        expect(replaces(T.server, "postgres-server")).toEqual(["dataEncryption.type"]);
        expect(replaces(T.account, "artifacts-account")).toEqual([]);
        expect(diff.untabled).toEqual([]);
        expect(isAdditive(diff)).toBe(false);
    });
});

describe("bad input", () => {
    const problemsOf = async (config: Record<string, string>): Promise<string[]> => {
        const err = await runAzureStack("azure-cmk-bad", config).then(() => undefined, (e: unknown) => e);
        expect(ConfigError.is(err)).toBe(true);
        return [...(err as ConfigError).problems];
    };
    const F = "stacks/Pulumi.azure-cmk-bad.yaml";

    it("geo-redundant backups in a region without a known pair need encryption.geoBackupLocation", async () => {
        const problems = await problemsOf({ ...azureConfig({ environment: "prod", phase: 2 }), "azure-native:location": "polandcentral" });
        expect(problems).toEqual([expect.stringContaining(`${F}: splitplane:encryption.geoBackupLocation must name the region the database's geo-redundant backups are copied to`)]);
        expect(problems[0]).toContain("polandcentral has no Azure pair");
    });

    it("a key size and a rotation outside what is accepted, and a geoBackupLocation that is not a region", async () => {
        expect(() => parseStackConfig(azureConfig({ encryption: { keySize: 2048, rotationDays: 7 } }), F)).toThrow(/splitplane:encryption\.keySize[\s\S]*splitplane:encryption\.rotationDays/);
        // A group cannot run pulumi up.
        expect(() => parseStackConfig(azureConfig({ encryption: { deployerPrincipalType: "Group" } }), F)).toThrow(/splitplane:encryption\.deployerPrincipalType/);
        // The section is Azure's: an AWS stack naming it is told so.
        expect(() => parseStackConfig({ "splitplane:cloud": "aws", "aws:region": "eu-west-1", "splitplane:encryption": JSON.stringify({ keys: "platform" }) }, F)).toThrow(/splitplane:encryption[\s\S]*azure/);
        expect(await problemsOf(azureConfig({ encryption: { geoBackupLocation: "northeu" } }))).toEqual([`${F}: splitplane:encryption.geoBackupLocation must be an Azure region name such as northeurope (got "northeu")`]);
    });
});
