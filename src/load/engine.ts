import type { OutcomeKey } from '../core/outcome.js';
import { isFailure } from '../core/outcome.js';
import type { Bucket, LateSends, LoadResult, StopReason } from '../core/result.js';
import { PendingRequest, type RequestSink, type Transport, timeoutError } from './http-client.js';
import { InFlightQueue } from './in-flight.js';
import type { ResolvedLoadOptions } from './options.js';
import { BucketRecorder } from './recorder.js';
import { OpenSchedule, sendBuckets } from './schedule.js';
import { type SendClock, WorkerSendClock } from './send-clock.js';
import { buildLoadResult } from './summary.js';
import { newTransport } from './transports.js';
import { warmHttpClient } from './warm-client.js';

/** The bucket of a warm-up request: counted apart, never judged. */
const WARMUP = -1;

/** What a progress line shows; cheap enough to ask for a few times a second. */
export interface LoadProgress {
  elapsedMs: number;
  durationMs: number;
  /** Requests with an outcome so far. */
  requests: number;
  failed: number;
  inFlight: number;
  outcomes: Map<OutcomeKey, number>;
}

/** Seams for tests and embedders; production code passes none of them. */
export interface EngineDeps {
  /** Monotonic clock in ms. Default `performance.now`. */
  now?: () => number;
  /** Default: the HTTP client the options name. */
  transport?: Transport;
  /** Open model: what wakes the engine when sends come due. Default: a WorkerSendClock. */
  makeSendClock?: (onDue: (due: number) => void) => SendClock;
  /** Called with each bucket once it is complete, in order. */
  onBucket?: (bucket: Bucket) => void;
  /** How often timeouts are swept and finished buckets sealed, ms. Default 10. */
  housekeepingMs?: number;
}

type State = 'idle' | 'starting' | 'running' | 'draining' | 'done';

/**
 * Schedules requests (open or closed model), hands them to the transport, and records every outcome.
 * It knows nothing of HTTP beyond the Transport seam and nothing of platforms.
 *
 * Open model: send i is intended at start + i/rps and goes out then whether or not earlier requests have
 * finished; its latency is measured from the intended time, so a stall in the target (or in this process)
 * shows up as latency instead of vanishing (coordinated omission). Closed model: `connections` loops,
 * each sending again as soon as its last request ends; latency is measured from the actual send.
 */
export class LoadEngine implements RequestSink {
  readonly #options: ResolvedLoadOptions;
  readonly #now: () => number;
  /** Given, or made as the run starts (`newTransport`). */
  #transport: Transport | undefined;
  readonly #recorder: BucketRecorder;
  /** The warm-up's requests, in one bucket of their own. */
  readonly #warmup: BucketRecorder;
  /** Warm the HTTP client's code before the clock starts (only the real transport has any). */
  readonly #warmClient: boolean;
  /** Open model: sends before the judged ones, at the same rate, that make the warm-up. */
  #warmupSends = 0;
  #warmupStartMs = 0;
  readonly #inFlight = new InFlightQueue();
  readonly #sendClock: SendClock | undefined;
  /** The open model's schedule, made when the run starts; undefined in the closed model. */
  #schedule: OpenSchedule | undefined;
  /** Open model: the bucket of send `index`, from the index, so that a send due on a boundary counts after it. */
  readonly #bucketOfSend: (index: number) => number;
  readonly #housekeepingMs: number;
  readonly #late: LateSends = { over1Ms: 0, over10Ms: 0, maxMs: 0 };
  /** Lateness at the moment a request was written to a connection: the send's plus its wait in the pool's queue. */
  readonly #lateWrites: LateSends = { over1Ms: 0, over10Ms: 0, maxMs: 0 };
  #state: State = 'idle';
  #startMs = 0;
  #startedAt = new Date();
  #sendingEndedMs = 0;
  #next = 0;
  /** When the next send may leave: its intended time less the send clock's `earlyMs`. */
  #nextDueMs = Number.POSITIVE_INFINITY;
  /** Open model: how far ahead of its intended time a send may leave (the send clock's policy), ms. */
  #earlyMs = 0;
  #ticking = false;
  #completed = 0;
  #failed = 0;
  #dropped = 0;
  #unfinished = 0;
  #stopReason: StopReason = 'completed';
  #timers: NodeJS.Timeout[] = [];
  #cpuAtStart = process.cpuUsage();
  #resolve: (result: LoadResult) => void = () => {};
  #resolveStarted: (startMs: number) => void = () => {};
  #reject: (err: unknown) => void = () => {};

