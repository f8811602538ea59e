import type {
  CoreV1Event,
  V1Deployment,
  V1EndpointSlice,
  V1Node,
  V1Pod,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { apiErrorMessage, isNotFound } from './api-errors.js';
import type { KubeClients } from './client.js';
import { EndpointTracker } from './endpoint-events.js';
import { autoscalerEvents, clusterEvents, deploymentEvents, nodeEvents } from './object-events.js';
import { podEvents } from './pod-events.js';
import type { TimelineEvent, TimelineSink } from './types.js';
import { type Change, type KubeItem, Reflector } from './watch-resume.js';

/** How many unknown pods' Events are held for the pod watch to catch up. */
const HELD_PODS_LIMIT = 500;

export interface ObserveTarget {
  clients: KubeClients;
  namespace: string;
  deployment: string;
  service: string;
  /** The Deployment's selector as a label selector query. */
  podSelector: string;
  onWarning(message: string): void;
  /**
   * List each collection once more when `signal` aborts, even if it aborted before watching began: what the watches
   * had not delivered yet is reported then. Default true.
   */
  catchUp?: boolean;
}

/** The HPA whose scaleTargetRef is the Deployment, if any (and if the cluster serves autoscaling/v2). */
async function autoscalerOf(target: ObserveTarget): Promise<string | undefined> {
  try {
    const listed = await target.clients.autoscaling.listNamespacedHorizontalPodAutoscaler({
      namespace: target.namespace,
    });
    const found = listed.items.find(
      (hpa) => hpa.spec?.scaleTargetRef.kind === 'Deployment' && hpa.spec?.scaleTargetRef.name === target.deployment,
    );
    return found?.metadata?.name;
  } catch (error) {
    if (!isNotFound(error)) target.onWarning(`autoscalers not observed: ${apiErrorMessage(error)}`);
    return undefined;
  }
}

/**
 * Watches what a rollout, scale or drain moves — the Deployment's pods, the Service's EndpointSlices, the nodes, the
 * Deployment, the namespace's Events about them, and an HPA that targets the Deployment — and streams them into
 * `sink` as timeline events until `signal` aborts.
 */
export async function observe(target: ObserveTarget, sink: TimelineSink, signal: AbortSignal): Promise<void> {
  const { clients, namespace, deployment } = target;
  const { core, apps, discovery, autoscaling } = clients;
  const emit = (events: TimelineEvent[]) => {
    for (const event of events) sink(event);
  };
  const reflect = <T extends KubeItem>(
    path: string,
    query: { labelSelector?: string; fieldSelector?: string },
    list: () => Promise<{ metadata?: { resourceVersion?: string }; items: T[] }>,
    onChange: (change: Change<T>) => void,
  ) =>
    new Reflector<T>({
      kubeConfig: clients.kubeConfig,
      openTimeoutMs: clients.requestTimeoutMs,
      path,
      query,
      list,
      onChange,
      onError: (error) => target.onWarning(`watch ${path}: ${apiErrorMessage(error)} (retrying)`),
    });

  const podUids = new Set<string>();
  // Events about a pod the pod watch has not delivered yet (each watch has its own stream): held until it does.
  const heldEvents = new Map<string, Change<CoreV1Event>[]>();
  const pods = reflect<V1Pod>(
    `/api/v1/namespaces/${namespace}/pods`,
    { labelSelector: target.podSelector },
    () => core.listNamespacedPod({ namespace, labelSelector: target.podSelector }),
    (change) => {
      emit(podEvents(change));
      const uid = (change.current ?? change.previous)?.metadata?.uid;
      if (uid === undefined || podUids.has(uid)) return;
      podUids.add(uid);
      for (const held of heldEvents.get(uid) ?? []) emit(clusterEvents(held, hasPreStop));
      heldEvents.delete(uid);
    },
  );
  const hasPreStop = (name: string) =>
    pods
      .items()
      .find((pod) => pod.metadata?.name === name)
      ?.spec?.containers.some((container) => container.lifecycle?.preStop !== undefined) ?? false;
  const concerns = (event: CoreV1Event) => {
    const { kind, name = '' } = event.involvedObject;
    if (kind === 'ReplicaSet') return name.startsWith(`${deployment}-`);
    return kind === 'Node' || (kind === 'Deployment' && name === deployment) || kind === 'HorizontalPodAutoscaler';
  };
  const onEvent = (change: Change<CoreV1Event>) => {
    const involved = change.current?.involvedObject;
    if (involved === undefined) return;
    if (involved.kind !== 'Pod') {
      if (concerns(change.current as CoreV1Event)) emit(clusterEvents(change, hasPreStop));
      return;
    }
    const uid = involved.uid ?? '';
    if (podUids.has(uid)) emit(clusterEvents(change, hasPreStop));
    else if (change.origin !== 'initial') holdEvent(uid, change);
  };
  const holdEvent = (uid: string, change: Change<CoreV1Event>) => {
    // Events about other workloads' pods are never released: keep the newest few hundred pods' worth.
    if (heldEvents.size >= HELD_PODS_LIMIT) heldEvents.delete(heldEvents.keys().next().value ?? '');
    heldEvents.set(uid, [...(heldEvents.get(uid) ?? []), change]);
  };
  const endpoints = new EndpointTracker();
  const serviceSelector = `kubernetes.io/service-name=${target.service}`;
  const deploymentSelector = `metadata.name=${deployment}`;
  const reflectors: Reflector<KubeItem>[] = [
    pods,
    reflect<V1EndpointSlice>(
      `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`,
      { labelSelector: serviceSelector },
      () => discovery.listNamespacedEndpointSlice({ namespace, labelSelector: serviceSelector }),
      (change) => emit(endpoints.apply(change)),
    ),
    reflect<V1Node>(
      '/api/v1/nodes',
      {},
      () => core.listNode({}),
      (change) => emit(nodeEvents(change)),
    ),
    reflect<V1Deployment>(
      `/apis/apps/v1/namespaces/${namespace}/deployments`,
      { fieldSelector: deploymentSelector },
      () => apps.listNamespacedDeployment({ namespace, fieldSelector: deploymentSelector }),
      (change) => emit(deploymentEvents(change)),
    ),
    reflect<CoreV1Event>(
      `/api/v1/namespaces/${namespace}/events`,
      {},
      () => core.listNamespacedEvent({ namespace }),
      onEvent,
    ),
  ] as Reflector<KubeItem>[];
  const autoscaler = await autoscalerOf(target);
  if (autoscaler !== undefined) {
    const byName = `metadata.name=${autoscaler}`;
    reflectors.push(
      reflect<V2HorizontalPodAutoscaler>(
        `/apis/autoscaling/v2/namespaces/${namespace}/horizontalpodautoscalers`,
        { fieldSelector: byName },
        () => autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace, fieldSelector: byName }),
        (change) => emit(autoscalerEvents(change)),
      ) as Reflector<KubeItem>,
    );
  }
  await Promise.all(reflectors.map((reflector) => reflector.run(signal)));
  // A run that fails at once (a pod that cannot start) stops watching before every watch has delivered what
  // happened, or even began: one last list of each collection reports the rest.
  if (target.catchUp ?? true) await Promise.all(reflectors.map((reflector) => reflector.catchUp()));
}
