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

const DNS_SUBDOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/**
 * A name as Kubernetes writes most object names, a Deployment's or a Service's (an RFC 1123 subdomain): DNS
 * labels joined by '.', at most 253 characters.
 */
export function dnsSubdomain(what: string) {
  return z
    .string()
    .max(253, { error: `a ${what} has at most 253 characters` })
    .regex(DNS_SUBDOMAIN, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a valid ${what}: use lowercase letters, digits, '-' and '.' ` +
        '(each part starting and ending with a letter or digit)',
    });
}
