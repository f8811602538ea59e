import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { MAX_NICE } from '../../cluster/kubelet/cpu-nice.js';
import { ExitCode, usageError } from '../../core/errors.js';
import type { CliIo } from '../io.js';
import { listenError } from '../listen-error.js';
import { countOption, durationOption, portOption, positiveIntegerOption } from '../parse.js';

interface ClusterUpFlags {
  writeKubeconfig?: string;
  port: number;
  nodes: number | string[];
  dataDir?: string;
  endpointPropagationDelay: number;
  endpointPropagationJitter: number;
  proxyMode: 'l7' | 'l4';
  stopWithParent?: boolean;
  nice: number;
}

/** `--nice 10`: a Linux nice value any user may set (0–19, lower priority only). */
function niceOption(text: string): number {
  const nice = countOption(text);
  if (nice > MAX_NICE) throw new InvalidArgumentError(`expected a nice value from 0 to ${MAX_NICE}, got "${text}"`);
  return nice;
}

const nodeNamePattern = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `--nodes 3` or `--nodes node-a,node-b`: a count, or the names (each a DNS label, none twice). */
function nodesOption(text: string): number | string[] {
  if (/^\d+$/.test(text)) return positiveIntegerOption(text);
  const names = text.split(',');
  const bad = names.find((name) => !nodeNamePattern.test(name));
  if (bad !== undefined) {
    throw new InvalidArgumentError(
      `expected a number of nodes or comma-separated node names (lower-case letters, digits, "-"), got "${bad}"`,
    );
  }
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) throw new InvalidArgumentError(`node "${twice}" is named twice`);
  return names;
}

/** `GiB` with one decimal, for the node lines. */
function gibibytes(quantityKi: string): string {
  return `${(Number.parseInt(quantityKi, 10) / 1024 ** 2).toFixed(1)} GiB`;
}

/** Resolves on SIGINT, SIGTERM or SIGHUP, or — with `withParent` — when standard input closes. */
function stopSignal(io: CliIo, withParent: boolean): Promise<void> {
  return new Promise((stop) => {
    const unsubscribe = io.onInterrupt(() => done());
    // A parent that started the cluster holds the other end of this pipe: it closes when the parent exits, however.
    const onEnd = () => done();
    if (withParent) {
      process.stdin.on('end', onEnd).on('error', onEnd).resume();
    }
    // A closed terminal sends SIGHUP, whose default action would kill the cluster without closing its watches.
    const onHangUp = () => done();
    process.once('SIGHUP', onHangUp);
    function done() {
      unsubscribe();
      process.off('SIGHUP', onHangUp);
      if (withParent) process.stdin.off('end', onEnd).off('error', onEnd).pause();
      stop();
    }
  });
}