  constructor(options: ResolvedLoadOptions, deps: EngineDeps = {}) {
    this.#options = options;
    this.#now = deps.now ?? (() => performance.now());
    this.#transport = deps.transport;
    this.#warmClient = options.warmClient && deps.transport === undefined;
    this.#recorder = new BucketRecorder(options.bucketMs, options.histograms, deps.onBucket);
    this.#warmup = new BucketRecorder(Number.MAX_SAFE_INTEGER, options.histograms);
    this.#housekeepingMs = deps.housekeepingMs ?? 10;
    this.#bucketOfSend = sendBuckets(options.rps, options.bucketMs);
    if (options.model === 'open') {
      // Made before the run starts: a worker thread takes tens of ms to boot.
      this.#sendClock = (deps.makeSendClock ?? ((onDue) => new WorkerSendClock(onDue)))(this.#tick);
      this.#earlyMs = this.#sendClock.earlyMs ?? 0;
    }
  }

  /** Starts sending; resolves with the result once the load has ended and every request has an outcome. */
  run(): Promise<LoadResult> {
    if (this.#state !== 'idle') throw new Error('a LoadEngine runs once');
    this.#state = 'starting';
    const done = new Promise<LoadResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // The schedule starts only once the send clock keeps time and the connections are open, or its first sends
    // would all be late.
    Promise.all([this.#sendClock?.ready(), this.#prepareTransport()]).then(
      () => this.#begin(),
      (err: unknown) => {
        // No clock, no load: report the failure, and settle `started` too so that nobody waits on it forever.
        this.#reject(err);
        this.#stopBeforeStart('aborted');
      },
    );
    return done;
  }

  async #prepareTransport(): Promise<void> {
    // Best effort: a client that could not be warmed merely starts cold.
    if (this.#warmClient) await warmHttpClient(this.#options).catch(() => {});
    this.#transport ??= await newTransport(this.#options);
    if (this.#state === 'starting') await this.#transport.open?.();
  }

  /**
   * The warm-up (if any) starts now and the judged load right after it: in the open model at the same rate, on
   * one schedule, the warm-up's sends being the first `warmupSends` of it (so the warm-up lasts a whole number of
   * sends, rounded up); in the closed model for `warmupMs`. Bucket times count from the judged start.
   */
  #begin(): void {
    if (this.#state !== 'starting') return; // stopped before it began
    this.#state = 'running';
    const nowMs = this.#now();
    const { model, rps, durationMs, warmupMs } = this.#options;
    this.#warmupStartMs = nowMs;
    this.#warmupSends = model === 'open' ? Math.ceil((warmupMs * rps) / 1000 - 1e-9) : 0;
    this.#startMs = nowMs + (model === 'open' ? (this.#warmupSends * 1000) / rps : warmupMs);
    this.#startedAt = new Date(Date.now() + (this.#startMs - nowMs));
    // The load's cost counts from the judged start.
    this.#cpuAtStart = process.cpuUsage();
    if (this.#startMs > nowMs)
      this.#timers.push(setTimeout(() => (this.#cpuAtStart = process.cpuUsage()), this.#startMs - nowMs));
    this.#resolveStarted(this.#startMs);
    this.#timers.push(setInterval(this.#housekeeping, this.#housekeepingMs));
    if (model === 'open') {
      this.#schedule = new OpenSchedule(this.#startMs, rps, durationMs, this.#warmupSends);
      this.#sendClock?.start(this.#schedule);
      this.#tick();
    } else {
      this.#timers.push(setTimeout(() => this.#endSending('completed'), warmupMs + durationMs));
      for (let i = 0; i < this.#options.connections && this.#state === 'running'; i++) this.#sendNow();
    }
  }

  /** Graceful stop: no new sends; in-flight requests finish or time out, then the result is returned. */
  stop(): void {
    if (this.#state === 'starting') this.#stopBeforeStart('stopped');
    if (this.#state === 'running') this.#endSending('stopped');
  }

  /** Abrupt stop: in-flight requests are abandoned (counted as unfinished) and connections destroyed. */
  abort(): void {
    if (this.#state === 'starting') this.#stopBeforeStart('aborted');
    if (this.#state === 'done' || this.#state === 'idle') return;
    if (this.#state === 'running') this.#endSending('aborted');
    this.#stopReason = 'aborted';
    for (const request of this.#inFlight.unfinished()) {
      request.done = true;
      this.#inFlight.finished(request);
      if (request.bucket === WARMUP) {
        this.#warmup.abandon(0);
      } else {
        this.#recorder.abandon(request.bucket);
        this.#unfinished++;
      }
    }
    void this.#transport?.destroy().catch(() => {});
    this.#finish();
  }

  progress(): LoadProgress {
    const now = this.#state === 'running' ? this.#now() : this.#sendingEndedMs;
    return {
      elapsedMs: Math.max(0, now - this.#startMs),
      durationMs: this.#options.durationMs,
      requests: this.#completed,
      failed: this.#failed,
      inFlight: this.#inFlight.count,
      outcomes: this.#recorder.countsSoFar(),
    };
  }

  get podHeaders(): readonly string[] {
    return this.#options.podHeaders;
  }

  /**
   * Resolves with the moment (performance.now() ms) the judged load starts, after the warm-up; bucket and timeline
   * times count from it. It resolves as the warm-up begins, so with a warm-up that moment is still ahead.
   */
  readonly started: Promise<number> = new Promise((resolve) => {
    this.#resolveStarted = resolve;
  });

  complete(request: PendingRequest, key: OutcomeKey): void {
    if (request.done) return; // it already ended as TIMEOUT (or was abandoned)
    request.done = true;
    const endMs = this.#now();
    this.#inFlight.finished(request);
    const latencyUs = Math.round((endMs - request.intendedMs) * 1000);
    if (request.bucket === WARMUP) {
      this.#warmup.end(0, key, latencyUs);
    } else {
      this.#completed++;
      if (isFailure(key)) this.#failed++;
      this.#recorder.end(request.bucket, key, latencyUs);
      // When it reached the pod's way: written onto a connection, after any wait for a free one. Under overload
      // that wait is long, and the send time would make traffic seem to stop reaching a terminating pod too soon.
      if (request.pod !== undefined)
        this.#recorder.notePod(request.pod, key, request.bucket, (request.writtenMs ?? request.sentMs) - this.#startMs);
    }
    if (this.#state === 'running') {
      if (this.#schedule === undefined) this.#sendAgain(endMs);
      else if (endMs >= this.#nextDueMs) this.#tick(); // a free wake-up: sends due now need no timer
    } else if (this.#state === 'draining' && this.#inFlight.count === 0) {
      this.#finish();
    }
  }

  written(request: PendingRequest): void {
    request.writtenMs = this.#now();
    if (request.bucket !== WARMUP) noteLate(this.#lateWrites, request.writtenMs - request.intendedMs);
  }

  /**
   * Open model: send everything due — by the engine's clock, up to the send clock's `earlyMs` ahead, and at least the
   * `dueByClock` sends the send clock says are due (its clock may read a µs ahead; it has moved on and will not wake
   * the engine for them again) — then ask to be woken when the next send is due.
   */
  readonly #tick = (dueByClock = 0): void => {
    const schedule = this.#schedule;
    if (this.#state !== 'running' || this.#ticking || schedule === undefined) return;
    this.#ticking = true;
    const due = Math.max(schedule.dueBy(this.#now() + this.#earlyMs), Math.min(dueByClock, schedule.total));
    while (this.#next < due && this.#state === 'running') {
      const index = this.#next++;
      const bucket = index < this.#warmupSends ? WARMUP : this.#bucketOfSend(index - this.#warmupSends);
      if (this.#atCap()) {
        if (bucket === WARMUP) {
          this.#warmup.noteDroppedSend(0);
        } else {
          this.#dropped++;
          this.#recorder.noteDroppedSend(bucket);
        }
        continue;
      }
      this.#send(bucket, schedule.intendedMs(index));
    }
    this.#ticking = false;
    if (this.#state !== 'running') return;
    if (this.#next >= schedule.total) {
      this.#endSending('completed');
      return;
    }
    this.#nextDueMs = schedule.intendedMs(this.#next) - this.#earlyMs;
    this.#sendClock?.advanced(this.#next);
  };

  /**
   * Whether a send now would exceed `maxInFlight`. Requests already past their timeout hold no place, though a busy
   * machine runs the sweep that ends them late. They are not ended here: ending them as they come due, a send apart,
   * would close each connection as soon as its request is overdue, and under overload, where each connection that
   * opens takes the oldest waiting request, that made one connection per request (221 in a test that allows 200).
   */
  #atCap(): boolean {
    const { maxInFlight, timeoutMs } = this.#options;
    if (maxInFlight === undefined || this.#inFlight.count < maxInFlight) return false;
    return this.#inFlight.count - this.#inFlight.overdue(this.#now() - timeoutMs) >= maxInFlight;
  }

  /**
   * Closed model: a connection's request ended at `endMs`; it sends again unless the duration is over. The duration's
   * timer fires late on a busy event loop, and sends made meanwhile made an extra bucket at t = duration.
   */
  #sendAgain(endMs: number): void {
    if (endMs - this.#startMs >= this.#options.durationMs) this.#endSending('completed');
    else this.#sendNow(endMs);
  }

  /** Closed model: a send now, counted in the bucket of now (or in the warm-up, before the judged start). */
  #sendNow(nowMs = this.#now()): void {
    this.#send(nowMs < this.#startMs ? WARMUP : this.#recorder.bucketAt(nowMs - this.#startMs), nowMs, nowMs);
  }

  #send(bucket: number, intendedMs: number, sentMs = this.#now()): void {
    if (bucket === WARMUP) {
      this.#warmup.begin(0);
    } else {
      this.#recorder.begin(bucket);
      if (noteLate(this.#late, sentMs - intendedMs)) this.#recorder.noteLateSend(bucket);
    }
    // Latency counts from the intended time, or from the send if it left before it (up to the send clock's earlyMs,
    // or a send clock reading a µs ahead of this one), so that it is never negative.
    const request = new PendingRequest(this, bucket, Math.min(intendedMs, sentMs), sentMs);
    this.#inFlight.push(request);
    (this.#transport as Transport).send(request);
  }

  readonly #housekeeping = (): void => {
    const now = this.#now();
    // A safety net under the send clock: should a wake ever be lost (its worker gone, say), sends still go out
    // — late, and counted as such — and the load still ends.
    if (this.#state === 'running' && now >= this.#nextDueMs) this.#tick();
    this.#inFlight.expire(now - this.#options.timeoutMs, (request) => {
      this.complete(request, timeoutError.code);
      request.abort(timeoutError);
    });
    // A bucket is complete once no send can still begin in it: in the open model a late send begins in the
    // bucket of its intended time, so the horizon is the next unsent send's bucket, not the clock's.
    const nowBucket = this.#recorder.bucketAt(now - this.#startMs);
    this.#recorder.sealBefore(
      this.#schedule !== undefined && this.#state === 'running'
        ? Math.min(nowBucket, this.#bucketOfSend(this.#next - this.#warmupSends))
        : nowBucket,
    );
  };

  #stopBeforeStart(reason: StopReason): void {
    this.#state = 'draining';
    this.#stopReason = reason;
    this.#startMs = this.#now();
    this.#warmupStartMs = this.#startMs;
    this.#resolveStarted(this.#startMs);
    this.#sendingEndedMs = this.#startMs;
    this.#finish();
  }

  #endSending(reason: StopReason): void {
    if (this.#state !== 'running') return;
    this.#state = 'draining';
    this.#stopReason = reason;
    // A completed schedule covered exactly [0, duration), even though its last send left a little earlier.
    this.#sendingEndedMs =
      reason === 'completed'
        ? this.#startMs + this.#options.durationMs
        : Math.min(this.#now(), this.#startMs + this.#options.durationMs);
    void this.#sendClock?.close();
    if (this.#inFlight.count === 0) this.#finish();
  }

  #finish(): void {
    if (this.#state === 'done') return;
    this.#state = 'done';
    // The load's cost and span end with its last outcome, not with closing the connections after it.
    const lastOutcomeMs = this.#now();
    const cpu = process.cpuUsage(this.#cpuAtStart);
    for (const timer of this.#timers) clearInterval(timer);
    this.#housekeeping();
    const closing = [this.#sendClock?.close(), this.#stopReason === 'aborted' ? undefined : this.#transport?.close()];
    // Whatever closing does, what was measured is returned (and the WASM histograms freed).
    Promise.allSettled(closing)
      .then(() => {
        const recorded = this.#recorder.finish();
        const warmup = this.#warmup.finish();
        this.#resolve(
          buildLoadResult({
            options: this.#options,
            startedAt: this.#startedAt,
            durationMs: this.#sendingEndedMs - this.#startMs,
            drainMs: lastOutcomeMs - this.#sendingEndedMs,
            recorded,
            late: this.#late,
            lateWrites: this.#lateWrites,
            warmup: { durationMs: this.#startMs - this.#warmupStartMs, outcomes: warmup.outcomes },
            droppedSends: this.#dropped,
            unfinished: this.#unfinished,
            stopReason: this.#stopReason,
            cpu,
          }),
        );
      })
      .catch(this.#reject);
  }
}

/** Counts a lateness of `lateMs` in `late`; true when it is over 1 ms. */
function noteLate(late: LateSends, lateMs: number): boolean {
  if (lateMs <= 1) return false;
  late.over1Ms++;
  if (lateMs > 10) late.over10Ms++;
  if (lateMs > late.maxMs) late.maxMs = lateMs;
  return true;
}
