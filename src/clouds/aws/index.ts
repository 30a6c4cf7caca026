/**
 * The AWS target: a VPC across the stack's zones, an EKS cluster with one managed node group per
 * zone, the Cluster Autoscaler, an encrypted S3 bucket for backups and the IRSA role the Barman
 * Cloud plugin uses. Built on @pulumi/aws submodules only (never the package root, never
 * @pulumi/eks or awsx).
 *
 * Order of a first deploy: network → cluster → admin access entry + policy association → the
 * Kubernetes provider (only once an authenticated request through the deploying identity
 * succeeds, api-health.ts) → in-cluster objects. Node groups wait for the CNI, the NAT routes and
 * the S3 endpoint, and for each other (one zone at a time).
 */
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import { getSessionContextOutput } from "@pulumi/aws/iam/getSessionContext";
import * as iam from "@pulumi/aws/iam";
import { RandomString } from "@pulumi/random/randomString";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError } from "../../config/errors";
import { clusterKubernetesProvider, clusterRetainedObjectsProvider } from "../../cloud/kubernetes-provider";
import { BackupStore, ClusterTarget } from "../../cloud/types";
import { CloudClusterArgs } from "../types";
import { auditRetentionDays, cloudWatchRetention } from "../../cloud/audit-retention";
import { createBackupAccessLog } from "./access-logs";
import { createAddons, EBS_CSI_SERVICE_ACCOUNT, heldAddonVersions, NODE_ADDONS, VPC_CNI_SERVICE_ACCOUNT, WORKLOAD_ADDONS } from "./addons";
import { kubeconfigWhenApiAnswers } from "./api-health";
import { createAutoscaler } from "./autoscaler";
import { tokenIdentity } from "./credentials";
import { BackupBucket } from "./backup-bucket";
import { BackupReplica } from "./backup-replica";
import { createBackupRole, irsaBackupStore } from "./backup-identity";
import { createControlPlane } from "./control-plane";
import { createIrsaRole } from "./irsa";
import { followedVersion, liveCluster } from "./live-cluster";
import { eksKubeconfig } from "./kubeconfig";
import { bucketLifecycle } from "./lifecycle";
import { backupBucketName, eksClusterName } from "./naming";
import { Network } from "./network";
import { createNodeGroups } from "./node-groups";
import { managedPolicyArn } from "./policies";
import { assertAwsSettings, partitionOf, regionMismatch } from "./settings";
import { createStorageClasses } from "./storage-classes";
import { supportDecision } from "./support-policy";
import { baseTags } from "./tags";
import { standbyArchiveOf } from "../standby-archive";
export class AwsCluster extends pulumi.ComponentResource implements ClusterTarget {
    public readonly provider: KubernetesProvider;
    public readonly retainedObjectsProvider: KubernetesProvider;
    public readonly zones: pulumi.Output<string[]>;
    public readonly storageClassName: pulumi.Input<string>;
    public readonly volumeAttributesClassName?: pulumi.Input<string>;
    public readonly volumeSnapshotClassName?: pulumi.Input<string>;
    public readonly backupStore: BackupStore;
    public readonly clusterReady: pulumi.Resource[];
    public readonly clusterName: pulumi.Output<string>;
    public readonly kubeconfig: pulumi.Output<string>;
    public readonly backupBucket: pulumi.Output<string>;
    public readonly replicaArchiveURL: pulumi.Output<string>;
    public readonly networkPolicyEnforcement = NETWORK_POLICY_ENFORCEMENT;
    /** The role the Barman Cloud plugin assumes (IRSA). */
    public readonly backupRoleArn: pulumi.Output<string>;
    public readonly vpcId: pulumi.Output<string>;

