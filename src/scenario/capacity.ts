import * as z from 'zod';
import { duration } from './durations.js';
import { rate } from './rate.js';
import { strictObject } from './strict-object.js';

/** A capacity experiment, as parsed: the rates to step through, in order, and how long each step lasts. */
export interface CapacitySpec {
  /** Requests per second of each step, ascending. */
  ratesRps: number[];
  stepDurationMs: number;
  /** The rate to size replicas for (optional). */
  targetRps?: number;
}

const MAX_STEPS = 50;

const capacityInputSchema = strictObject({
  rates: z.array(rate()).min(1).optional().meta({ description: 'the rates to step through, rps' }),
  from: rate().optional().meta({ description: 'first rate, rps (with to and step)' }),
  to: rate().optional().meta({ description: 'last rate, rps (with from and step)' }),
  step: z.number().positive().optional().meta({ description: 'rate increment, rps (with from and to)' }),
  stepDuration: duration({ positive: true, description: 'how long each rate is held; default 10s' }).prefault('10s'),
  targetRate: rate().optional().meta({ description: 'size replicas for this rate, rps' }),
  targetRps: rate().optional().meta({
    deprecated: true,
    description: 'deprecated, removed in the next release: write targetRate',
  }),
});

type CapacityInput = z.output<typeof capacityInputSchema>;

function checkCapacity(input: CapacityInput, ctx: z.RefinementCtx): void {
  if (input.targetRps !== undefined && input.targetRate !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['targetRps'],
      message: 'targetRps is the old spelling of targetRate: remove it, targetRate says it',
    });
  }
  const range = [input.from, input.to, input.step];
  if (input.rates !== undefined && range.some((value) => value !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['rates'], message: 'give either rates or from/to/step, not both' });
  } else if (input.rates === undefined && range.some((value) => value === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'needs rates: [..] or all of from, to and step' });
  } else if (input.from !== undefined && input.to !== undefined && input.step !== undefined) {
    if (input.to < input.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be at least from' });
    else if ((input.to - input.from) / input.step + 1 > MAX_STEPS) {
      ctx.addIssue({
        code: 'custom',
        path: ['step'],
        message: `makes more than ${MAX_STEPS} steps; use a larger step`,
      });
    }
  }
}

function toCapacitySpec(input: CapacityInput): CapacitySpec {
  const ratesRps =
    input.rates !== undefined
      ? [...input.rates].sort((a, b) => a - b)
      : Array.from(
          { length: Math.floor(((input.to ?? 0) - (input.from ?? 0)) / (input.step ?? 1) + 1e-9) + 1 },
          (_, i) => (input.from ?? 0) + i * (input.step ?? 0),
        );
  const targetRps = input.targetRate ?? input.targetRps;
  return { ratesRps, stepDurationMs: input.stepDuration, ...(targetRps === undefined ? {} : { targetRps }) };
}

/**
 * `capacity:` — step the load through increasing rates (each held for stepDuration) instead of a disruption
 * timeline, to find the highest rate that meets the SLO and size replicas for a target rate.
 */
export const capacitySchema = capacityInputSchema.superRefine(checkCapacity).transform(toCapacitySpec);
