// What the actions registry hands a platform. Types only; `platform/types.ts` re-exports them with the interface.

/** What a rollout changes, whatever the platform. */
export type RolloutChange =
  /** `kubectl rollout restart`: a new revision of the same template (the restartedAt annotation). */
  | { kind: 'restart' }
  /** `kubectl set image`: container name → image. */
  | { kind: 'image'; images: Record<string, string> }
  /** A strategic-merge patch of spec.template. */
  | { kind: 'patch'; template: Record<string, unknown> };

/** A disruption as the platform receives it; the registry in actions/ turns scenario entries into these. */
export type PlatformAction =
  | {
      type: 'rollout';
      id: string;
      change: RolloutChange;
      /** Platform-specific, typed by the platform that reads it (local: the app the new revision runs). */
      extension?: unknown;
    }
  | { type: 'scale'; id: string; replicas: number }
  | { type: 'drain'; id: string; node: string }
  /** A pod name, or 'random'. */
  | { type: 'deletePod'; id: string; pod: string };
