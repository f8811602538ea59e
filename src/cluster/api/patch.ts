import { jsonPatch, mergePatch } from './merge-patch.js';
import { ApiError } from './status.js';
import { strategicMerge } from './strategic-merge-patch.js';

/** Applies a PATCH body by its Content-Type, as the apiserver's patcher does; other media types are 415. */
export function applyPatch(contentType: string, current: unknown, patch: unknown): unknown {
  const mediaType = contentType.split(';')[0]?.trim();
  switch (mediaType) {
    case 'application/json-patch+json':
      return jsonPatch(current, patch);
    case 'application/merge-patch+json':
      return mergePatch(current, patch);
    case 'application/strategic-merge-patch+json':
      return strategicMerge(current, patch);
    default:
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
      );
  }
}
