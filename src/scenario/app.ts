import * as z from 'zod';
import { duration } from './durations.js';
import { renameMs } from './ms-keys.js';
import { strictObject } from './strict-object.js';

/** Replaced by each replica's port in a command's arguments and environment values. */
export const PORT_PLACEHOLDER = '{port}';

/** The built-in target (`rollbench sample-app`); every field is optional. */
const sampleAppSchema = strictObject({
  cpu: duration({ description: 'CPU burnt per request (busy loop); default 0ms' }).prefault('0ms'),
  delay: duration({ description: 'time each request waits before its answer; default 0ms' }).prefault('0ms'),
  bodyBytes: z.int().min(0).default(2).meta({ description: 'response body size, bytes; default 2' }),
  startupDelay: duration({ description: 'time before the app listens, like an app booting; default 0ms' }).prefault(
    '0ms',
  ),
  onSigterm: z.enum(['exit', 'drain', 'ignore']).default('exit').meta({
    description: 'exit at once (default) | drain: finish requests in flight, then exit | ignore until SIGKILL',
  }),
}).transform((app) => renameMs(app, ['cpu', 'delay', 'startupDelay']));

const appInputSchema = strictObject({
  sampleApp: sampleAppSchema.optional().meta({ description: 'the built-in app' }),
  command: z
    .union([z.string().min(1), z.array(z.string()).min(1)])
    .optional()
    .meta({ description: `your own server: argv list, or a string run by sh -c; must contain ${PORT_PLACEHOLDER}` }),
  env: z
    .record(z.string(), z.string())
    .optional()
    .meta({ description: `environment of the command; values may contain ${PORT_PLACEHOLDER}` }),
});

type AppInput = z.output<typeof appInputSchema>;

type SampleAppSpec = NonNullable<AppInput['sampleApp']>;

/** The built-in app, durations in ms. */
export interface SampleAppTarget extends SampleAppSpec {
  kind: 'sampleApp';
}

/** The user's own server. */
export interface CommandTarget {
  kind: 'command';
  /** argv; a command written as one string becomes `['sh', '-c', text]`. Contains `{port}` unless `env` does. */
  command: string[];
  /** Extra environment variables; values may contain `{port}`. */
  env: Record<string, string>;
}

/** What each replica runs, discriminated by `kind`. */
export type AppTarget = SampleAppTarget | CommandTarget;

function checkApp(app: AppInput, ctx: z.RefinementCtx): void {
  if (app.sampleApp !== undefined && app.command !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['command'], message: 'give either sampleApp or command, not both' });
  } else if (app.sampleApp === undefined && app.command === undefined) {
    ctx.addIssue({ code: 'custom', message: 'needs sampleApp (the built-in app) or command (your own server)' });
  } else if (app.env !== undefined && app.command === undefined) {
    ctx.addIssue({ code: 'custom', path: ['env'], message: 'env applies to a command only' });
  } else if (app.command !== undefined) {
    const texts = [app.command, Object.values(app.env ?? {})].flat();
    if (!texts.some((text) => text.includes(PORT_PLACEHOLDER))) {
      ctx.addIssue({
        code: 'custom',
        path: ['command'],
        message: `must contain ${PORT_PLACEHOLDER} (in an argument or an env value): each replica gets its own port`,
      });
    }
  }
}

function toAppTarget({ sampleApp, command, env }: AppInput): AppTarget {
  if (sampleApp !== undefined) return { kind: 'sampleApp', ...sampleApp };
  const argv = typeof command === 'string' ? ['sh', '-c', command] : (command ?? []);
  return { kind: 'command', command: argv, env: env ?? {} };
}

/**
 * What a replica runs: exactly one of `sampleApp` (the built-in app) or `command` (with optional `env`).
 * Parsed into an `AppTarget` discriminated by `kind`.
 */
export const appSchema = appInputSchema.superRefine(checkApp).transform(toAppTarget);
