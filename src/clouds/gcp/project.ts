/**
 * The project everything is created in. It is read from the provider itself (`gcp:project`, or
 * the environment/gcloud default the provider falls back to) through `getClientConfig`, so the
 * Workload Identity pool and IAM members always name the project the resources really land in.
 */
import * as organizations from "@pulumi/gcp/organizations";
import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountRef } from "../../names";

export function providerProject(opts: pulumi.InvokeOutputOptions): pulumi.Output<string> {
    return organizations.getClientConfigOutput(opts).project;
}

/** GKE's Workload Identity pool of a project. */
export function workloadPool(project: string): string {
    return `${project}.svc.id.goog`;
}

/** The IAM member that stands for one Kubernetes service account under Workload Identity. */
export function workloadIdentityMember(project: string, sa: ServiceAccountRef): string {
    return `serviceAccount:${workloadPool(project)}[${sa.namespace}/${sa.name}]`;
}
