/**
 * Stack files hold no ciphertext; a real `pulumi up` without a secret the stack requires stops at
 * validation, naming the key and the command that sets it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "../src/config/errors";
import { loadStackConfig } from "../src/validation/load";
import { missingSecretProblems, requiredSecrets, setSecretCommand } from "../src/config/required-secrets";
import { installMockRuntime } from "../src/plan/mock-runtime";
import { listStacks } from "../src/plan/stack-files";

const STACKS_DIR = path.join(__dirname, "..", "stacks");

describe("required secrets", () => {
    it.each(listStacks(STACKS_DIR))("stack %s has no secure: value and lists every secret it requires with the exact command", (stack) => {
        const text = fs.readFileSync(path.join(STACKS_DIR, `Pulumi.${stack}.yaml`), "utf8");
        expect(text).not.toMatch(/secure:/);
        const cloud = /fhir-ha:cloud: (\w+)/.exec(text)![1];
        const engine = /engine: (\w+)/.exec(text)?.[1] ?? "aidbox";
        for (const s of requiredSecrets({ cloud, fhir: { engine } } as any)) expect(text).toContain(`#   pulumi config set --secret fhir-ha:${s.key} <`);
    });

    it("names the key and the command for each missing secret", () => {
        expect(missingSecretProblems({ cloud: "aws", fhir: { engine: "aidbox" } } as any, [])).toEqual([
            `fhir-ha:aidboxLicense: required secret, the Aidbox license (fhir-ha:fhir.engine is aidbox), is not set. Set it with: ${setSecretCommand("aidboxLicense")}`,
        ]);
        expect(missingSecretProblems({ cloud: "aws", fhir: { engine: "aidbox" } } as any, ["aidboxLicense"])).toEqual([]);
        expect(missingSecretProblems({ cloud: "aws", fhir: { engine: "hapi" } } as any, [])).toEqual([]);
    });

    it("stops the stack program (what `pulumi up` runs) before any resource, naming key and command", async () => {
        // A real deploy refuses documentation values (src/config/placeholders.ts), so the API endpoint
        // is private rather than opened to a documentation CIDR: the stack is complete but for the secret.
        const stack = { "fhir-ha:cloud": "aws", "aws:region": "eu-central-1", "fhir-ha:cluster": JSON.stringify({ apiAccess: { mode: "private" } }) };
        await installMockRuntime({ project: "fhir-ha", stack: "s", config: stack });
        let refusal: unknown;
        try {
            loadStackConfig();
        } catch (e) {
            refusal = e;
        }
        expect(refusal).toBeInstanceOf(ConfigValidationError);
        expect((refusal as ConfigValidationError).problems).toEqual([
            expect.stringMatching(/^fhir-ha:aidboxLicense: required secret.*Set it with: pulumi config set --secret fhir-ha:aidboxLicense <value>$/),
        ]);
        pulumi.runtime.setAllConfig({ ...stack, "fhir-ha:aidboxLicense": "x" }, ["fhir-ha:aidboxLicense"]);
        const loaded = loadStackConfig();
        expect(loaded.config.cloud).toBe("aws");
        // Read as a Pulumi secret: the value arrives, marked secret (never as plain config).
        const license = pulumi.output(loaded.secrets.aidboxLicense);
        expect(await pulumi.isSecret(license)).toBe(true);
        expect(await new Promise((resolve) => license.apply(resolve))).toBe("x");
    });
});
