import type { ResourceAmounts, ResourceRecommendations } from '../analysis/recommend/resources.js';
import { cpuQuantity, memoryQuantity } from '../core/quantity.js';
import { formatBytes, formatCount } from './format.js';
import { plainTable } from './table.js';

/** `cpu 250m, memory 128Mi`; an amount left unset shows as `–`. */
export const quantities = (amounts: ResourceAmounts): string =>
  [
    amounts.cpuMillicores === undefined ? 'cpu –' : `cpu ${cpuQuantity(amounts.cpuMillicores)}`,
    amounts.memoryBytes === undefined ? 'memory –' : `memory ${memoryQuantity(amounts.memoryBytes)}`,
  ].join(', ');

/** Usage per container (CPU per 100 rps, memory per replica) and the two policies side by side. */
export function renderResources(rec: ResourceRecommendations): string {
  const lines: string[] = [];
  for (const container of rec.containers) {
    const { usage, load, vpa, krr } = container;
    const cpu = usage.cpuMillicores;
    const memory = usage.memoryBytes;
    lines.push(
      `Resources of container "${container.container}" (${formatCount(usage.samples)} samples from ${usage.pods} pods, phases ${rec.phases.sampled.join(', ')}):`,
      `  usage  cpu p50 ${cpuQuantity(cpu.p50)} · p90 ${cpuQuantity(cpu.p90)} · p95 ${cpuQuantity(cpu.p95)} · max ${cpuQuantity(cpu.max)};` +
        ` memory p50 ${formatBytes(memory.p50)} · p90 ${formatBytes(memory.p90)} · max ${formatBytes(memory.max)}`,
    );
    if (load) {
      lines.push(
        `  load   ${load.rps.toFixed(1)} rps over ${load.replicas.toFixed(1)} replicas: ${cpuQuantity(load.cpuMillicoresPer100Rps)} cpu ` +
          `per 100 rps; ${formatBytes(load.memoryBytesPerReplica)} memory per replica`,
      );
    }
    // 118 columns wide: the formula wraps rather than pushing the table past a 120-column terminal.
    const table = plainTable(['policy', 'requests', 'limits', 'QoS', 'rps per replica', 'how'], undefined, {
      colWidths: [11, 24, 22, 11, 9, 34],
      wordWrap: true,
    });
    for (const [name, choice, qos] of [
      ['VPA-style', vpa, rec.qosClass.vpa],
      ['KRR-style', krr, rec.qosClass.krr],
    ] as const) {
      table.push([
        name,
        quantities(choice.resources.requests),
        quantities(choice.resources.limits),
        qos,
        choice.rpsPerReplica === undefined ? '–' : choice.rpsPerReplica.toFixed(0),
        choice.formula,
      ]);
    }
    lines.push(table.toString());
    lines.push(
      `  VPA-style bounds: lower ${cpuQuantity(vpa.lowerBound.cpuMillicores)} / ${memoryQuantity(vpa.lowerBound.memoryBytes)}, ` +
        `upper ${cpuQuantity(vpa.upperBound.cpuMillicores)} / ${memoryQuantity(vpa.upperBound.memoryBytes)}`,
    );
    if (container.confidenceNote) lines.push(`  Note: ${container.confidenceNote}.`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Only the amounts that are set: "cpu 70m, memory 100Mi", "memory 100Mi", or "none". */
const setAmounts = (amounts: ResourceAmounts): string =>
  [
    amounts.cpuMillicores === undefined ? undefined : `cpu ${cpuQuantity(amounts.cpuMillicores)}`,
    amounts.memoryBytes === undefined ? undefined : `memory ${memoryQuantity(amounts.memoryBytes)}`,
  ]
    .filter((text) => text !== undefined)
    .join(', ') || 'none';

/** One line per policy and container: what to set, without the usage statistics and formulas. */
export function renderResourcesBrief(rec: ResourceRecommendations): string {
  const lines: string[] = [];
  for (const { container, usage, vpa, krr, confidenceNote } of rec.containers) {
    lines.push(
      `Resources of container "${container}" (${formatCount(usage.samples)} samples from ${usage.pods} pods` +
        `${confidenceNote ? '; a short-window estimate' : ''}):`,
    );
    for (const [name, choice, qos] of [
      ['VPA-style', vpa, rec.qosClass.vpa],
      ['KRR-style', krr, rec.qosClass.krr],
    ] as const) {
      lines.push(
        `  ${name}  requests ${setAmounts(choice.resources.requests)}; limits ${setAmounts(choice.resources.limits)} (${qos})`,
      );
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
