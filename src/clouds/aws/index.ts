/**
 * The AWS target: a VPC across the stack's zones, an EKS cluster with one managed node group per
 * zone, an encrypted S3 bucket for backups and the IRSA role the Barman Cloud plugin uses.
 * Built on @pulumi/aws submodules only (never the package root, never @pulumi/eks or awsx).
 */
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as iam from "@pulumi/aws/iam";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { BackupStore, CloudClusterArgs, ClusterTarget } from "../../cloud/types";
import { createAddons, EBS_CSI_SERVICE_ACCOUNT, NODE_ADDONS, WORKLOAD_ADDONS } from "./addons";
import { BackupBucket } from "./backup-bucket";
import { createBackupRole, irsaBackupStore } from "./backup-identity";
import { createControlPlane } from "./control-plane";
import { createIrsaRole } from "./irsa";
import { eksKubeconfig } from "./kubeconfig";
import { bucketLifecycle } from "./lifecycle";
import { backupBucketName, eksClusterName } from "./naming";
import { Network } from "./network";
import { createNodeGroups } from "./node-groups";
import { managedPolicyArn } from "./policies";
import { assertAwsSettings, iamPrincipalOf, partitionOf } from "./settings";
import { createStorageClasses } from "./storage-classes";
import { baseTags } from "./tags";
export class AwsCluster extends pulumi.ComponentResource implements ClusterTarget {
    public readonly provider: KubernetesProvider;
    public readonly zones: pulumi.Output<string[]>;
    public readonly storageClassName: pulumi.Input<string>;
    public readonly volumeSnapshotClassName?: pulumi.Input<string>;
    public readonly backupStore: BackupStore;
    public readonly clusterReady: pulumi.Resource[];
    /**
     * Internal load balancers (Kubernetes docs, Service, "Internal load balancer" and the
     * service.beta.kubernetes.io annotation reference): the AWS cloud provider's service
     * controller reads aws-load-balancer-internal, and with aws-load-balancer-type "nlb" builds
     * a Network Load Balancer, which (unlike a Classic ELB, a proxy) keeps the client's source
     * address for the FHIR NetworkPolicy to check. aws-load-balancer-scheme is what the AWS Load
     * Balancer Controller reads, should one be installed.
     */
    public readonly internalLoadBalancerAnnotations = {
        "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
        "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
        "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    };
    public readonly clusterName: pulumi.Output<string>;
    public readonly kubeconfig: pulumi.Output<string>;
    public readonly backupBucket: pulumi.Output<string>;
    /** The role the Barman Cloud plugin assumes (IRSA). */
    public readonly backupRoleArn: pulumi.Output<string>;
    public readonly vpcId: pulumi.Output<string>;

    constructor(name: string, args: CloudClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Settings the schema cannot judge fail here, before anything is registered.
        assertAwsSettings(args.config);
        super("fhir-ha:aws:Cluster", name, {}, opts);
        const { config } = args;
        const zones = config.zoneNames;
        const stack = pulumi.getStack();
        const tags = baseTags(name, stack);
        const clusterName = eksClusterName(name, stack);

        const caller = getCallerIdentityOutput({}, { parent: this });
        const partition = caller.arn.apply(partitionOf);
        const adminPrincipalArn = config.aws.adminPrincipalArn || caller.arn.apply(iamPrincipalOf);

        const network = new Network(
            `${name}-network`,
            { vpcCidr: config.aws.vpcCidr, zones, clusterName, singleNatGateway: config.aws.singleNatGateway, region: config.region, tags },
            { parent: this },
        );

        const controlPlane = createControlPlane(
            name,
            {
                clusterName,
                kubernetesVersion: config.cluster.kubernetesVersion,
                privateSubnetIds: network.privateSubnets.map((s) => s.id),
                publicAccessCidrs: config.cluster.apiAccess.mode === "public" ? config.cluster.apiAccess.allowedCidrs : [],
                adminPrincipalArn,
                partition,
                tags,
            },
            this,
        );
        const { cluster, oidcProvider, issuerUrl } = controlPlane;

        const nodeAddons = createAddons(name, NODE_ADDONS, { clusterName: cluster.name, tags }, this);
        const nodeGroups = createNodeGroups(
            name,
            {
                clusterName: cluster.name,
                kubernetesVersion: cluster.version,
                zones,
                subnetIds: network.privateSubnets.map((s) => s.id),
                cluster: config.cluster,
                partition,
                tags,
                dependsOn: Object.values(nodeAddons),
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
            { clusterName: cluster.name, serviceAccountRoleArns: { "aws-ebs-csi-driver": ebsCsiRole.arn }, tags, dependsOn: [...nodeGroups, ebsCsiPolicy] },
            this,
        );

        const bucketName = caller.accountId.apply((account) => backupBucketName(clusterName, account));
        const backups = new BackupBucket(
            `${name}-backups`,
            { bucketName, lifecycle: bucketLifecycle(config.backup, config.database), tags },
            { parent: this },
        );
        const backupRole = createBackupRole(
            `${name}-backup`,
            {
                oidcProviderArn: oidcProvider.arn,
                issuerUrl,
                serviceAccounts: args.backupServiceAccounts,
                bucketArn: backups.bucketArn,
                keyArn: backups.key.arn,
                tags,
            },
            this,
        );

        const kubeconfig = pulumi
            .all([cluster.name, cluster.endpoint, cluster.certificateAuthority])
            .apply(([n, endpoint, ca]) =>
                JSON.stringify(eksKubeconfig({ clusterName: n, endpoint, certificateAuthorityData: ca.data ?? "", region: config.region })),
            );
        this.kubeconfig = pulumi.secret(kubeconfig);
        // Server-side apply, as on every target: CNPG and the add-ons co-own fields of our objects.
        this.provider = new KubernetesProvider(`${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, { parent: this });

        const clusterAccess = [controlPlane.adminAccess, ...nodeGroups];
        const storage = createStorageClasses(
            name,
            this.provider,
            {
                driver: [...clusterAccess, workloadAddons["aws-ebs-csi-driver"]],
                snapshots: [...clusterAccess, workloadAddons["snapshot-controller"]],
            },
            this,
        );

        this.zones = pulumi.output(zones);
        this.storageClassName = storage.storageClass.metadata.name;
        this.volumeSnapshotClassName = storage.snapshotClass.metadata.name;
        this.backupStore = irsaBackupStore(backups.bucketName, backupRole.arn);
        this.clusterReady = [...clusterAccess, ...Object.values(workloadAddons), storage.storageClass, storage.snapshotClass];
        this.clusterName = cluster.name;
        this.backupBucket = backups.bucketName;
        this.backupRoleArn = backupRole.arn;
        this.vpcId = network.vpcId;
        this.registerOutputs({
            clusterName: this.clusterName,
            kubeconfig: this.kubeconfig,
            backupBucket: this.backupBucket,
            backupRoleArn: this.backupRoleArn,
            vpcId: this.vpcId,
        });
    }
}

export { resolveZones } from "./zones";
export { AwsCluster as Cluster };
