/**
 * The VPC: a public and a private subnet in every zone, an internet gateway, NAT gateways, and an
 * S3 gateway endpoint. Nodes live in the private subnets only; public subnets carry the NAT
 * gateways and internet-facing load balancers.
 */
import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";
import { existingSubnets } from "./existing-subnets";
import { subnetPlan } from "./subnet-plan";
import { awsTags } from "./tags";

export interface NetworkArgs {
    vpcCidr: string;
    /** Zone names, resolved before the component is built. */
    zones: string[];
    /** The EKS cluster name, for the subnet discovery tag. */
    clusterName: string;
    /** One NAT gateway for every zone instead of one per zone. */
    singleNatGateway: boolean;
    /** The provider's region: the S3 gateway endpoint's service name is regional. */
    region: pulumi.Input<string>;
    tags: Record<string, string>;
}

/**
 * Which zone's NAT gateway each zone's private subnets route through. Per zone by default, so
 * losing a zone never cuts the others off from the internet (image pulls, AWS APIs).
 */
export function natZoneFor(zones: string[], singleNatGateway: boolean): Record<string, string> {
    return Object.fromEntries(zones.map((z) => [z, singleNatGateway ? zones[0] : z]));
}

/** Tags the AWS Load Balancer Controller and the in-tree service controller use to pick subnets. */
export function subnetTags(kind: "public" | "private", clusterName: string): Record<string, string> {
    return {
        [kind === "public" ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"]: "1",
        [`kubernetes.io/cluster/${clusterName}`]: "shared",
    };
}

export class Network extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    /** Private subnets in zone order (`zones`). */
    public readonly privateSubnets: ec2.Subnet[];
    public readonly publicSubnets: ec2.Subnet[];
    public readonly natGateways: ec2.NatGateway[];
    public readonly s3Endpoint: ec2.VpcEndpoint;
    /** The private subnets' default routes through NAT: nodes cannot pull images or join before they exist. */
    public readonly privateRoutes: ec2.Route[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fhir-ha:aws:Network", name, {}, opts);
        const tagged = (role: string, extra: Record<string, string> = {}) => awsTags(args.tags, { Name: `${name}-${role}`, ...extra });
        // CIDRs by zone identity: subnets that exist keep theirs (subnet-plan.ts).
        const plan = existingSubnets(name, args.clusterName, this).apply((existing) => subnetPlan(args.vpcCidr, args.zones, existing));
        const cidrOf = (zone: string, kind: "privateCidr" | "publicCidr") => plan.apply((p) => p.find((z) => z.zone === zone)![kind]);

        // DNS hostnames and support are required for the private EKS endpoint and the S3 endpoint.
        const vpc = new ec2.Vpc(
            `${name}-vpc`,
            { cidrBlock: args.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tagged("vpc") },
            { parent: this },
        );
        const igw = new ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tagged("igw") }, { parent: this });

        const publicRoutes = new ec2.RouteTable(`${name}-public`, { vpcId: vpc.id, tags: tagged("public") }, { parent: this });
        new ec2.Route(
            `${name}-public-default`,
            { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
            { parent: this },
        );

        this.publicSubnets = args.zones.map((zone) => {
            const subnet = new ec2.Subnet(
                `${name}-public-${zone}`,
                {
                    vpcId: vpc.id,
                    availabilityZone: zone,
                    cidrBlock: cidrOf(zone, "publicCidr"),
                    // Nothing but NAT gateways and load balancers lives here; neither needs auto-assigned IPs.
                    mapPublicIpOnLaunch: false,
                    tags: tagged(`public-${zone}`, subnetTags("public", args.clusterName)),
                },
                { parent: this },
            );
            new ec2.RouteTableAssociation(`${name}-public-${zone}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, { parent: this });
            return subnet;
        });

        const natZone = natZoneFor(args.zones, args.singleNatGateway);
        const natZones = args.zones.filter((z) => Object.values(natZone).includes(z));
        const natByZone: Record<string, ec2.NatGateway> = {};
        for (const zone of natZones) {
            const eip = new ec2.Eip(`${name}-nat-${zone}`, { domain: "vpc", tags: tagged(`nat-${zone}`) }, { parent: this });
            natByZone[zone] = new ec2.NatGateway(
                `${name}-nat-${zone}`,
                { allocationId: eip.id, subnetId: this.publicSubnets[args.zones.indexOf(zone)].id, tags: tagged(`nat-${zone}`) },
                { parent: this, dependsOn: [igw] },
            );
        }
        this.natGateways = natZones.map((z) => natByZone[z]);

        const privateRouteTables: ec2.RouteTable[] = [];
        const privateRoutes: ec2.Route[] = [];
        this.privateSubnets = args.zones.map((zone) => {
            const subnet = new ec2.Subnet(
                `${name}-private-${zone}`,
                {
                    vpcId: vpc.id,
                    availabilityZone: zone,
                    cidrBlock: cidrOf(zone, "privateCidr"),
                    tags: tagged(`private-${zone}`, subnetTags("private", args.clusterName)),
                },
                { parent: this },
            );
            const routes = new ec2.RouteTable(`${name}-private-${zone}`, { vpcId: vpc.id, tags: tagged(`private-${zone}`) }, { parent: this });
            const route = new ec2.Route(
                `${name}-private-${zone}-default`,
                { routeTableId: routes.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: natByZone[natZone[zone]].id },
                { parent: this },
            );
            new ec2.RouteTableAssociation(`${name}-private-${zone}`, { subnetId: subnet.id, routeTableId: routes.id }, { parent: this });
            privateRouteTables.push(routes);
            privateRoutes.push(route);
            return subnet;
        });

        // Backups go to S3 through the gateway endpoint: no NAT data-processing charge per GB
        // of WAL and base backups, and the traffic never leaves the AWS network.
        this.s3Endpoint = new ec2.VpcEndpoint(
            `${name}-s3`,
            {
                vpcId: vpc.id,
                serviceName: pulumi.interpolate`com.amazonaws.${args.region}.s3`,
                vpcEndpointType: "Gateway",
                // In zone-name order, so reordering fhir-ha:zones changes nothing here.
                routeTableIds: [...args.zones].sort().map((z) => privateRouteTables[args.zones.indexOf(z)].id),
                tags: tagged("s3"),
            },
            { parent: this },
        );

        this.privateRoutes = privateRoutes;
        this.vpcId = vpc.id;
        this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnets.map((s) => s.id) });
    }
}
