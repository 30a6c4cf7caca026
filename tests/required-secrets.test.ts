/**
 * Stack files hold no ciphertext; a real `pulumi up` without a secret the stack requires stops at
 * validation, naming the key and the command that sets it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { loadStackConfig } from "../src/config/load";
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
        await installMockRuntime({ project: "fhir-ha", stack: "s", config: { "fhir-ha:cloud": "aws", "aws:region": "eu-central-1" } });
        expect(() => loadStackConfig()).toThrow(/fhir-ha:aidboxLicense: required secret.*Set it with: pulumi config set --secret fhir-ha:aidboxLicense <value>/);
        pulumi.runtime.setAllConfig({ "fhir-ha:cloud": "aws", "aws:region": "eu-central-1", "fhir-ha:aidboxLicense": "x" }, ["fhir-ha:aidboxLicense"]);
        expect(loadStackConfig().config.cloud).toBe("aws");
    });
});
