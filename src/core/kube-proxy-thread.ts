/**
 * The OS name of the embedded cluster's kube-proxy thread (`/proc/<pid>/task/<tid>/comm`, `top -H`): the cluster
 * names it, and the local platform reads that thread's CPU apart from the rest of the cluster's by it.
 */
export const KUBE_PROXY_THREAD_NAME = 'kube-proxy';
