import type { V1LabelSelector } from '@kubernetes/client-node';

/**
 * Whether `labels` match a metav1.LabelSelector (matchLabels AND every matchExpression). An empty selector
 * matches everything, a missing one nothing — policy/v1 PodDisruptionBudget semantics.
 */
export function selectorMatches(selector: V1LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  return (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    const has = Object.hasOwn(labels, key);
    switch (operator) {
      case 'In':
        return has && values.includes(labels[key] ?? '');
      case 'NotIn':
        return !has || !values.includes(labels[key] ?? '');
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}