export function registerCluster(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cluster = program
    .command('cluster')
    .summary('an embedded Kubernetes cluster on this machine, for kubectl and rollbench');
  cluster
    .command('up')
    .summary('run the embedded cluster in the foreground until ^C')
    .description(
      'Serves the Kubernetes API on https://127.0.0.1 (a self-signed certificate and a bearer token, both in the ' +
        'kubeconfig it writes), with nodes, namespaces, a scheduler, the Deployment, ReplicaSet, EndpointSlice, ' +
        'disruption-budget and garbage-collection controllers, a kubelet that runs each pod as local processes ' +
        '(the image ghcr.io/rollbench/rollbench runs the built-in sample app; any other image runs its command if ' +
        "that exists on this machine) and stops them in the kubelet's order, and a kube-proxy that listens on " +
        '127.0.0.1:<nodePort> for every NodePort Service; real kubectl works against it. Prints the API URL, the ' +
        'kubeconfig path and one line per node, then "ready". SIGINT, SIGTERM or SIGHUP stop it and every pod; no ' +
        'pod outlives it, even killed with kill -9.',
    )
    .option('--write-kubeconfig <file>', 'where to write the kubeconfig (default: <data-dir>/kubeconfig)')
    .option('-p, --port <port>', 'API port on 127.0.0.1 (0 = any free port)', portOption, 0)
    .option('--nodes <n|names>', 'how many nodes (node-1 …), or their names: node-a,node-b', nodesOption, 3)
    .option('--data-dir <dir>', 'where pod logs and the kubeconfig go (default: a new temporary directory)')
    .addOption(
      new Option(
        '--endpoint-propagation-delay <time>',
        'how long the kube-proxy keeps routing to an endpoint after its EndpointSlice said it is gone',
      )
        .argParser(durationOption)
        .default(1000, '1s'),
    )
    .addOption(
      new Option(
        '--endpoint-propagation-jitter <time>',
        'a uniformly random extra delay in [0, time] per endpoint change, on top of the propagation delay',
      )
        .argParser(durationOption)
        .default(0, '0ms'),
    )
    .addOption(
      new Option(
        '--proxy-mode <mode>',
        "the kube-proxy's balancing: l7 per request (502 from a gone pod), l4 per connection (like kube-proxy)",
      )
        .choices(['l7', 'l4'])
        .default('l7'),
    )
    .option(
      '--nice <n>',
      'CPU priority of the cluster and its pods as a Linux nice value (0–19). Above 0 they give way to a load ' +
        'generator on this machine, whose sends then wait less for a core — and to everything else that is busy ' +
        'on it, which makes their timing (probes, endpoint propagation) run late on a shared machine',
      niceOption,
      0,
    )
    .option(
      '--stop-with-parent',
      'also stop (and stop every pod) when standard input closes: for a program that starts the cluster as its child',
    )
    .action(async (flags: ClusterUpFlags) => {
      // The library's entry (`rollbench/cluster`): `cluster up` is that call, printed and kept running.
      const { kubeconfigText, startCluster } = await import('../../cluster/index.js');
      const { niceThisProcess } = await import('../../cluster/kubelet/cpu-nice.js');
      // Before anything starts, so that every thread and process the cluster starts inherits it.
      const cpu = await niceThisProcess(flags.nice);
      const dataDir =
        flags.dataDir === undefined
          ? await mkdtemp(join(tmpdir(), 'rollbench-cluster-'))
          : resolve(io.cwd, flags.dataDir);
      await mkdir(dataDir, { recursive: true });
      const kubeconfig = resolve(io.cwd, flags.writeKubeconfig ?? join(dataDir, 'kubeconfig'));
      const running = await startCluster({
        port: flags.port,
        nodeCount: typeof flags.nodes === 'number' ? flags.nodes : flags.nodes.length,
        ...(typeof flags.nodes === 'number' ? {} : { nodeNames: flags.nodes }),
        dataDir,
        podNice: flags.nice,
        proxy: {
          mode: flags.proxyMode,
          endpointPropagationDelayMs: flags.endpointPropagationDelay,
          jitterMs: flags.endpointPropagationJitter,
        },
      }).catch((err: unknown) => {
        throw listenError(err, flags.port, '127.0.0.1') ?? err;
      });
      // From here on the API server listens: whatever fails, it is closed before rollbench exits.
      try {
        await writeFile(
          kubeconfig,
          kubeconfigText({ server: running.url, token: running.token, caPem: running.caPem, name: 'rollbench' }),
          { mode: 0o600 },
        ).catch((err: unknown) => {
          throw usageError(
            `--write-kubeconfig: cannot write ${kubeconfig}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
            'name a file in a folder that exists and that you can write to',
          );
        });
        io.stdout.write(`API server: ${running.url}\n`);
        io.stdout.write(`kubeconfig: ${kubeconfig}   (kubectl --kubeconfig ${kubeconfig} get nodes)\n`);
        for (const node of running.nodes) {
          const { cpu, memory } = node.status.allocatable;
          io.stdout.write(`node ${node.metadata.name}: Ready, ${cpu} CPU, ${gibibytes(memory)} allocatable\n`);
        }
        io.stdout.write(`data dir: ${dataDir}\n`);
        const { mode, endpointPropagationDelayMs } = running.proxy;
        io.stdout.write(
          `kube-proxy: ${mode}, endpoint propagation ${endpointPropagationDelayMs} ms, NodePorts on 127.0.0.1\n`,
        );
        if (flags.nice > 0) io.stdout.write(`cpu: ${cpu} for the cluster and its pods\n`);
        // Listening for the stop before saying ready: a signal sent on reading "ready" must find its handler, not
        // the default action that would kill the cluster without stopping its pods (seen once under load: SIGHUP).
        const stopped = stopSignal(io, flags.stopWithParent === true);
        io.stdout.write('ready\n');
        await stopped;
      } finally {
        await running.close();
      }
      io.stdout.write('stopped\n');
      setExit(ExitCode.ok);
    });
}
