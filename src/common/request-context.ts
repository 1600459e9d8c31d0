import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting: an account, a participant through their personal link, or the system (dispatcher, seed). */
export interface Actor {
  kind: 'organiser' | 'coordinator' | 'signin' | 'participant' | 'anonymous' | 'system';
  id: number | null;
  label: string;
  districtId: number | null;
}

const SYSTEM: Actor = { kind: 'system', id: null, label: 'system', districtId: null };
const storage = new AsyncLocalStorage<{ actor: Actor }>();

/** Runs `next` (the rest of an HTTP request) with a fresh, anonymous request context. */
export function withRequestContext(next: () => void): void {
  storage.run({ actor: { kind: 'anonymous', id: null, label: 'anonymous', districtId: null } }, next);
}

/** Records who the current request acts for (set by the guard or by a personal-link lookup). */
export function setActor(actor: Actor): void {
  const store = storage.getStore();
  if (store) store.actor = actor;
}

/** The actor of the current request, or `system` outside a request. */
export function currentActor(): Actor {
  return storage.getStore()?.actor ?? SYSTEM;
}
