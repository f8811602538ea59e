import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch } from '../../src/cluster/api/merge-patch.js';
import { parseLabelSelector } from '../../src/cluster/api/selectors.js';
import { strategicMerge } from '../../src/cluster/api/strategic-merge-patch.js';

describe('strategic merge patch', () => {
  const podSpec = {
    containers: [
      {
        name: 'app',
        image: 'a:1',
        ports: [{ containerPort: 8080, name: 'http' }],
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
    finalizers: ['x'],
  };

  it('merges containers, ports, env and volumes by their keys, and deletes with null and $patch', () => {
    const patched = strategicMerge(podSpec, {
      $setElementOrder: undefined,
      containers: [
        {
          name: 'app',
          ports: [{ containerPort: 9090 }],
          env: [
            { name: 'B', value: '3' },
            { name: 'A', $patch: 'delete' },
          ],
        },
      ],
      volumes: [{ name: 'cache', emptyDir: {} }],
      finalizers: ['y'],
    }) as typeof podSpec;
    const [app] = patched.containers;
    expect(app?.image).toBe('a:1');
    expect(app?.ports).toEqual([{ containerPort: 8080, name: 'http' }, { containerPort: 9090 }]);
    expect(app?.env).toEqual([{ name: 'B', value: '3' }]);
    expect(patched.volumes.map((volume) => volume.name)).toEqual(['data', 'cache']);
    expect(patched.finalizers).toEqual(['x', 'y']);
  });

  it('drops ordering directives, honours $deleteFromPrimitiveList and $patch: replace', () => {
    expect(strategicMerge({ finalizers: ['x', 'y'] }, { '$deleteFromPrimitiveList/finalizers': ['x'] })).toEqual({
      finalizers: ['y'],
    });
    expect(
      strategicMerge(
        { spec: { unschedulable: true, taints: [{ key: 'k' }] } },
        { spec: { unschedulable: null, '$setElementOrder/taints': [] } },
      ),
    ).toEqual({
      spec: { taints: [{ key: 'k' }] },
    });
    expect(strategicMerge({ a: { b: 1, c: 2 } }, { a: { $patch: 'replace', d: 3 } })).toEqual({ a: { d: 3 } });
    expect(strategicMerge({ ports: [{ port: 80, nodePort: 30001 }] }, { ports: [{ port: 80, name: 'http' }] })).toEqual(
      {
        ports: [{ port: 80, nodePort: 30001, name: 'http' }],
      },
    );
  });

  it('replaces lists without a merge key, unlike a merge patch on containers', () => {
    expect(strategicMerge({ args: ['a', 'b'] }, { args: ['c'] })).toEqual({ args: ['c'] });
    expect(mergePatch(podSpec, { containers: [{ name: 'app', image: 'a:2' }] })).toMatchObject({
      containers: [{ name: 'app', image: 'a:2' }],
    });
  });
});

describe('JSON patch', () => {
  it('applies add, remove, replace, move, copy and test, and refuses a failed test', () => {
    const document = { a: [1, 2], b: { c: 1 } };
    expect(
      jsonPatch(document, [
        { op: 'add', path: '/a/-', value: 3 },
        { op: 'remove', path: '/a/0' },
        { op: 'copy', from: '/b/c', path: '/d' },
        { op: 'move', from: '/b', path: '/e' },
        { op: 'test', path: '/d', value: 1 },
      ]),
    ).toEqual({ a: [2, 3], d: 1, e: { c: 1 } });
    expect(document).toEqual({ a: [1, 2], b: { c: 1 } });
    expect(() => jsonPatch(document, [{ op: 'test', path: '/a/0', value: 9 }])).toThrow('testing value /a/0 failed');
    expect(() => jsonPatch(document, [{ op: 'replace', path: '/x/y', value: 9 }])).toThrow('does not exist');
  });
});

describe('label selectors', () => {
  it('reads equality, set-based and existence requirements', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(parseLabelSelector('')(labels)).toBe(true);
    expect(parseLabelSelector('app==web,tier')(labels)).toBe(true);
    expect(parseLabelSelector('app notin (web),tier')(labels)).toBe(false);
    expect(parseLabelSelector('app in (api, web),!canary')(labels)).toBe(true);
    expect(() => parseLabelSelector('app in')).toThrow('unable to parse requirement');
  });
});
