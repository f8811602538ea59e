import type { SloCheck, Verdict } from '../core/run-result.js';
import { type ReportDocument, reportTitle } from './document.js';
import { formatSeconds } from './format.js';
import { outcomeList } from './summary-rows.js';
import { formatCheck } from './verdict-console.js';

// Characters XML 1.0 cannot hold at all, even escaped (C0 controls but tab, newline, carriage return; lone
// surrogates; U+FFFE/U+FFFF): an error message from the target may carry them, and one makes the file unreadable.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text for an XML attribute or element. */
function xmlText(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface Suite {
  name: string;
  verdict: Verdict;
}

function testCase(suite: Suite, check: SloCheck): string {
  const name = xmlText(`${check.name} ≤ ${check.limit}`);
  const open = `    <testcase classname="${xmlText(suite.name)}" name="${name}">`;
  if (check.passed) return `${open}</testcase>`;
  const { judged } = suite.verdict;
  const detail =
    `${formatCheck(check)}\n` +
    `window ${formatSeconds(judged.fromMs, 2)} – ${formatSeconds(judged.toMs, 2)}: ` +
    `${judged.requests} requests, ${judged.failed} failed (${outcomeList(judged.outcomes)})`;
  return (
    `${open}\n      <failure message="${xmlText(formatCheck(check))}" type="${xmlText(check.name)}">` +
    `${xmlText(detail)}</failure>\n    </testcase>`
  );
}

function testSuite(suite: Suite): string {
  const failures = suite.verdict.checks.filter((check) => !check.passed).length;
  return [
    `  <testsuite name="${xmlText(suite.name)}" tests="${suite.verdict.checks.length}" failures="${failures}" errors="0">`,
    ...suite.verdict.checks.map((check) => testCase(suite, check)),
    '  </testsuite>',
  ].join('\n');
}

function suitesOf(doc: ReportDocument): Suite[] {
  // A load states no SLO: there is nothing to test.
  if (doc.kind === 'load') return [];
  const scenario = doc.result.scenario.name;
  if (doc.kind === 'capacity') {
    return doc.result.steps.map((step) => ({ name: `${scenario} · ${step.rps} rps`, verdict: step.verdict }));
  }
  // The judged window is what the exit code follows; the phases say which part of the run broke the SLO.
  return [
    { name: `${scenario} · judged window`, verdict: doc.result.verdict },
    ...doc.phases.map(({ phase, verdict }) => ({ name: `${scenario} · ${phase.name}`, verdict })),
  ];
}

/**
 * JUnit XML for CI: a test suite per phase and disruption (per step of a capacity run) with one test case per SLO
 * check, failures carrying the numbers. Every string is escaped. Pure.
 */
export function renderJunit(doc: ReportDocument): string {
  const suites = suitesOf(doc);
  const tests = suites.reduce((sum, suite) => sum + suite.verdict.checks.length, 0);
  const failures = suites.reduce((sum, suite) => sum + suite.verdict.checks.filter((c) => !c.passed).length, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlText(`rollbench ${reportTitle(doc)}`)}" tests="${tests}" failures="${failures}">`,
    ...suites.map(testSuite),
    '</testsuites>',
    '',
  ].join('\n');
}
