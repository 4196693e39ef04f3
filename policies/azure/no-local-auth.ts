import { resourcePolicy } from "../lib/define";
import { UNSEEN } from "../lib/scan";
import { AZURE } from "../lib/types";

/**
 * Row 34: data services accept Entra ID only. Registry admin users default off; Cosmos DB,
 * Service Bus, Event Hubs and Azure AI services (Azure OpenAI behind the gateway) keep key
 * authentication on unless `disableLocalAuth` is true.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-no-local-auth",
        title: "Registries and data services disable key authentication",
        theme: "C",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [34],
        resourceTypes: [AZURE.acr, AZURE.cosmos, AZURE.serviceBus, AZURE.eventHub, AZURE.cognitive],
        flags: "A container registry with `adminUserEnabled: true`; a Cosmos DB account, Service Bus or Event Hubs namespace, or Azure AI services account whose `disableLocalAuth` is not true (absent means keys work).",
        anchors: ["CKV_AZURE_137", "CKV_AZURE_140"],
        remediation: "Set `adminUserEnabled: false` / `disableLocalAuth: true` and grant identities data-plane roles.",
    },
    ({ type, props }, scan) => {
        if (type === AZURE.acr) {
            if (scan.get(props, "adminUserEnabled") === true) scan.flag("adminUserEnabled is true: the registry has a static admin password");
            return;
        }
        const holder = type === AZURE.cognitive ? scan.get(props, "properties") : props;
        if (holder === UNSEEN) return;
        const where = type === AZURE.cognitive ? "properties.disableLocalAuth" : "disableLocalAuth";
        const v = scan.get(holder, "disableLocalAuth");
        if (v !== true && v !== UNSEEN) scan.flag(`${where} is ${v === undefined ? "absent, so access keys work" : String(v)}`);
    },
);
