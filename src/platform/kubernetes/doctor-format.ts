import { type DoctorReport, qualified } from './doctor.js';
import type { ContainerSummary } from './target-summary.js';

/** The doctor's report for a terminal: the server, the permission table, metrics, the target. Findings apart. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines = [
    `API server   ${report.server}${report.version ? ` (${report.version})` : ' (no answer)'}`,
    `context      ${report.contextName} from ${report.source}, namespace ${report.namespace}`,
  ];
  if (report.access.length > 0) {
    lines.push('', 'permissions (SelfSubjectAccessReview)');
    const rows = report.access.map((a) => [
      a.verb,
      qualified(a),
      a.scope === 'cluster' ? 'cluster' : report.namespace,
      a.for + (a.optional ? ' (optional)' : ''),
      a.allowed ? 'yes' : 'NO',
    ]);
    lines.push(...table([['VERB', 'RESOURCE', 'SCOPE', 'NEEDED FOR', 'ALLOWED'], ...rows]));
  }
  if (report.metrics)
    lines.push('', `metrics      ${report.metrics.served ? 'served' : 'missing'}: ${report.metrics.detail}`);
  const target = report.target;
  if (target) {
    lines.push(
      '',
      `deployment   ${target.namespace}/${target.deployment}: ${target.replicas} replicas, ${target.readyReplicas} ready; ${target.rollout}`,
      `strategy     ${target.strategy}; minReadySeconds ${target.minReadySeconds}`,
      `grace        terminationGracePeriodSeconds ${target.terminationGracePeriodSeconds}`,
      ...target.containers.map((c) => `container    ${c.name}: ${describeContainer(c)}`),
      `PDB          ${target.disruptionBudgets.join('; ') || 'none covers its pods'}`,
      `service      ${target.service ?? 'not found'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function describeContainer(container: ContainerSummary): string {
  const parts = [
    `preStop ${container.preStop ?? 'none'}`,
    `readinessProbe ${container.readinessProbe ?? 'none'}`,
    `requests ${resources(container.requests)}`,
    `limits ${resources(container.limits)}`,
  ];
  return parts.join('; ');
}

function resources(values: ContainerSummary['requests']): string {
  const parts = [
    values.cpuMillicores === undefined ? undefined : `cpu ${values.cpuMillicores}m`,
    values.memoryBytes === undefined ? undefined : `memory ${formatBytes(values.memoryBytes)}`,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** Whole Mi when the value is one (as manifests write it), else bytes. */
function formatBytes(bytes: number): string {
  return bytes % 1_048_576 === 0 ? `${bytes / 1_048_576}Mi` : `${bytes} bytes`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd());
}
