/**
 * The Google APIs the stack uses, enabled by the program itself (`projects.Service`) so a fresh
 * project needs no manual `gcloud services enable` beyond the two the program cannot enable for
 * itself (docs/clouds/gcp.md): Service Usage (through which every other API is enabled) and
 * Compute Engine (the zone lookup runs before any resource exists).
 *
 * `disableOnDestroy: false`: destroying the stack, or dropping an API from this list, never turns
 * an API off; other workloads in the project may use it, and disabling Compute Engine or GKE
 * would take down whatever else runs there. `disableDependentServices: false` for the same reason.
 * Source: Pulumi registry, gcp.projects.Service (`disableOnDestroy`, `disableDependentServices`).
 */
import * as projects from "@pulumi/gcp/projects";
import * as pulumi from "@pulumi/pulumi";
import { FhirHaConfig } from "../../config/types";

/** The APIs every GCP stack needs, and what for. */
export const REQUIRED_APIS: Record<string, string> = {
    "compute.googleapis.com": "network, Cloud NAT, firewall, disks and snapshots",
    "container.googleapis.com": "the GKE cluster and node pool",
    "storage.googleapis.com": "the backup bucket",
    "iam.googleapis.com": "the node and backup service accounts",
    // Pods exchange their Workload Identity token for the backup account's token through this
    // API; without it WAL archiving fails with an authentication error although every binding exists.
    "iamcredentials.googleapis.com": "Workload Identity token exchange for the backups",
    "cloudresourcemanager.googleapis.com": "project IAM grants",
    "logging.googleapis.com": "node and control-plane logs",
    "monitoring.googleapis.com": "node and control-plane metrics",
};

export const KMS_API = "cloudkms.googleapis.com";

/** Pure: the APIs this stack enables, sorted. */
export function requiredApis(config: FhirHaConfig): string[] {
    return [...Object.keys(REQUIRED_APIS), ...(config.gcp.kmsKeyName ? [KMS_API] : [])].sort();
}

/** Pure: the arguments of one API's enablement. */
export function apiServiceArgs(project: pulumi.Input<string>, service: string): projects.ServiceArgs {
    return { project, service, disableOnDestroy: false, disableDependentServices: false };
}

/** One `projects.Service` per API; every GCP resource of the stack depends on all of them. */
export function enableApis(name: string, project: pulumi.Input<string>, config: FhirHaConfig, parent: pulumi.Resource): projects.Service[] {
    return requiredApis(config).map(
        (service) => new projects.Service(`${name}-api-${service.split(".")[0]}`, apiServiceArgs(project, service), { parent }),
    );
}
