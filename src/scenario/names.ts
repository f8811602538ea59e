import * as z from 'zod';

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A name as Kubernetes writes object names (an RFC 1123 label): lowercase letters, digits and '-', starting and
 * ending with a letter or digit, at most 63 characters. It names folders and pods, so nothing needs escaping.
 */
export function dnsLabel(what: string) {
  return z.string().regex(DNS_LABEL, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a valid ${what}: use lowercase letters, digits and '-' ` +
      '(starting and ending with a letter or digit, at most 63 characters)',
  });
}
