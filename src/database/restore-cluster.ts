/**
 * The point-in-time restore: a NEW cluster bootstrapped from another cluster's archive, up to
 * `database.restore.targetTime` when set, that archives under its own prefix so the source's
 * archive is never written to.
 */
import { CNPG_API_VERSION } from "./constants";
import { archiveExternalCluster } from "./instance-settings";
import { ClusterManifestArgs, writableClusterSpec } from "./primary-cluster";

export function restoreClusterManifest(args: ClusterManifestArgs) {
    const { plan, names } = args;
    if (!plan.source) throw new Error(`restore cluster ${plan.name} has no source`);
    return {
        apiVersion: CNPG_API_VERSION,
        kind: "Cluster",
        metadata: { name: plan.name, namespace: args.namespace },
        spec: {
            ...writableClusterSpec(args),
            bootstrap: {
                recovery: {
                    source: plan.source.externalName,
                    // The same owner and database as the source; CNPG sets a new password and
                    // writes it to this cluster's own `<cluster>-app` secret.
                    database: names.appDatabase,
                    owner: names.appUser,
                    ...(plan.recoveryTargetTime ? { recoveryTarget: { targetTime: plan.recoveryTargetTime } } : {}),
                },
            },
            externalClusters: [archiveExternalCluster(plan.source)],
        },
    };
}
