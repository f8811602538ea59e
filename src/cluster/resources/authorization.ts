import type { KubeObject } from '../api/object.js';
import { envelopeContent, type Fields, fieldsOf, stringsOf } from '../api/protobuf.js';
import type { ResourceType } from '../api/resource-type.js';

/** `SelfSubjectAccessReviewSpec` as protobuf (`k8s.io/api/authorization/v1/generated.proto`), read into JSON. */
function specFromProtobuf(review: Fields): Record<string, unknown> {
  const spec = fieldsOf(review.get(2)?.[0] ?? Buffer.alloc(0));
  const resource = spec.get(1)?.[0];
  const nonResource = spec.get(2)?.[0];
  return {
    ...(resource === undefined
      ? {}
      : {
          resourceAttributes: stringsOf(resource, {
            1: 'namespace',
            2: 'verb',
            3: 'group',
            4: 'version',
            5: 'resource',
            6: 'subresource',
            7: 'name',
          }),
        }),
    ...(nonResource === undefined ? {} : { nonResourceAttributes: stringsOf(nonResource, { 1: 'path', 2: 'verb' }) }),
  };
}

/**
 * `authorization.k8s.io/v1` SelfSubjectAccessReview, which `kubectl auth can-i` and `rollbench doctor` ask: the
 * one token this cluster issues may do everything, so every review is allowed — answered with the review's spec
 * echoed back and a `status` as the apiserver writes it. kubectl posts it as protobuf.
 */
export const selfSubjectAccessReviews: ResourceType = {
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectAccessReview',
  plural: 'selfsubjectaccessreviews',
  singular: 'selfsubjectaccessreview',
  namespaced: false,
  subresources: [],
  hasGeneration: false,
  verbs: ['create'],
  columns: [],
  review(body: KubeObject | Buffer): KubeObject {
    const spec = Buffer.isBuffer(body) ? specFromProtobuf(fieldsOf(envelopeContent(body))) : body.spec;
    return {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null } as unknown as KubeObject['metadata'],
      spec,
      status: { allowed: true, reason: 'the rollbench cluster has one user, allowed everything' },
    };
  },
};
