/** The built-in sample app's settings, as the scenario gives them (durations in ms). */
export interface SampleAppSpec {
  cpuMs: number;
  delayMs: number;
  bodyBytes: number;
  startupDelayMs: number;
  onSigterm: 'exit' | 'drain' | 'ignore';
}

/** What a replica runs: the built-in sample app, or the user's command with `{port}` placeholders. */
export type AppSpec = { sampleApp: SampleAppSpec } | { command: string | string[]; env?: Record<string, string> };
