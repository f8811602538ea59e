import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/api/object.js';
import { containerLaunch } from '../../src/cluster/kubelet/container-launch.js';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1' }, spec: {} } as unknown as KubeObject;

describe("the project's image as a local process", () => {
  it('runs the sample app on loopback at the host port, whatever host and port the manifest gives', () => {
    const launch = containerLaunch(
      {
        name: 'app',
        image: 'ghcr.io/rollbench/rollbench:0.1.0',
        args: ['sample-app', '--host', '0.0.0.0', '--port', '8080', '--cpu', '2ms'],
      },
      { pod, podIp: '127.0.0.1', hostPort: 41234 },
    );
    expect('launch' in launch && launch.launch.args.slice(1)).toEqual([
      'sample-app',
      '--cpu',
      '2ms',
      '--host',
      '127.0.0.1',
      '--port',
      '41234',
      '--name',
      'web-1',
    ]);
  });
});
