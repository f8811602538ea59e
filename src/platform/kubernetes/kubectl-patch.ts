/** A Deployment as kubectl names it: `-n <namespace>` only when known. */
export interface DeploymentName {
  namespace?: string;
  name: string;
}

/** One POSIX shell word: single-quoted, a single quote inside written `'\''`. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** `kubectl patch deployment <name> [-n <namespace>] --type strategic`: add `-p …` or `--patch-file <file>`. */
export function kubectlPatch(deployment: DeploymentName | undefined): string {
  const namespace = deployment?.namespace === undefined ? '' : ` -n ${deployment.namespace}`;
  return `kubectl patch deployment ${deployment?.name ?? '<name>'}${namespace} --type strategic`;
}

/** A strategic-merge patch of a Deployment as one command line a person can paste. */
export function kubectlPatchCommand(deployment: DeploymentName | undefined, patch: object): string {
  return `${kubectlPatch(deployment)} -p ${shellQuote(JSON.stringify(patch))}`;
}
