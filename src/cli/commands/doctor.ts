import { resolve } from 'node:path';
import type { Command } from 'commander';
import { MESSAGE_PREFIX, warningLine } from '../../core/errors.js';
import type { AccessAction } from '../../platform/kubernetes/access.js';
import type { CliIo } from '../io.js';

interface DoctorFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  deployment?: string;
  service?: string;
}

/** What a scenario tells the doctor: the target (when it is a kubernetes one) and the actions it schedules. */
interface ScenarioTarget {
  namespace?: string;
  deployment?: string;
  service?: string;
  actions: AccessAction[];
}

export function registerDoctor(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('doctor')
    .summary('check that rollbench can rehearse on a cluster: reachable, permitted, metrics, the target')
    .description(
      'Asks the API server its version; checks every permission the scenario’s actions need with ' +
        'SelfSubjectAccessReview (all actions without a scenario) and prints the table; checks that metrics.k8s.io ' +
        'is served; finds the target Deployment, its Service and PodDisruptionBudgets, and summarises the settings ' +
        'that decide a rollout’s failures (replicas, strategy, preStop, readiness probe, grace period).\n\n' +
        'Config like kubectl: --kubeconfig, else KUBECONFIG, else ~/.kube/config, else in-cluster.\n' +
        'Exit 0; 5 when the server is unreachable, a needed permission is forbidden or the Deployment is missing ' +
        '(a hint says what to fix); 3 for an unreadable kubeconfig or scenario. A missing metrics API is a warning.',
    )
    .argument('[scenario]', 'scenario file (YAML): its target and actions say what to check')
    .option('--kubeconfig <file>', 'kubeconfig file (instead of KUBECONFIG / ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: its current-context)')
    .option(
      '-n, --namespace <namespace>',
      'namespace of the target (default: the scenario’s, the context’s, "default")',
    )
    .option('--deployment <name>', 'the Deployment to check (default: the scenario’s target)')
    .option('--service <name>', 'the Service in front of it (default: the scenario’s, else the Deployment’s name)')
    .action(async (file: string | undefined, flags: DoctorFlags) => {
      const fromScenario = file === undefined ? undefined : await scenarioTarget(resolve(io.cwd, file));
      const { doctorExitCode, runDoctor } = await import('../../platform/kubernetes/doctor.js');
      const { formatDoctorReport } = await import('../../platform/kubernetes/doctor-format.js');
      const deployment = flags.deployment ?? fromScenario?.deployment;
      const service = flags.service ?? fromScenario?.service;
      const namespace = flags.namespace ?? fromScenario?.namespace;
      const report = await runDoctor({
        ...(flags.kubeconfig === undefined ? {} : { kubeconfig: resolve(io.cwd, flags.kubeconfig) }),
        ...(flags.context === undefined ? {} : { context: flags.context }),
        ...(namespace === undefined ? {} : { namespace }),
        ...(deployment === undefined ? {} : { deployment }),
        ...(service === undefined ? {} : { service }),
        ...(fromScenario === undefined ? {} : { actions: fromScenario.actions }),
      });
      io.stdout.write(formatDoctorReport(report));
      if (deployment === undefined && report.version !== undefined) {
        io.stdout.write('deployment   not checked: give --deployment or a scenario with a kubernetes target\n');
      }
      for (const finding of report.findings) {
        io.stderr.write(
          finding.severity === 'warning' ? warningLine(finding.message) : `${MESSAGE_PREFIX}${finding.message}\n`,
        );
        if (finding.hint) io.stderr.write(`hint: ${finding.hint}\n`);
      }
      setExit(doctorExitCode(report));
    });
}

/**
 * The target and actions of a scenario. The kubernetes target fields (`platform: kubernetes`, `namespace`,
 * `deployment`, `service`) are read when the parsed scenario has them, so this works before and after the schema
 * gains them.
 */
async function scenarioTarget(file: string): Promise<ScenarioTarget> {
  const { loadScenarioFile } = await import('../../scenario/index.js');
  const { scenario } = await loadScenarioFile(file);
  const target = scenario.target as {
    platform?: unknown;
    namespace?: unknown;
    deployment?: unknown;
    service?: unknown;
  };
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const kubernetes = target.platform === 'kubernetes';
  const found = {
    namespace: kubernetes ? text(target.namespace) : undefined,
    deployment: kubernetes ? text(target.deployment) : undefined,
    service: kubernetes ? text(target.service) : undefined,
  };
  return {
    ...Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined)),
    actions: scenario.disruptions.map((disruption) => disruption.action),
  };
}
