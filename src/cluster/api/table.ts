import type { KubeObject } from './object.js';

/** One column of `kubectl get`: the server prints, kubectl only lays out (`meta.k8s.io/v1` Table). */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description: string;
  /** 0: always shown; 1: only with `-o wide`. */
  priority: 0 | 1;
  cell(object: KubeObject, nowMs: number): string | number;
}

/** A column as kubectl's printers declare one; `priority` 1 shows it only with `-o wide`. */
export function column(
  name: string,
  type: TableColumn['type'],
  description: string,
  cell: TableColumn['cell'],
  priority: TableColumn['priority'] = 0,
): TableColumn {
  return { name, type, description, priority, cell };
}

/** `duration.HumanDuration` (apimachinery), what kubectl's AGE column shows: `45s`, `2m13s`, `3h4m`, `5d`. */
function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${days / 365}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

/** How long ago an RFC 3339 time was, as the AGE column prints it; `<unknown>` when there is none. */
export function age(timestamp: string | undefined, nowMs: number): string {
  return timestamp === undefined ? '<unknown>' : humanDuration(nowMs - Date.parse(timestamp));
}

export const nameColumn: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
  cell: (object) => object.metadata.name,
};

export const ageColumn: TableColumn = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is the time this object was created, in UTC.',
  priority: 0,
  cell: (object, nowMs) => age(object.metadata.creationTimestamp, nowMs),
};

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Objects as a `Table`, each row carrying the object whole, its metadata only, or nothing (`?includeObject=`). */
export function toTable(
  columns: TableColumn[],
  objects: KubeObject[],
  options: { nowMs: number; includeObject: IncludeObject; resourceVersion: string },
): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: options.resourceVersion },
    columnDefinitions: columns.map(({ name, type, format = '', description, priority }) => ({
      name,
      type,
      format,
      description,
      priority,
    })),
    rows: objects.map((object) => ({
      cells: columns.map((column) => column.cell(object, options.nowMs)),
      ...(options.includeObject === 'None'
        ? {}
        : {
            object:
              options.includeObject === 'Object'
                ? object
                : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata },
          }),
    })),
  };
}
