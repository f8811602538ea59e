import { stringify } from 'yaml';
import type { RecommendationBlock } from '../recommendation-blocks.js';
import type { TextTable } from '../summary-rows.js';
import type { Marker } from './chart-data.js';
import { escapeHtml } from './escape.js';

export function htmlTable(table: TextTable, caption?: string): string {
  const cell = (tag: 'th' | 'td', text: string, index: number) =>
    `<${tag}${table.numeric[index] ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  return (
    `<div class="table-wrap"><table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}` +
    `<thead><tr>${table.header.map((text, i) => cell('th', text, i)).join('')}</tr></thead>` +
    `<tbody>${table.rows.map((row) => `<tr>${row.map((text, i) => cell('td', text, i)).join('')}</tr>`).join('')}</tbody>` +
    '</table></div>'
  );
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

/** The events marked on the charts, listed with their times: the charts draw lines, this says what they are. */
export function markerList(markers: readonly Marker[]): string {
  if (markers.length === 0) return '';
  const items = markers.map(
    (marker) =>
      `<li class="marker-${escapeHtml(marker.kind)}"><span class="at">${marker.atS.toFixed(2)} s</span> ${escapeHtml(marker.label)}</li>`,
  );
  return `<details class="events"><summary>${markers.length} events marked on the charts</summary><ol>${items.join('')}</ol></details>`;
}

export function recommendationList(blocks: readonly RecommendationBlock[]): string {
  return blocks
    .map((block, index) => {
      const id = `recommendation-${index}`;
      return (
        `<article class="recommendation"><header><h3>${escapeHtml(block.title)}</h3>` +
        `<button type="button" class="copy" data-copy="${id}" aria-label="Copy the YAML: ${escapeHtml(block.title)}">Copy</button></header>` +
        `<p class="note">${escapeHtml(block.note)}</p><pre><code id="${id}">${escapeHtml(block.yaml)}</code></pre></article>`
      );
    })
    .join('');
}

/** What was run (the scenario after defaults, or a load's settings), as YAML, folded away. */
export function asRunYaml(asRun: unknown, what: string): string {
  return `<details><summary>Show the ${escapeHtml(what)}</summary><pre><code>${escapeHtml(stringify(asRun))}</code></pre></details>`;
}
