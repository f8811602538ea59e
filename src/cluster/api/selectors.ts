import type { KubeObject } from './object.js';
import { badRequest } from './status.js';

type Requirement = { key: string; op: 'in' | 'notin'; values: string[] } | { key: string; op: 'exists' | '!exists' };

/** `matchLabels` + `matchExpressions`, as Deployments, ReplicaSets and PDBs carry it. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

function matches(requirements: Requirement[]): LabelMatcher {
  return (labels = {}) =>
    requirements.every((requirement) => {
      const value = labels[requirement.key];
      switch (requirement.op) {
        case 'in':
          return value !== undefined && requirement.values.includes(value);
        case 'notin':
          return value === undefined || !requirement.values.includes(value);
        case 'exists':
          return value !== undefined;
        default:
          return value === undefined;
      }
    });
}

/** Splits on commas outside parentheses: `a in (x,y),b` → `a in (x,y)`, `b`. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      terms.push(text.slice(start, index));
      start = index + 1;
    }
  }
  terms.push(text.slice(start));
  return terms.map((term) => term.trim()).filter((term) => term !== '');
}

/** The `labelSelector` query parameter: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`. */
export function parseLabelSelector(text: string): LabelMatcher {
  const requirements = splitTerms(text).map((term): Requirement => {
    const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (set) {
      const values = (set[3] ?? '').split(',').map((value) => value.trim());
      return { key: set[1] ?? '', op: set[2] as 'in' | 'notin', values };
    }
    const equality = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(term);
    if (equality) {
      const values = [equality[3] ?? ''];
      return { key: equality[1] ?? '', op: equality[2] === '!=' ? 'notin' : 'in', values };
    }
    const exists = /^(!?)([\w./-]+)$/.exec(term);
    if (exists) return { key: exists[2] ?? '', op: exists[1] === '!' ? '!exists' : 'exists' };
    throw badRequest(`unable to parse requirement: invalid label selector "${term}"`);
  });
  return matches(requirements);
}

/** A structured selector as a matcher; an empty selector matches everything, as in `metav1.LabelSelectorAsSelector`. */
export function labelSelectorMatcher(selector: LabelSelector | undefined): LabelMatcher {
  const requirements: Requirement[] = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => ({
    key,
    op: 'in',
    values: [value],
  }));
  for (const expression of selector?.matchExpressions ?? []) {
    const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!exists' } as const)[expression.operator];
    requirements.push(
      op === 'in' || op === 'notin'
        ? { key: expression.key, op, values: expression.values ?? [] }
        : { key: expression.key, op },
    );
  }
  return matches(requirements);
}

/** `app=web,tier=front`: the string form Scale's `status.selector` and kubectl's SELECTOR column show. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const expression of selector?.matchExpressions ?? []) {
    const values = (expression.values ?? []).join(',');
    if (expression.operator === 'In') parts.push(`${expression.key} in (${values})`);
    else if (expression.operator === 'NotIn') parts.push(`${expression.key} notin (${values})`);
    else parts.push(expression.operator === 'Exists' ? expression.key : `!${expression.key}`);
  }
  return parts.join(',');
}

export type FieldReaders = Record<string, (object: KubeObject) => string | undefined>;

/** The `fieldSelector` query parameter: `key=value`, `key==value`, `key!=value`, over the fields the kind allows. */
export function parseFieldSelector(text: string, readers: FieldReaders): (object: KubeObject) => boolean {
  const terms = splitTerms(text).map((term) => {
    const match = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    const reader = match ? readers[match[1] ?? ''] : undefined;
    if (!match || reader === undefined) {
      throw badRequest(`field label not supported: ${match?.[1] ?? term}`);
    }
    return { reader, negate: match[2] === '!=', value: match[3] ?? '' };
  });
  return (object) => terms.every((term) => ((term.reader(object) ?? '') === term.value) !== term.negate);
}
