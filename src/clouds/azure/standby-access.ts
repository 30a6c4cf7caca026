/**
 * `database.standbyOf` on Azure: the standby reads the other stack's container through the
 * RA-GZRS secondary endpoint of its account (`https://<account>-secondary.blob.core.windows.net`),
 * served from Azure's pair of the other region, which is this stack's region.
 *
 * Two halves, one in each stack:
 * - this (standby) stack: Storage Blob Data Reader for its backup identity, scoped to exactly the
 *   other stack's container. Role assignments on an account hold for both of its endpoints: the
 *   secondary is a read-only view of the same account, not a resource of its own
 *   (https://learn.microsoft.com/azure/storage/common/storage-redundancy, "Read access to data
 *   in the secondary region"). The Python SDK barman-cloud uses asks Entra ID for the
 *   `https://storage.azure.com/.default` scope whatever the host (azure-storage-blob
 *   `STORAGE_OAUTH_SCOPE`), and barman-cloud takes the URL's host as the account URL
 *   (barman/cloud_providers/azure_blob_storage.py, EnterpriseDB/barman), so the secondary host
 *   is used as given. (The Java SDK once sent a host-derived audience to the secondary and got
 *   403: Azure/azure-sdk-for-java#10489, fixed in #11107.) Not proven in a cloud here:
 *   docs/clouds/azure.md says how to check it.
 * - the other (primary) stack: its account admits only its own node subnet (blob-specs.ts), so it
 *   must list this stack's node subnet in `fhir-ha:azure.backupReaderSubnetIds`. A virtual network
 *   rule also admits the subnet to the account's RA-GRS secondary, and a `Microsoft.Storage`
 *   service endpoint reaches accounts of the subnet's region and of its paired region
 *   (MicrosoftDocs/azure-docs articles/storage/common/storage-network-security.md, "Available
 *   virtual network regions"); the standby's region is that pair (src/cloud/replica).
 *
 * The other stack's resource group is not configured: it is `rg-<project>-<stack>` (naming.ts) of
 * `standbyOf.stack`, in the same subscription. Cross-subscription pairs are not supported.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { FhirHaConfig } from "../../config/types";
import { StandbyArchive } from "../../cloud/standby-archive";
import { azureNames } from "./naming";
import { blobContainerScope, roleDefinitionId, STORAGE_BLOB_DATA_READER } from "./roles";

export const READER_SUBNETS_KEY = "fhir-ha:azure.backupReaderSubnetIds";

const SUBNET_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;

/** Problems of the Azure side of a region pair, each naming its key; [] when all is well. */
export function azureStandbyProblems(config: Pick<FhirHaConfig, "azure" | "database">): string[] {
    const problems: string[] = [];
    const notSubnets = config.azure.backupReaderSubnetIds.filter((id) => !SUBNET_ID.test(id));
    if (notSubnets.length > 0) {
        problems.push(
            `${READER_SUBNETS_KEY}: subnet resource IDs (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>, ` +
                `e.g. from az network vnet subnet show --query id); not: ${notSubnets.join(", ")}`,
        );
    }
    const standbyOf = config.database.standbyOf;
    if (!standbyOf?.cluster) return problems;
    if (config.azure.backupAuth !== "workloadIdentity") {
        problems.push(
            `fhir-ha:database.standbyOf.cluster is set but fhir-ha:azure.backupAuth = ${JSON.stringify(config.azure.backupAuth)}: a standby reads the other ` +
                "region's archive with its Entra ID workload identity (the other account has shared keys off); set workloadIdentity",
        );
    }
    if (!standbyOf.stack) {
        problems.push(
            "fhir-ha:database.standbyOf.stack is empty: on azure it names the other stack, whose resource group (rg-<project>-<stack>) holds the account " +
                "the standby's read grant is scoped to",
        );
    }
    return problems;
}

/** The ARM scope of the other stack's container: the one thing the standby may read. */
export function standbyContainerScope(subscriptionId: string, project: string, otherStack: string, archive: StandbyArchive): string {
    return blobContainerScope(subscriptionId, azureNames(project, otherStack).resourceGroup, archive.account, archive.container);
}

export interface StandbyReadArgs {
    principalId: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
    /** `standbyContainerScope`. */
    scope: pulumi.Input<string>;
}

export function createStandbyRead(name: string, args: StandbyReadArgs, parent: pulumi.Resource): authorization.RoleAssignment {
    return new authorization.RoleAssignment(
        `${name}-standby-read`,
        {
            principalId: args.principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: pulumi.output(args.subscriptionId).apply((sub) => roleDefinitionId(sub, STORAGE_BLOB_DATA_READER)),
            scope: args.scope,
        },
        { parent },
    );
}