    constructor(name: string, args: CloudClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Settings the schema cannot judge fail here, before anything is registered.
        assertAwsSettings(args.config);
        // A malformed standbyOf.archiveURL fails here too.
        const standbyArchive = standbyArchiveOf(args.config);
        // The identity `aws eks get-token` must use: the AWS provider's profile and role.
        const identity = tokenIdentity(awsProviderValues());
        super("fhir-ha:aws:Cluster", name, {}, opts);
        const { config } = args;
        const zones = config.zoneNames;
        const stack = pulumi.getStack();
        const tags = baseTags(name, stack);
        const clusterName = eksClusterName(pulumi.getProject(), name, stack, config.aws.clusterName);

        const caller = getCallerIdentityOutput({}, { parent: this });
        const partition = caller.arn.apply(partitionOf);
        // The role behind an assumed-role session, with its path (IAM Identity Center roles live
        // under /aws-reserved/...): what an access entry must name.
        const session = getSessionContextOutput({ arn: caller.arn }, { parent: this });
        const adminPrincipalArn = config.aws.adminPrincipalArn || session.issuerArn.apply((arn) => {
            // principalArn is ForceNew: with no fixed principal, a deploy by another identity (CI
            // after an operator) replaces the entry and the previous admin loses access.
            pulumi.log.warn(
                `fhir-ha:aws.adminPrincipalArn is empty: the cluster-admin access entry follows whoever runs pulumi up (now ${arn}), ` +
                    `and a deploy by another identity replaces it. Fix it: pulumi config set fhir-ha:aws.adminPrincipalArn ${arn}`,
                this,
            );
            return arn;
        });
        // Resources, zones, the S3 endpoint and the kubeconfig all follow the provider's region;
        // a provider in another region than aws:region is a config error, before anything is created.
        const region = getRegionOutput({}, { parent: this }).region.apply((r) => {
            const problem = r ? regionMismatch(config.region, r) : undefined;
            if (problem) throw new ConfigValidationError([problem]);
            return r || config.region;
        });

        // The cluster as it is in AWS now (live-cluster.ts): what node groups, add-ons and the
        // autoscaler follow, and what decides the support policy EKS accepts.
        const live = liveCluster(clusterName, this);
        const support = live.apply((l) => {
            const decision = supportDecision(config.aws.extendedSupport, l, new Date());
            if (decision.warning) pulumi.log.warn(decision.warning, this);
            return decision.supportType;
        });

        const network = new Network(
            `${name}-network`,
            { vpcCidr: config.aws.vpcCidr, zones, clusterName, singleNatGateway: config.aws.singleNatGateway, region, tags },
            { parent: this },
        );

        // Audit records outlive the backups they account for (src/cloud/audit-retention.ts).
        const auditDays = auditRetentionDays(bucketLifecycle(config.backup, config.database).retentionDays);
        const controlPlane = createControlPlane(
            name,
            {
                clusterName,
                kubernetesVersion: config.cluster.kubernetesVersion,
                supportType: support,
                // In zone-name order, so reordering fhir-ha:zones changes nothing here.
                privateSubnetIds: [...zones].sort().map((z) => network.privateSubnets[zones.indexOf(z)].id),
                publicAccessCidrs: config.cluster.apiAccess.mode === "public" ? config.cluster.apiAccess.allowedCidrs : [],
                adminPrincipalArn,
                partition,
                logRetentionDays: cloudWatchRetention(auditDays),
                tags,
            },
            this,
        );
        const { cluster, oidcProvider, issuerUrl } = controlPlane;
        const kubernetesVersion = followedVersion(config.cluster.kubernetesVersion, live, cluster.version);
        const held = heldAddonVersions(config.aws.addonVersions);

        // The VPC CNI gets its permissions through IRSA, not through the node role.
        const cniRole = createIrsaRole(
            `${name}-vpc-cni`,
            { oidcProviderArn: oidcProvider.arn, issuerUrl, serviceAccounts: [VPC_CNI_SERVICE_ACCOUNT], description: "fhir-ha: Amazon VPC CNI", tags },
            this,
        );
        const cniPolicy = new iam.RolePolicyAttachment(
            `${name}-vpc-cni-policy`,
            { role: cniRole.name, policyArn: partition.apply((p) => managedPolicyArn(p, "AmazonEKS_CNI_Policy")) },
            { parent: this },
        );
        const nodeAddons = createAddons(
            name,
            NODE_ADDONS,
            { clusterName: cluster.name, kubernetesVersion, serviceAccountRoleArns: { "vpc-cni": cniRole.arn }, held, tags, dependsOn: [cniPolicy] },
            this,
        );
        const nodeGroups = createNodeGroups(
            name,
            {
                clusterName: cluster.name,
                clusterArn: cluster.arn,
                kubernetesVersion,
                zones,
                subnetIds: network.privateSubnets.map((s) => s.id),
                cluster: config.cluster,
                encryptNodeDisks: config.aws.encryptNodeDisks,
                partition,
                tags,
                dependsOn: [...Object.values(nodeAddons), ...network.privateRoutes, network.s3Endpoint],
            },
            this,
        );

        const ebsCsiRole = createIrsaRole(
            `${name}-ebs-csi`,
            {
                oidcProviderArn: oidcProvider.arn,
                issuerUrl,
                serviceAccounts: [EBS_CSI_SERVICE_ACCOUNT],
                description: "fhir-ha: EBS CSI driver controller",
                tags,
            },
            this,
        );
        const ebsCsiPolicy = new iam.RolePolicyAttachment(
            `${name}-ebs-csi-policy`,
            { role: ebsCsiRole.name, policyArn: partition.apply((p) => managedPolicyArn(p, "service-role/AmazonEBSCSIDriverPolicy")) },
            { parent: this },
        );
        const workloadAddons = createAddons(
            name,
            WORKLOAD_ADDONS,
            {
                clusterName: cluster.name,
                kubernetesVersion,
                serviceAccountRoleArns: { "aws-ebs-csi-driver": ebsCsiRole.arn },
                held,
                tags,
                dependsOn: [...nodeGroups, ebsCsiPolicy],
            },
            this,
        );

        const bucketSuffix = new RandomString(
            `${name}-backups-suffix`,
            { length: 8, lower: true, upper: false, numeric: true, special: false },
            { parent: this },
        );
        const bucketName = pulumi
            .all([caller.accountId, region, bucketSuffix.result])
            .apply(([account, r, random]) => backupBucketName(clusterName, account, r, random));
        const backups = new BackupBucket(
            `${name}-backups`,
            {
                bucketName: bucketName.apply((b) => b.bucket),
                bucketNamespace: bucketName.apply((b) => b.namespace),
                lifecycle: bucketLifecycle(config.backup, config.database),
                tags,
            },
            { parent: this },
        );
        const replicaRegion = config.backup.replica.region;
        const replicaName = pulumi
            .all([caller.accountId, bucketSuffix.result])
            .apply(([account, random]) => backupBucketName(clusterName, account, replicaRegion, random));
        const replica = replicaRegion
            ? new BackupReplica(
                  `${name}-backups-replica`,
                  {
                      source: backups,
                      sourceRegion: region,
                      replicaRegion,
                      bucketName: replicaName.apply((b) => b.bucket),
                      bucketNamespace: replicaName.apply((b) => b.namespace),
                      lifecycle: bucketLifecycle(config.backup, config.database),
                      tags,
                  },
                  { parent: this },
              )
            : undefined;
        createBackupAccessLog(
            `${name}-backups`,
            { sourceBucket: backups.bucketName, sourceBucketArn: backups.bucketArn, accountId: caller.accountId, retentionDays: auditDays, tags },
            this,
        );
        const backupRole = createBackupRole(
            `${name}-backup`,
            {
                oidcProviderArn: oidcProvider.arn,
                issuerUrl,
                serviceAccounts: args.backupServiceAccounts,
                bucketArn: backups.bucketArn,
                keyArn: backups.key.arn,
                standbyRead: standbyArchive
                    ? pulumi.all([partition, caller.accountId, region]).apply(([p, accountId, r]) => ({ partition: p, accountId, region: r, bucket: standbyArchive.bucket }))
                    : undefined,
                tags,
            },
            this,
        );

        const kubeconfig = pulumi
            .all([cluster.name, cluster.endpoint, cluster.certificateAuthority, region])
            .apply(([n, endpoint, ca, r]) =>
                JSON.stringify(eksKubeconfig({ clusterName: n, endpoint, certificateAuthorityData: ca.data ?? "", region: r, identity })),
            );
        this.kubeconfig = pulumi.secret(kubeconfig);
        // The provider is configured only after the admin access grant exists AND an
        // authenticated request through the same identity succeeds (update only; a preview never waits).
        const grants = [controlPlane.adminEntry, controlPlane.adminAccess];
        const readyKubeconfig = kubeconfigWhenApiAnswers(this.kubeconfig, { grants, logResource: cluster });
        const providerArgs = { kubeconfig: readyKubeconfig, clusterIdentifier: clusterName };
        this.provider = clusterKubernetesProvider(`${name}-k8s`, providerArgs, { parent: this, dependsOn: grants });
        this.retainedObjectsProvider = clusterRetainedObjectsProvider(`${name}-k8s`, providerArgs, { parent: this, dependsOn: grants });

        const clusterAccess = [controlPlane.adminAccess, ...nodeGroups];
        const storage = createStorageClasses(
            name,
            this.provider,
            {
                driver: [...clusterAccess, workloadAddons["aws-ebs-csi-driver"]],
                snapshots: [...clusterAccess, workloadAddons["snapshot-controller"]],
            },
            this,
            { iops: config.database.diskIops, throughput: config.database.diskThroughput },
        );
        const autoscaler = createAutoscaler(
            name,
            {
                clusterName,
                region: config.region,
                kubernetesVersion,
                oidcProviderArn: oidcProvider.arn,
                issuerUrl,
                provider: this.provider,
                tags,
                dependsOn: [...clusterAccess, workloadAddons["coredns"]],
            },
            this,
        );

        this.zones = pulumi.output(zones);
        this.storageClassName = storage.storageClass.metadata.name;
        this.volumeSnapshotClassName = storage.snapshotClass.metadata.name;
        this.volumeAttributesClassName = storage.performanceClass?.metadata.name;
        this.backupStore = irsaBackupStore(backups.bucketName, backupRole.arn);
        this.clusterReady = [...clusterAccess, ...Object.values(workloadAddons), storage.storageClass, storage.snapshotClass, autoscaler];
        this.clusterName = cluster.name;
        this.backupBucket = backups.bucketName;
        this.replicaArchiveURL = replica ? pulumi.interpolate`s3://${replica.bucketName}` : pulumi.output("");
        this.backupRoleArn = backupRole.arn;
        this.vpcId = network.vpcId;
        this.registerOutputs({
            clusterName: this.clusterName,
            kubeconfig: this.kubeconfig,
            backupBucket: this.backupBucket,
            backupRoleArn: this.backupRoleArn,
            backupReplicaBucket: replica?.bucketName,
            replicaArchiveURL: this.replicaArchiveURL,
            vpcId: this.vpcId,
        });
    }
}

/** The AWS provider's credential settings, as the stack's config holds them (of a static key only whether it is set: it is a secret). */
function awsProviderValues() {
    const aws = new pulumi.Config("aws");
    return { profile: aws.get("profile"), assumeRoles: aws.get("assumeRoles"), assumeRole: aws.get("assumeRole"), accessKey: pulumi.runtime.getConfig("aws:accessKey") ? "(set)" : undefined };
}

/**
 * How EKS enforces the database's NetworkPolicy: the VPC CNI's network policy agent, switched on
 * in the vpc-cni add-on's configuration (addons.ts).
 */
export const NETWORK_POLICY_ENFORCEMENT = "vpc-cni network policy agent (enableNetworkPolicy)";

export { resolveZones } from "./zones";
export { AwsCluster as Cluster };
