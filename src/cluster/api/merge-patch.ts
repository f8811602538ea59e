import { isPlainObject } from './object.js';
import { badRequest } from './status.js';

/** RFC 7386 JSON merge patch: objects merge key by key, `null` removes a key, anything else (arrays too) replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

/** `/a/b~1c/0` → `a`, `b/c`, `0` (RFC 6901). */
function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(document: unknown, tokens: string[], pointer: string): { parent: unknown; last: string } {
  let parent = document;
  for (const token of tokens.slice(0, -1)) {
    parent = Array.isArray(parent) ? parent[Number(token)] : isPlainObject(parent) ? parent[token] : undefined;
    if (parent === undefined) throw badRequest(`jsonpatch: path ${pointer} does not exist`);
  }
  return { parent, last: tokens[tokens.length - 1] ?? '' };
}

function read(document: unknown, pointer: string): unknown {
  let value = document;
  for (const token of pointerTokens(pointer)) {
    value = Array.isArray(value) ? value[Number(token)] : isPlainObject(value) ? value[token] : undefined;
    if (value === undefined) throw badRequest(`jsonpatch: path ${pointer} does not exist`);
  }
  return value;
}

function remove(document: unknown, pointer: string): void {
  const { parent, last } = parentOf(document, pointerTokens(pointer), pointer);
  if (Array.isArray(parent) && Number(last) < parent.length) parent.splice(Number(last), 1);
  else if (isPlainObject(parent) && last in parent) delete parent[last];
  else throw badRequest(`jsonpatch remove operation does not apply: doc is missing path: ${pointer}`);
}

function put(document: unknown, pointer: string, value: unknown, insert: boolean): unknown {
  const tokens = pointerTokens(pointer);
  if (tokens.length === 0) return value;
  const { parent, last } = parentOf(document, tokens, pointer);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index > parent.length)
      throw badRequest(`jsonpatch: index out of range: ${pointer}`);
    parent.splice(index, insert ? 0 : 1, value);
  } else if (isPlainObject(parent)) {
    if (!insert && !(last in parent)) throw badRequest(`jsonpatch replace operation does not apply: ${pointer}`);
    parent[last] = value;
  } else {
    throw badRequest(`jsonpatch: path ${pointer} does not exist`);
  }
  return document;
}

/** RFC 6902 JSON patch, applied to a copy; the body must be an array of operations. */
export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) {
    throw badRequest('json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp');
  }
  let document = structuredClone(target);
  for (const operation of operations as JsonPatchOperation[]) {
    const value = structuredClone(operation.value);
    switch (operation.op) {
      case 'add':
        document = put(document, operation.path, value, true);
        break;
      case 'replace':
        document = put(document, operation.path, value, false);
        break;
      case 'remove':
        remove(document, operation.path);
        break;
      case 'move': {
        const moved = read(document, operation.from ?? '');
        remove(document, operation.from ?? '');
        document = put(document, operation.path, moved, true);
        break;
      }
      case 'copy':
        document = put(document, operation.path, structuredClone(read(document, operation.from ?? '')), true);
        break;
      case 'test':
        if (JSON.stringify(read(document, operation.path)) !== JSON.stringify(value)) {
          throw badRequest(`testing value ${operation.path} failed`);
        }
        break;
      default:
        throw badRequest(`Unexpected kind: ${String((operation as { op: unknown }).op)}`);
    }
  }
  return document;
}
