/**
 * Checks of the Azure settings that the generic validator cannot make (it knows no Azure limits).
 * They run with the zone check, before any Azure resource is registered, so a bad stack fails
 * with every problem listed and nothing half-created.
 */
import { FhirHaConfig } from "../../config/types";
import { networkProblems } from "./network-plan";
import { retentionProblems } from "./retention";
import { azureStandbyProblems } from "./standby-access";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function azureSettingsProblems(config: FhirHaConfig): string[] {
    const problems = [...networkProblems(config.azure.vnetCidr), ...retentionProblems(config.backup, config.database), ...azureStandbyProblems(config)];
    if (config.azure.extendedSupport && config.azure.upgradeChannel !== "patch") {
        problems.push(
            `fhir-ha:azure.extendedSupport = true needs fhir-ha:azure.upgradeChannel "patch" (is ${JSON.stringify(config.azure.upgradeChannel)}): ` +
                "LTS keeps one minor version and supports only its two newest patches (learn.microsoft.com/azure/aks/long-term-support)",
        );
    }
    const notGuids = config.azure.adminGroupObjectIds.filter((id) => !GUID.test(id));
    if (notGuids.length > 0) {
        problems.push(
            `fhir-ha:azure.adminGroupObjectIds = ${JSON.stringify(config.azure.adminGroupObjectIds)}: Entra ID group object IDs are GUIDs ` +
                `(az ad group show --group <name> --query id); not: ${notGuids.join(", ")}`,
        );
    }
    if (config.azure.deployerObjectId && !GUID.test(config.azure.deployerObjectId)) {
        problems.push(
            `fhir-ha:azure.deployerObjectId = ${JSON.stringify(config.azure.deployerObjectId)}: an Entra ID object ID is a GUID ` +
                `(a service principal: az ad sp show --id <appId> --query id; a user: az ad signed-in-user show --query id); or "" for whoever runs pulumi up`,
        );
    }
    return problems;
}
