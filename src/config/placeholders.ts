/**
 * Documentation values in a stack file: the shipped stacks carry example values where a user
 * must put their own (their CIDRs, their admin role, their group, their project, their domain).
 * Values from ranges and names reserved for documentation are recognised here, so a stack copied
 * unchanged stops a real `pulumi up` before anything is created, naming every value to replace,
 * while the offline plan (`npm run plan`) still plans it and lists them as warnings.
 *
 * Reserved for documentation:
 * - IPv4 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (RFC 5737);
 * - AWS account 123456789012 (the account AWS's own docs use in example ARNs);
 * - the all-zero GUID;
 * - example.com / .net / .org and their subdomains (RFC 2606), and names beginning "example-".
 */
import { contains, isIpv4Cidr, parseCidr } from "../cloud/ipv4";

const TEST_NETS = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"].map(parseCidr);
const EXAMPLE_ACCOUNT = /(^|:)123456789012(:|$)/;
const ZERO_GUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;
const EXAMPLE_DOMAIN = /(^|[/.@])example\.(com|net|org)([/:]|$)/i;
const EXAMPLE_NAME = /^example-/;

/** Why a single value is a documentation placeholder, or undefined when it is not one. */
export function placeholderReason(value: string): string | undefined {
    const v = value.trim();
    if (isIpv4Cidr(v) && TEST_NETS.some((n) => contains(n, parseCidr(v)))) return "an address range reserved for documentation (RFC 5737)";
    if (v.startsWith("arn:") && EXAMPLE_ACCOUNT.test(v.split(":")[4] ?? "")) return "the example AWS account 123456789012";
    // A bucket named with the account (the AWS backup buckets' pattern, src/clouds/aws/naming.ts).
    if (/^s3:\/\/[^/]*-123456789012(-|\/|$)/.test(v)) return "a bucket of the example AWS account 123456789012";
    if (ZERO_GUID.test(v)) return "the all-zero GUID";
    if (EXAMPLE_DOMAIN.test(v)) return "a domain reserved for documentation (RFC 2606)";
    if (EXAMPLE_NAME.test(v)) return 'an example name ("example-...")';
    return undefined;
}

/**
 * Every placeholder in a set of config values, as "key = value: why" lines. `values` maps full
 * keys (`fhir-ha:aws.adminPrincipalArn`, `gcp:project`) to values; objects and lists are walked.
 */
export function findPlaceholders(values: Record<string, unknown>): string[] {
    const found: string[] = [];
    const walk = (key: string, v: unknown) => {
        if (typeof v === "string") {
            const why = placeholderReason(v);
            if (why) found.push(`${key} = ${JSON.stringify(v)}: ${why}`);
        } else if (Array.isArray(v)) {
            v.forEach((x) => walk(key, x));
        } else if (v && typeof v === "object") {
            for (const [k, x] of Object.entries(v)) walk(`${key}.${k}`, x);
        }
    };
    for (const [k, v] of Object.entries(values)) walk(k, v);
    return found;
}

/** The problem line a real deploy reports for the placeholders of a stack. */
export function placeholderProblems(values: Record<string, unknown>): string[] {
    return findPlaceholders(values).map((p) => `${p}; replace it with your own value before \`pulumi up\` (a shipped example stack copied unchanged)`);
}
