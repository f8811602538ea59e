import {
  ApisApi,
  AppsV1Api,
  type ConfigurationOptions,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  PolicyV1Api,
  type V1PodDisruptionBudget,
  type V1Service,
  VersionApi,
} from '@kubernetes/client-node';
import { ExitCode } from '../../core/errors.js';
import { type AccessAction, type AccessCheck, accessNeeds, checkAccess } from './access.js';
import { apiErrorMessage, requestTimeout, statusCodeOf } from './api-errors.js';
import { type KubeconfigOptions, loadKubeconfig } from './kubeconfig.js';
import { summarizeTarget, type TargetSummary } from './target-summary.js';

export interface DoctorOptions extends KubeconfigOptions {
  /** The Deployment the scenario disrupts; not checked when absent. */
  deployment?: string;
  /** The Service in front of it; default: the Deployment's name. */
  service?: string;
  /** The actions whose permissions to check; default all of them. */
  actions?: readonly AccessAction[];
  /** Each API request's limit; default 10 000 ms. */
  timeoutMs?: number;
}

export interface DoctorFinding {
  severity: 'error' | 'warning';
  message: string;
  /** What to do about it. */
  hint?: string;
}

export interface DoctorReport {
  contextName: string;
  namespace: string;
  server: string;
  /** Where the config came from (file paths or 'in-cluster'). */
  source: string;
  /** The server's gitVersion, when it answered. */
  version?: string;
  access: AccessCheck[];
  /** Whether metrics.k8s.io answers (what `kubectl top` and resource samples read). */
  metrics?: { served: boolean; detail: string };
  target?: TargetSummary;
  findings: DoctorFinding[];
}

const ALL_ACTIONS: AccessAction[] = ['rollout', 'scale', 'drain', 'deletePod'];
const RBAC_HINT =
  'grant them: kubectl apply -f deploy/rbac.yaml (a ClusterRole to bind to your user or service account)';
const METRICS_HINT =
  'install metrics-server (kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml); runs go on without CPU/memory samples';

/**
 * Checks that rollbench can rehearse against a cluster: the API server answers (its version), every permission
 * the actions need is granted (SelfSubjectAccessReview, like `kubectl auth can-i`), metrics.k8s.io is served, and
 * the target Deployment (and Service, PDBs) exist — with the settings that decide a rollout's failures.
 *
 * Never throws for what it finds: unreachable, forbidden, missing objects are findings. Kubeconfig problems throw
 * (loadKubeconfig's RollbenchError), as for every command.
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const loaded = loadKubeconfig(options);
  const { kubeConfig, contextName, namespace, server, source } = loaded;
  const call = requestTimeout(options.timeoutMs ?? 10_000);
  const report: DoctorReport = { contextName, namespace, server, source, access: [], findings: [] };
  let groups: string[];
  try {
    const version = await kubeConfig.makeApiClient(VersionApi).getCode(call);
    report.version = version.gitVersion;
    // /version answers anyone; discovery needs the credentials (system:discovery binds authenticated users).
    groups = (await kubeConfig.makeApiClient(ApisApi).getAPIVersions(call)).groups.map((group) => group.name);
  } catch (err) {
    report.findings.push(unreachable(err, report, kubeConfig.getCurrentUser()?.name ?? ''));
    return report;
  }
  await Promise.all([
    checkPermissions(kubeConfig, options.actions ?? ALL_ACTIONS, report, call),
    checkMetrics(kubeConfig, groups.includes('metrics.k8s.io'), report, call),
    options.deployment ? checkTarget(kubeConfig, options.deployment, options.service, report, call) : undefined,
  ]);
  return report;
}

/** 0 when nothing is in the way, 5 (platform unavailable) when any finding is an error. */
export function doctorExitCode(report: DoctorReport): number {
  return report.findings.some((f) => f.severity === 'error') ? ExitCode.platformUnavailable : ExitCode.ok;
}

function unreachable(err: unknown, report: DoctorReport, user: string): DoctorFinding {
  const where = `context ${report.contextName} in ${report.source}`;
  const code = statusCodeOf(err);
  if (code === 401) {
    return {
      severity: 'error',
      message: `the API server at ${report.server} refused the credentials of user "${user}" (401 Unauthorized)`,
      hint: `refresh the credentials of ${where} (an expired token or certificate), or pick another context with --context`,
    };
  }
  if (code !== undefined) {
    return {
      severity: 'error',
      message: `the API server at ${report.server} answered ${code}: ${apiErrorMessage(err)}`,
      hint: `check that ${report.server} is a Kubernetes API server (${where})`,
    };
  }
  return {
    severity: 'error',
    message: `cannot reach the API server at ${report.server}: ${apiErrorMessage(err)}`,
    hint: `check that the cluster is running and ${report.server} is reachable from here (VPN, firewall, port-forward), or pick another context with --context (${where})`,
  };
}

