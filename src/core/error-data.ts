import { ERROR_CLASSES, ERROR_CODES, type ErrorCode, RollbenchError, type RollbenchErrorOptions } from './errors.js';

/**
 * An error as plain data, to cross to another thread: a structured clone keeps an Error's message and stack but
 * not its class, code or hint, so a RollbenchError would arrive as a bare Error and end the CLI with the wrong exit.
 */
export interface ErrorData {
  message: string;
  stack?: string;
  /** A RollbenchError's code, hint and details. */
  code?: ErrorCode;
  hint?: string;
  details?: readonly string[];
}

export function toErrorData(error: unknown): ErrorData {
  if (!(error instanceof Error)) return { message: String(error) };
  const data: ErrorData = { message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) };
  if (!(error instanceof RollbenchError)) return data;
  return {
    ...data,
    code: error.code,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    details: error.details,
  };
}

/** The error `data` was made from: a RollbenchError of the same class and code, or an Error. */
export function fromErrorData(data: ErrorData): Error {
  const known = data.code === undefined ? undefined : ERROR_CODES[data.code];
  const error =
    known === undefined
      ? new Error(data.message)
      : new (ERROR_CLASSES[known.family] as new (message: string, options: RollbenchErrorOptions) => RollbenchError)(
          data.message,
          { code: data.code, ...(data.hint === undefined ? {} : { hint: data.hint }), details: data.details ?? [] },
        );
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
