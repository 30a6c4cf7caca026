/**
 * Mock layer for the `kubernetes` target and the in-cluster tiers. The program makes no
 * Kubernetes invokes (Helm v4 charts and YAML v2 groups are expanded by the provider, which the
 * mock runtime does not run), so there are no invoke answers. The only output the tiers read that
 * a deploy decides is a LoadBalancer Service's address.
 */
import { afterDeploy, CloudMocks } from "./types";

const SERVICE = "kubernetes:core/v1:Service";

export const kubernetesMocks: CloudMocks = {
    calls: {},
    outputs: {
        [SERVICE]: (name, inputs) =>
            inputs.spec?.type === "LoadBalancer"
                ? { status: { loadBalancer: { ingress: [{ hostname: afterDeploy(SERVICE, name, "status.loadBalancer.ingress[0].hostname") }] } } }
                : {},
    },
};
