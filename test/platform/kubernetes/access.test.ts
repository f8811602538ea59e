import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type AccessAction, accessNeeds } from '../../../src/platform/kubernetes/access.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const rbac = new URL('../../../deploy/rbac.yaml', import.meta.url).pathname;
const role = parseAllDocuments(readFileSync(rbac, 'utf8'))
  .map((doc) => doc.toJS())
  .find((object) => object.kind === 'ClusterRole');

describe('accessNeeds and deploy/rbac.yaml', () => {
  const all: AccessAction[] = ['rollout', 'scale', 'drain', 'deletePod'];

  it('deploy/rbac.yaml grants every permission the doctor checks', () => {
    const rules: Rule[] = role.rules;
    const missing = accessNeeds(all).filter(
      (need) =>
        !rules.some(
          (rule) =>
            rule.apiGroups.includes(need.group) &&
            rule.resources.includes(need.resource) &&
            rule.verbs.includes(need.verb),
        ),
    );
    expect(missing).toEqual([]);
  });

  it('asks each permission once, observation first, then what the actions add', () => {
    const needs = accessNeeds(['drain', 'drain', 'rollout']);
    const keys = needs.map((n) => `${n.verb} ${n.group}/${n.resource} ${n.scope}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toBe('get apps/deployments namespace');
    expect(keys).toContain('create /pods/eviction cluster');
    expect(keys).toContain('patch apps/deployments namespace');
    expect(keys).not.toContain('delete /pods namespace');
    expect(accessNeeds([]).every((n) => n.for !== 'drain')).toBe(true);
  });
});
