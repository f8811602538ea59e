import * as z from 'zod';
import type { DisruptionBudget } from '../core/disruption-budget.js';
import { type AppTarget, appSchema } from './app.js';
import { duration } from './durations.js';
import { renameMs } from './ms-keys.js';
import { dnsLabel, dnsSubdomain } from './names.js';
import { intOrPercent, rollingUpdateSchema } from './rolling-update.js';
import { strictObject } from './strict-object.js';

/**
 * The most replicas a local scenario may ask for unless it raises `target.maxReplicas`: each local replica is a
 * process on this machine (the sample app alone takes about 60 MiB), so a typo such as `replicas: 100000` would
 * otherwise fork until the machine gives out.
 */
export const DEFAULT_MAX_LOCAL_REPLICAS = 100;

/**
 * Seconds with 0.1 s granularity: Kubernetes takes whole seconds, the local platform (a timer per replica) can
 * probe faster, which keeps local rehearsals short.
 */
function tenthsOfSeconds(minimum: number, description: string) {
  return z
    .number()
    .min(minimum)
    .refine((seconds) => Math.abs(seconds * 10 - Math.round(seconds * 10)) < 1e-9, {
      error: 'must be a multiple of 0.1 (the local platform probes in steps of 0.1 s)',
    })
    .meta({ description });
}

const readinessProbeSchema = strictObject({
  path: z
    .string()
    .startsWith('/', { error: 'must start with /' })
    .optional()
    .meta({ description: 'HTTP GET path; default /healthz for sampleApp, / for a command' }),
  periodSeconds: tenthsOfSeconds(0.1, 'seconds between probes; default 1').default(1),
  timeoutSeconds: tenthsOfSeconds(0.1, 'seconds before a probe counts as failed; default 1').default(1),
  initialDelaySeconds: tenthsOfSeconds(0, 'seconds after the start before the first probe; default 0').default(0),
  failureThreshold: z.int().min(1).default(3).meta({ description: 'failed probes in a row to be unready; default 3' }),
  successThreshold: z.int().min(1).default(1).meta({ description: 'passed probes in a row to be ready; default 1' }),
});

const lifecycleSchema = strictObject({
  preStop: strictObject({
    sleep: strictObject({
      seconds: z.int().min(0).meta({ description: 'seconds to wait before SIGTERM, while endpoints catch up' }),
    }),
  }).optional(),
});

const strategySchema = strictObject({
  type: z.literal('RollingUpdate').optional().meta({ description: 'only RollingUpdate' }),
  rollingUpdate: rollingUpdateSchema.prefault({}),
});

/** Fields every platform shares: the Deployment-shaped part of a target. */
const workloadShape = {
  app: appSchema,
  replicas: z.int().min(1).default(1).meta({ description: 'desired replicas; default 1' }),
  readinessProbe: readinessProbeSchema.prefault({}),
  lifecycle: lifecycleSchema.optional(),
  terminationGracePeriodSeconds: z
    .int()
    .min(0)
    .default(30)
    .meta({ description: 'seconds from the start of termination to SIGKILL (preStop included); default 30' }),
  minReadySeconds: z
    .int()
    .min(0)
    .default(0)
    .meta({ description: 'seconds a new pod must stay ready to count; default 0' }),
  strategy: strategySchema.prefault({}),
};

/** The stand-in for kube-proxy / an ingress in front of local replicas. */
const proxySchema = strictObject({
  mode: z
    .enum(['l7', 'l4'])
    .default('l7')
    .meta({ description: 'l7: each request goes to a ready endpoint (default) | l4: each connection is pinned' }),
  endpointPropagationDelay: duration({
    description: 'how long a removed endpoint still receives traffic; default 1s',
  }).prefault('1s'),
  jitter: duration({
    description: 'uniform random extra delay per endpoint change, [0, jitter]; default 0ms',
  }).prefault('0ms'),
}).transform((proxy) => renameMs(proxy, ['endpointPropagationDelay', 'jitter']));

const nodesSchema = z
  .array(dnsLabel('node name'))
  .min(1)
  .superRefine((nodes, ctx) => {
    nodes.forEach((node, index) => {
      if (nodes.indexOf(node) !== index)
        ctx.addIssue({ code: 'custom', path: [index], message: `"${node}" is listed twice` });
    });
  })
  .meta({ description: 'named nodes the replicas are spread over (drain takes one out)' });

