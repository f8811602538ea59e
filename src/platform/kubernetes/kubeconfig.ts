import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { type Cluster, type Context, KubeConfig, type User } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { InvalidInputError } from '../../core/errors.js';

/** Where to find the cluster, like kubectl's flags. Every field optional. */
export interface KubeconfigOptions {
  /** `--kubeconfig`: this one file, nothing merged. */
  kubeconfig?: string;
  /** `--context`: a context name instead of the config's current-context. */
  context?: string;
  /** `-n/--namespace`: overrides the context's namespace. */
  namespace?: string;
  /** Read KUBECONFIG / KUBERNETES_SERVICE_HOST from here; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Home directory for `~/.kube/config`; default `os.homedir()`. */
  homeDir?: string;
  /** Root of the service-account files for in-cluster config (tests); default '' (the real `/var/run/...`). */
  inClusterPathPrefix?: string;
}

export interface LoadedKubeconfig {
  /** Ready for `makeApiClient`, its current context set to `contextName`. */
  kubeConfig: KubeConfig;
  contextName: string;
  /** `-n`, else the context's namespace, else "default". */
  namespace: string;
  /** The API server URL of the context's cluster. */
  server: string;
  /** Which file(s) the config came from (KUBECONFIG files joined with the path delimiter), or 'in-cluster'. */
  source: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Loads the cluster config the way kubectl does: `--kubeconfig` wins; else every file in `KUBECONFIG`, merged
 * like kubectl (the FIRST file to set a cluster, user or context name — or current-context — wins; missing
 * files are skipped; duplicates are not an error, unlike client-node's `loadFromDefault`); else `~/.kube/config`;
 * else the in-cluster service account when `KUBERNETES_SERVICE_HOST`/`PORT` are set.
 *
 * @throws InvalidInputError (KUBECONFIG, exit 3) naming the file that is missing or not a kubeconfig, or the context that does
 * not exist and the ones that do.
 */
export function loadKubeconfig(options: KubeconfigOptions = {}): LoadedKubeconfig {
  const env = options.env ?? process.env;
  const files = configFiles(options, env);
  const kubeConfig = new KubeConfig();
  let source: string;
  if (files.length > 0) {
    kubeConfig.loadFromOptions(mergeFiles(files));
    source = files.join(delimiter);
  } else if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) {
    loadInCluster(kubeConfig, env, options.inClusterPathPrefix ?? '');
    source = 'in-cluster';
  } else {
    throw configError(
      'no Kubernetes configuration found: no --kubeconfig, no KUBECONFIG, no ~/.kube/config, not in a cluster',
      'pass --kubeconfig <file>, or set KUBECONFIG',
    );
  }
  const contextName = chooseContext(kubeConfig, options.context, source);
  kubeConfig.setCurrentContext(contextName);
  const context = kubeConfig.getContextObject(contextName) as Context;
  const cluster = kubeConfig.getCluster(context.cluster);
  if (!cluster) {
    throw configError(`context "${contextName}" names cluster "${context.cluster}", which ${source} does not define`);
  }
  if (!kubeConfig.getUser(context.user) && context.user) {
    throw configError(`context "${contextName}" names user "${context.user}", which ${source} does not define`);
  }
  const namespace = options.namespace || context.namespace || 'default';
  return { kubeConfig, contextName, namespace, server: cluster.server, source };
}

/** The files to read, in precedence order; empty when only in-cluster config is left. */
function configFiles(options: KubeconfigOptions, env: Record<string, string | undefined>): string[] {
  if (options.kubeconfig) {
    if (!existsSync(options.kubeconfig)) throw configError(`kubeconfig ${options.kubeconfig} does not exist`);
    return [options.kubeconfig];
  }
  if (env.KUBECONFIG) {
    const listed = env.KUBECONFIG.split(delimiter).filter((file) => file !== '');
    const present = [...new Set(listed)].filter((file) => existsSync(file));
    if (present.length > 0) return present;
    if (env.KUBERNETES_SERVICE_HOST) return [];
    throw configError(`none of the KUBECONFIG files exist: ${listed.join(', ')}`);
  }
  const home = join(options.homeDir ?? homedir(), '.kube', 'config');
  return existsSync(home) ? [home] : [];
}

/** kubectl's merge: the first file to define a name keeps it; later definitions of that name are ignored. */
function mergeFiles(files: string[]): {
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext: string;
} {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const file of files) {
    const one = readFile(file);
    for (const cluster of one.clusters) if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of one.users) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of one.contexts) if (!contexts.has(context.name)) contexts.set(context.name, context);
    currentContext ||= one.currentContext ?? '';
  }
  return {
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  };
}

function readFile(file: string): KubeConfig {
  const one = new KubeConfig();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw configError(`cannot read kubeconfig ${file}: ${(err as Error).message}`, undefined, err);
  }
  if (text.trim() === '') {
    // kubectl reads an empty file as an empty config.
    one.loadFromOptions({ clusters: [], users: [], contexts: [], currentContext: '' });
    return one;
  }
  try {
    const document: unknown = parse(text);
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      throw new Error('expected a mapping with clusters, users and contexts');
    }
    one.loadFromString(text);
    one.makePathsAbsolute(dirname(file));
  } catch (err) {
    throw configError(`kubeconfig ${file} is not a valid kubeconfig: ${(err as Error).message}`, undefined, err);
  }
  return one;
}

function loadInCluster(kubeConfig: KubeConfig, env: Record<string, string | undefined>, prefix: string): void {
  const token = `${prefix}${SERVICE_ACCOUNT_TOKEN}`;
  if (!existsSync(token)) {
    throw configError(
      `KUBERNETES_SERVICE_HOST is set but the service-account token ${token} does not exist`,
      'mount a service-account token (automountServiceAccountToken) or pass --kubeconfig',
    );
  }
  // client-node reads the host and port from process.env only.
  const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
  process.env.KUBERNETES_SERVICE_HOST = env.KUBERNETES_SERVICE_HOST;
  process.env.KUBERNETES_SERVICE_PORT = env.KUBERNETES_SERVICE_PORT;
  try {
    kubeConfig.loadFromCluster(prefix);
  } finally {
    restoreEnv('KUBERNETES_SERVICE_HOST', saved.host);
    restoreEnv('KUBERNETES_SERVICE_PORT', saved.port);
  }
  // The namespace file ends with a newline in some setups; kubectl trims it.
  for (const context of kubeConfig.contexts) {
    if (context.namespace) (context as { namespace?: string }).namespace = context.namespace.trim();
  }
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

function chooseContext(kubeConfig: KubeConfig, wanted: string | undefined, source: string): string {
  const names = kubeConfig.getContexts().map((context) => context.name);
  const existing = names.length > 0 ? `contexts there: ${names.join(', ')}` : 'it defines no contexts';
  const name = wanted || kubeConfig.getCurrentContext();
  if (!name) throw configError(`no current-context in ${source}; ${existing}`, 'pass --context <name>');
  if (!names.includes(name)) {
    const how = wanted ? '--context' : 'current-context';
    throw configError(`context "${name}" (${how}) not found in ${source}; ${existing}`);
  }
  return name;
}

function configError(message: string, hint?: string, cause?: unknown): InvalidInputError {
  return new InvalidInputError(message, {
    code: 'KUBECONFIG',
    ...(hint === undefined ? {} : { hint }),
    ...(cause === undefined ? {} : { cause }),
  });
}
