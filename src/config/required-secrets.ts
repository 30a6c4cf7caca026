/**
 * Secrets a stack must have before `pulumi up`. The stack files in stacks/ carry no `secure:`
 * values (a value encrypted for one stack's key cannot be decrypted by anyone else's CLI: "failed
 * to decrypt encrypted configuration value"); they list these as comments instead, and the offline
 * plan supplies stand-ins for them (src/plan/stack-files.ts).
 */
import { FhirHaConfig } from "./types";

export interface RequiredSecret {
    /** Key without the namespace, e.g. `aidboxLicense`. */
    key: string;
    /** Why this stack needs it. */
    why: string;
}

/** The exact command that sets a secret for the current stack. */
export function setSecretCommand(key: string): string {
    return `pulumi config set --secret fhir-ha:${key} <value>`;
}

/** The secrets a validated config needs. */
export function requiredSecrets(config: Pick<FhirHaConfig, "cloud" | "fhir">): RequiredSecret[] {
    const out: RequiredSecret[] = [];
    // Aidbox reads its license from BOX_LICENSE (docs/fhir-server.md). Without one, each instance
    // waits for activation in its own UI, which replicas behind one Service cannot be given
    // reliably: a stack (src/program.ts) requires it. FhirPlatform used as a component does not.
    if (config.fhir?.engine === "aidbox") out.push({ key: "aidboxLicense", why: "the Aidbox license (fhir-ha:fhir.engine is aidbox)" });
    if (config.cloud === "kubernetes") {
        out.push({ key: "s3AccessKeyId", why: "the S3 access key id of the backup store (cloud kubernetes)" });
        out.push({ key: "s3SecretAccessKey", why: "the S3 secret access key of the backup store (cloud kubernetes)" });
    }
    return out;
}

/** Problems for the required secrets a stack has not set: each names the key and the command. */
export function missingSecretProblems(config: Pick<FhirHaConfig, "cloud" | "fhir">, secretsSet: string[]): string[] {
    return requiredSecrets(config)
        .filter((s) => !secretsSet.includes(s.key))
        .map((s) => `fhir-ha:${s.key}: required secret, ${s.why}, is not set. Set it with: ${setSecretCommand(s.key)}`);
}

/** The secrets a stack's raw config map needs (full keys), read before validation: for stand-ins. */
export function requiredSecretKeys(config: Record<string, string>, project = "fhir-ha"): string[] {
    const json = (k: string) => {
        try {
            return JSON.parse(config[`${project}:${k}`] ?? "{}") as Record<string, unknown>;
        } catch {
            return {};
        }
    };
    // Not a stack of this project (no cloud chosen): nothing to stand in for.
    if (!config[`${project}:cloud`]) return [];
    const engine = typeof json("fhir").engine === "string" ? (json("fhir").engine as string) : "aidbox";
    return requiredSecrets({ cloud: config[`${project}:cloud`] ?? "", fhir: { engine } } as Pick<FhirHaConfig, "cloud" | "fhir">).map((s) => `${project}:${s.key}`);
}