async function checkPermissions(
  kubeConfig: KubeConfig,
  actions: readonly AccessAction[],
  report: DoctorReport,
  call: ConfigurationOptions,
): Promise<void> {
  try {
    report.access = await checkAccess(kubeConfig, report.namespace, accessNeeds(actions), call);
  } catch (err) {
    report.findings.push({
      severity: 'error',
      message: `cannot ask the API server what is allowed (SelfSubjectAccessReview): ${apiErrorMessage(err)}`,
      hint: 'every authenticated user may ask by default (system:basic-user); ask your cluster admin',
    });
    return;
  }
  for (const optional of [false, true]) {
    const denied = report.access.filter((a) => !a.allowed && (a.optional === true) === optional);
    if (denied.length === 0) continue;
    const list = denied.map((a) => `${a.verb} ${qualified(a)} (${a.for})`).join(', ');
    report.findings.push({
      severity: optional ? 'warning' : 'error',
      message: `${optional ? 'not allowed, runs show less' : 'forbidden'} in namespace ${report.namespace}: ${list}`,
      hint: RBAC_HINT,
    });
  }
}

/** `deployments.apps`, `deployments.apps/scale`, `pods/eviction`: a resource with its group, as kubectl writes it. */
export function qualified(access: { group: string; resource: string }): string {
  const [resource = '', subresource] = access.resource.split('/');
  const name = access.group ? `${resource}.${access.group}` : resource;
  return subresource ? `${name}/${subresource}` : name;
}

async function checkMetrics(
  kubeConfig: KubeConfig,
  listed: boolean,
  report: DoctorReport,
  call: ConfigurationOptions,
): Promise<void> {
  try {
    if (!listed) {
      report.metrics = { served: false, detail: 'metrics.k8s.io is not served (no metrics-server)' };
    } else {
      await kubeConfig
        .makeApiClient(CustomObjectsApi)
        .listNamespacedCustomObject(
          { group: 'metrics.k8s.io', version: 'v1beta1', namespace: report.namespace, plural: 'pods' },
          call,
        );
      report.metrics = { served: true, detail: 'metrics.k8s.io/v1beta1 answers' };
    }
  } catch (err) {
    report.metrics = { served: false, detail: `metrics.k8s.io does not answer: ${apiErrorMessage(err)}` };
  }
  if (!report.metrics.served) {
    report.findings.push({ severity: 'warning', message: report.metrics.detail, hint: METRICS_HINT });
  }
}

async function checkTarget(
  kubeConfig: KubeConfig,
  deploymentName: string,
  serviceName: string | undefined,
  report: DoctorReport,
  call: ConfigurationOptions,
): Promise<void> {
  const { namespace } = report;
  let deployment: Awaited<ReturnType<AppsV1Api['readNamespacedDeployment']>>;
  try {
    deployment = await kubeConfig
      .makeApiClient(AppsV1Api)
      .readNamespacedDeployment({ name: deploymentName, namespace }, call);
  } catch (err) {
    const missing = statusCodeOf(err) === 404;
    report.findings.push({
      severity: 'error',
      message: missing
        ? `deployment ${namespace}/${deploymentName} not found`
        : `cannot read deployment ${namespace}/${deploymentName}: ${apiErrorMessage(err)}`,
      hint: missing
        ? 'create it (the sample app: kubectl apply -f deploy/sample-app.yaml), or name yours with --deployment and -n (or the scenario target)'
        : RBAC_HINT,
    });
    return;
  }
  const budgets = await optionalRead(
    report,
    'PodDisruptionBudgets',
    async () =>
      (await kubeConfig.makeApiClient(PolicyV1Api).listNamespacedPodDisruptionBudget({ namespace }, call)).items,
  );
  const name = serviceName ?? deploymentName;
  const service = await optionalRead(report, `service ${namespace}/${name}`, () =>
    kubeConfig.makeApiClient(CoreV1Api).readNamespacedService({ name, namespace }, call),
  );
  report.target = summarizeTarget(deployment, budgets ?? ([] as V1PodDisruptionBudget[]), service as V1Service);
  for (const container of report.target.containers) {
    if (!container.readinessProbe) {
      report.findings.push({
        severity: 'warning',
        message: `container ${container.name} has no readinessProbe: new pods get traffic as soon as they start`,
      });
    }
  }
}

/** Reads what the doctor can do without; a failure becomes a warning naming `what`. */
async function optionalRead<T>(report: DoctorReport, what: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    const message =
      statusCodeOf(err) === 404
        ? `${what} not found: endpoint events come from the Service's EndpointSlices (set target.service or --service)`
        : `cannot read ${what}: ${apiErrorMessage(err)}`;
    report.findings.push({ severity: 'warning', message });
    return undefined;
  }
}
