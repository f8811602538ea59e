import { createHash } from 'node:crypto';
import type { ReportAssets } from '../assets.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { REPORT_CSS } from './styles.js';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Nothing may be fetched (the page must work offline and leak nothing), and only the page's own two scripts may
 * run: markup that escaping somehow let through (an `onerror=` attribute, say) would still not execute.
 */
function contentSecurityPolicy(scripts: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * A self-contained page around `body` (markup, already escaped): the chart library and the page's script inlined,
 * `data` as JSON for the charts, a policy that lets nothing be fetched.
 */
export function htmlShell(title: string, body: readonly string[], data: unknown, assets: ReportAssets): string {
  const scripts = [assets.uplotJs, CLIENT_SCRIPT];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(scripts)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${assets.uplotCss}</style><style>${REPORT_CSS}</style>`,
    '</head><body>',
    ...body,
    `<script type="application/json" id="report-data">${jsonForScript(data)}</script>`,
    ...scripts.map((script) => `<script>${script}</script>`),
    '</body></html>',
    '',
  ].join('\n');
}
