import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { containerLaunch } from '../../src/cluster/kubelet/container-launch.js';

// There is no Docker engine here: these check what can be checked without one, from the files themselves.
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const packageJson = JSON.parse(read('package.json'));

/** The Dockerfile's instructions in order, continuation lines joined, comments dropped. */
function instructions(): { keyword: string; args: string }[] {
  return read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}
const all = (keyword: string) => instructions().filter((instruction) => instruction.keyword === keyword);
const last = (keyword: string) => all(keyword).at(-1)?.args ?? '';

describe('the Dockerfile', () => {
  it('builds in one node:20-slim stage and runs in another, without dev dependencies, as a non-root user', () => {
    expect(all('FROM').map((from) => from.args)).toEqual(['node:20-slim AS build', 'node:20-slim']);
    const runs = all('RUN').map((run) => run.args);
    expect(runs.some((run) => run.startsWith('npm ci'))).toBe(true);
    expect(runs.some((run) => /npm run build && npm prune --omit=dev/.test(run))).toBe(true);
    expect(last('USER')).toMatch(/^[1-9]\d*(:\d+)?$/); // numeric, so runAsNonRoot can verify it
  });

  it("ENTRYPOINT runs `rollbench`: the link it finds on PATH points at package.json's bin, which the image copies", () => {
    const entrypoint: string[] = JSON.parse(last('ENTRYPOINT'));
    expect(entrypoint.at(-1)).toBe('rollbench');
    const bin: string = packageJson.bin.rollbench;
    expect(all('RUN').map((run) => run.args)).toContain(`ln -s /app/${bin} /usr/local/bin/rollbench`);
    expect(last('WORKDIR')).toBe('/app');
    expect(all('COPY').map((copy) => copy.args)).toContain('bin ./bin');
    expect(existsSync(new URL(bin, root))).toBe(true);
    // The bin loads the build output, which the image copies from the build stage.
    const entry = /new URL\('\.\.\/(dist\/[^']+)'/.exec(read(bin))?.[1] ?? '';
    expect(entry).toBe('dist/cli/main.js');
    expect(all('COPY').map((copy) => copy.args)).toContain('--from=build /app/dist ./dist');
    expect(existsSync(new URL(entry, root)), `${entry} after npm run build`).toBe(true);
  });

  it('CMD is the sample app, listening where a published port or a pod IP reaches it', () => {
    expect(JSON.parse(last('CMD'))).toEqual(['sample-app', '--host', '0.0.0.0', '--port', '8080']);
    expect(last('EXPOSE')).toBe('8080');
  });

  it('copies only what exists and what .dockerignore lets through', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'));
    const sources = all('COPY')
      .filter((copy) => !copy.args.startsWith('--from='))
      .flatMap((copy) => copy.args.split(/\s+/).slice(0, -1));
    expect(sources.sort()).toEqual([
      'bin',
      'package-lock.json',
      'package.json',
      'src',
      'tsconfig.build.json',
      'tsconfig.json',
    ]);
    for (const source of sources) {
      expect(existsSync(new URL(source, root)), source).toBe(true);
      expect(ignored, source).not.toContain(source);
    }
  });

  it("deploy/sample-app.yaml names this version's image, which the embedded kubelet runs as the sample app", () => {
    const deployment = parseAllDocuments(read('deploy/sample-app.yaml'))
      .map((document) => document.toJS())
      .find((object) => object.kind === 'Deployment');
    const [container] = deployment.spec.template.spec.containers;
    expect(container.image).toBe(`ghcr.io/rollbench/rollbench:${packageJson.version}`);
    const launch = containerLaunch(container, {
      pod: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', uid: '', resourceVersion: '', creationTimestamp: '' },
      },
      podIp: '127.0.0.1',
      hostPort: 40000,
    });
    expect('launch' in launch && launch.launch.args.slice(0, 2)).toEqual([
      new URL(packageJson.bin.rollbench, root).pathname,
      'sample-app',
    ]);
  });
});