const budgetFieldsSchema = strictObject({
  minAvailable: intOrPercent.optional().meta({
    description: 'ready pods that must remain after an eviction: a count or a percentage of replicas (rounded up)',
  }),
  maxUnavailable: intOrPercent.optional().meta({
    description:
      'pods that may be disrupted (evicted, terminating or not ready) at once: a count or a percentage (rounded up)',
  }),
});

type BudgetFields = z.output<typeof budgetFieldsSchema>;

function checkBudget(budget: BudgetFields, ctx: z.RefinementCtx): void {
  if (budget.minAvailable !== undefined && budget.maxUnavailable !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['maxUnavailable'],
      message: 'minAvailable and maxUnavailable exclude each other: a PodDisruptionBudget takes one',
    });
  } else if (budget.minAvailable === undefined && budget.maxUnavailable === undefined) {
    ctx.addIssue({ code: 'custom', message: 'needs minAvailable or maxUnavailable (exactly one)' });
  }
}

function toBudget({ minAvailable, maxUnavailable }: BudgetFields): DisruptionBudget {
  return minAvailable === undefined ? { maxUnavailable: maxUnavailable ?? 0 } : { minAvailable };
}

/** A PodDisruptionBudget over the replicas, as Kubernetes' `policy/v1` spec: exactly one of the two fields. */
const podDisruptionBudgetSchema = budgetFieldsSchema
  // Presence checks only, so they run (and are reported) even when a value is wrong itself.
  .superRefine(checkBudget, { when: (payload) => typeof payload.value === 'object' && payload.value !== null })
  .transform(toBudget)
  .meta({
    description:
      'drain: an eviction that would leave fewer healthy pods than this allows is refused (429) and retried every 5s',
  });

const localTargetSchema = strictObject({
  platform: z.literal('local').meta({ description: 'local: replicas are processes on this machine' }),
  ...workloadShape,
  proxy: proxySchema.prefault({}),
  nodes: nodesSchema.optional(),
  podDisruptionBudget: podDisruptionBudgetSchema.optional(),
  maxReplicas: z
    .int()
    .min(1)
    .default(DEFAULT_MAX_LOCAL_REPLICAS)
    .meta({
      description:
        `the most replicas target.replicas and scale disruptions may ask for; default ${DEFAULT_MAX_LOCAL_REPLICAS} ` +
        '(each local replica is a process on this machine)',
    }),
});

/**
 * A Deployment on a cluster, reached through its API like kubectl (`--kubeconfig`, `--context`, `-n`): what it
 * runs, its probes, preStop and grace period are the cluster's, read from it, not written here.
 */
const kubernetesTargetSchema = strictObject({
  platform: z.literal('kubernetes').meta({ description: 'kubernetes: a Deployment on a cluster, through its API' }),
  namespace: dnsLabel('namespace').optional().meta({
    description: "the Deployment's namespace; default: the kubeconfig context's, else default (like kubectl); -n wins",
  }),
  deployment: dnsSubdomain('deployment name').meta({ description: 'the Deployment the disruptions act on' }),
  service: dnsSubdomain('service name').optional().meta({
    description:
      'the Service whose EndpointSlices are watched (and whose NodePort is loaded); default: the deployment name',
  }),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' })
    .optional()
    .meta({
      description:
        'where the load goes (an ingress, a NodePort, a port-forward); default: the Service NodePort on 127.0.0.1 ' +
        'when the API server is on loopback (the embedded cluster); --url wins',
    }),
});

/** A kubernetes target as parsed. */
export type KubernetesTarget = z.output<typeof kubernetesTargetSchema>;

type TargetInput = z.output<typeof localTargetSchema>;

function defaultProbePath(app: AppTarget): string {
  return app.kind === 'sampleApp' ? '/healthz' : '/';
}

/** Fills in what depends on other fields: the probe path depends on the app. */
function withDefaults<T extends TargetInput>(target: T) {
  const path = target.readinessProbe.path ?? defaultProbePath(target.app);
  return { ...target, readinessProbe: { ...target.readinessProbe, path } };
}

/** Where the service under test runs, keyed by `platform`: processes on this machine, or a cluster's Deployment. */
export const targetSchema = z.discriminatedUnion('platform', [
  localTargetSchema.transform(withDefaults),
  kubernetesTargetSchema,
]);
