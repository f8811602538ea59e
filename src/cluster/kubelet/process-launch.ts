/** What to execute: a file, its arguments, and what to add to the environment. */
export interface ProcessLaunch {
  file: string;
  args: string[];
  env: Record<string, string>;
}
