/**
 * Security contexts that satisfy the Pod Security "restricted" profile the namespace enforces:
 * a numeric non-root UID, no privilege escalation, every capability dropped, the runtime's
 * default seccomp profile.
 */
import * as k8sInput from "@pulumi/kubernetes/types/input";
import { EngineProfile } from "./engines";

type PodSecurityContext = k8sInput.core.v1.PodSecurityContext;
type SecurityContext = k8sInput.core.v1.SecurityContext;

export function podSecurityContext(profile: EngineProfile): PodSecurityContext {
    return {
        runAsNonRoot: true,
        runAsUser: profile.runAsUser,
        ...(profile.runAsGroup !== undefined ? { runAsGroup: profile.runAsGroup } : {}),
        seccompProfile: { type: "RuntimeDefault" },
    };
}

export function containerSecurityContext(profile: EngineProfile): SecurityContext {
    return {
        runAsNonRoot: true,
        runAsUser: profile.runAsUser,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: ["ALL"] },
        readOnlyRootFilesystem: profile.readOnlyRootFilesystem,
        seccompProfile: { type: "RuntimeDefault" },
    };
}
