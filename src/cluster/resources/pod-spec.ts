import type { KubeObject } from '../api/object.js';
import { invalidValue, required, type StatusCause } from '../api/status.js';

// biome-ignore lint/suspicious/noExplicitAny: a pod spec is open JSON; these helpers read and default a few fields.
type Spec = any;

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function defaultProbe(probe: Spec): void {
  if (probe === undefined || probe === null) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  if (probe.httpGet) probe.httpGet.scheme ??= 'HTTP';
}

/** The apiserver's defaults for a pod spec (`pkg/apis/core/v1/defaults.go`), in a Pod or a workload's template. */
export function defaultPodSpec(spec: Spec): void {
  if (spec === undefined || spec === null) return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const latest = typeof container.image === 'string' && !/:[^/]+$/.test(container.image);
    container.imagePullPolicy ??= latest || String(container.image).endsWith(':latest') ? 'Always' : 'IfNotPresent';
    container.terminationMessagePath ??= '/dev/termination-log';
    container.terminationMessagePolicy ??= 'File';
    container.resources ??= {};
    for (const port of container.ports ?? []) port.protocol ??= 'TCP';
    defaultProbe(container.readinessProbe);
    defaultProbe(container.livenessProbe);
    defaultProbe(container.startupProbe);
  }
}

/**
 * A workload's pod template as the apiserver stores it: its metadata's unset `creationTimestamp` comes back as
 * `null` (Go's zero `metav1.Time`), whether the client left it out or sent `null` — `kubectl rollout undo` sends
 * a ReplicaSet's template with `null` in it, which must still equal the template that made that ReplicaSet.
 */
export function defaultPodTemplate(template: Spec): void {
  if (template === undefined || template === null) return;
  template.metadata ??= {};
  template.metadata.creationTimestamp ??= null;
  defaultPodSpec(template.spec);
}

/** What the apiserver's pod validation refuses that our users would write wrong: containers, names, images. */
export function podSpecCauses(spec: Spec, path: string): StatusCause[] {
  if (spec === undefined || spec === null) return [required(path)];
  const containers: Spec[] = spec.containers ?? [];
  if (containers.length === 0) return [required(`${path}.containers`)];
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  containers.forEach((container, index) => {
    const at = `${path}.containers[${index}]`;
    if (!container.name) causes.push(required(`${at}.name`));
    else if (!dnsLabel.test(container.name))
      causes.push(invalidValue(`${at}.name`, container.name, 'must be a DNS label'));
    else if (seen.has(container.name)) {
      causes.push({
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: "${container.name}"`,
        field: `${at}.name`,
      });
    }
    seen.add(container.name);
    if (!container.image) causes.push(required(`${at}.image`));
  });
  const grace = spec.terminationGracePeriodSeconds;
  for (const [index, container] of containers.entries()) {
    const sleep = container.lifecycle?.preStop?.sleep?.seconds;
    if (typeof sleep === 'number' && typeof grace === 'number' && sleep > grace) {
      causes.push(
        invalidValue(
          `${path}.containers[${index}].lifecycle.preStop.sleep.seconds`,
          sleep,
          `must be less than terminationGracePeriodSeconds (${grace})`,
        ),
      );
    }
  }
  return causes;
}

/** `app,sidecar` and `nginx:1.27,busybox`: the CONTAINERS and IMAGES columns of workloads. */
export function containerNames(template: KubeObject['spec']): string {
  return (template?.spec?.containers ?? []).map((container: Spec) => container.name).join(',');
}

export function containerImages(template: KubeObject['spec']): string {
  return (template?.spec?.containers ?? []).map((container: Spec) => container.image).join(',');
}
