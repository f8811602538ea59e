import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// docker-compose.yml starts a real k3s for users with a Docker engine. There is none here: the structure k3s's
// Docker instructions need is checked as YAML, and by `docker-compose config` when a compose implementation is
// installed (Debian's `docker-compose` parses the file without an engine).

interface Service {
  image: string;
  command: string;
  privileged: boolean;
  tmpfs: string[];
  environment: Record<string, string>;
  volumes: string[];
  ports: string[];
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const file = `${root}docker-compose.yml`;

async function k3s(): Promise<{ service: Service; volumes: Record<string, unknown> }> {
  const compose = parse(await readFile(file, 'utf8')) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };
  expect(Object.keys(compose.services)).toEqual(['k3s']);
  return { service: compose.services.k3s as Service, volumes: compose.volumes };
}

/** A compose implementation that can check the file without an engine, if one is installed. */
function composeCommand(): string[] | undefined {
  for (const command of [['docker-compose'], ['docker', 'compose']]) {
    const probe = spawnSync(command[0] as string, [...command.slice(1), 'version'], {
      timeout: 10_000,
      killSignal: 'SIGKILL',
    });
    if (probe.status === 0) return command;
  }
  return undefined;
}

describe('docker-compose.yml: a single-node k3s with metrics-server', () => {
  it('runs a pinned k3s server, privileged, /run and /var/run on tmpfs (k3s in Docker)', async () => {
    const { service } = await k3s();
    expect(service.image).toMatch(/^rancher\/k3s:v1\.(3[4-9]|[4-9]\d)\.\d+-k3s\d+$/);
    expect(service.command).toBe('server');
    // metrics-server is k3s's default: nothing may disable it.
    expect(service.command).not.toMatch(/--disable/);
    expect(service.privileged).toBe(true);
    expect(service.tmpfs).toEqual(['/run', '/var/run']);
  });

  it('needs a token from the user, writes the kubeconfig to the host, keeps its data in a volume', async () => {
    const { service, volumes } = await k3s();
    expect(service.environment.K3S_TOKEN).toMatch(/^\$\{K3S_TOKEN:\?/);
    expect(service.environment.K3S_KUBECONFIG_OUTPUT).toBe('/output/kubeconfig.yaml');
    expect(service.environment.K3S_KUBECONFIG_MODE).toBe('666');
    expect(service.volumes).toContain('.:/output');
    expect(service.volumes).toContain('k3s-server:/var/lib/rancher/k3s');
    expect(Object.keys(volumes)).toEqual(['k3s-server']);
  });

  it('publishes the API server and the sample app’s NodePort on 127.0.0.1 only', async () => {
    const { service } = await k3s();
    expect(service.ports).toEqual(['127.0.0.1:6443:6443', '127.0.0.1:30080:30080']);
  });

  const compose = composeCommand();
  it.skipIf(compose === undefined)('is what a compose implementation reads as valid (config)', () => {
    const [command, ...args] = compose ?? [];
    const env = { ...process.env, K3S_TOKEN: 'test-token' };
    const checked = spawnSync(command as string, [...args, '-f', file, 'config'], {
      env,
      timeout: 30_000,
      killSignal: 'SIGKILL',
    });
    expect(checked.status, checked.stderr.toString()).toBe(0);
    const config = parse(checked.stdout.toString()) as { services: Record<string, { environment: unknown }> };
    expect(JSON.stringify(config.services.k3s?.environment)).toContain('test-token');
    // Without the token, it refuses to start, naming it.
    const { K3S_TOKEN: _token, ...withoutToken } = env;
    const refused = spawnSync(command as string, [...args, '-f', file, 'config'], {
      env: withoutToken,
      timeout: 30_000,
      killSignal: 'SIGKILL',
    });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr.toString()).toContain('K3S_TOKEN');
  });
});
