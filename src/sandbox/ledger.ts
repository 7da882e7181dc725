// The sandbox's mutable state: AR items and their open amounts. A batch is applied with one
// synchronous call, so on Node's single thread no reader ever sees half of it.
import type { components } from '../../generated/autopostings.js';
import { FIXTURE_CLIENTS, FIXTURE_ITEMS, FIXTURE_METHODS, type ArItemFixture } from './fixtures.js';

export type ArItemState = ArItemFixture;

/** The change a committed batch makes to one AR item. */
export interface ItemChange {
  arItemId: string;
  openCents: number;
  dueDate?: string;
}

/**
 * The read-back body: the spec's ArItem with the fields the sandbox always sends made required. A field
 * added to the spec later stays optional here, so a compatible spec change needs no sandbox change.
 */
type ArItem = components['schemas']['ArItem'];
export type ArItemView = ArItem & Required<Pick<ArItem, 'clientNo' | 'currency' | 'originalAmount' | 'openAmount' | 'status'>>;

export class Ledger {
  private readonly items = new Map<string, ArItemState>();
  private readonly clients = new Set<number>(FIXTURE_CLIENTS);
  private readonly methods = new Set<string>(FIXTURE_METHODS);

  constructor(fixtures: readonly ArItemFixture[] = FIXTURE_ITEMS) {
    for (const f of fixtures) this.items.set(f.arItemId, { ...f });
  }

  hasClient(clientNo: number): boolean {
    return this.clients.has(clientNo);
  }

  hasMethod(name: string): boolean {
    return this.methods.has(name.toLowerCase());
  }

  item(arItemId: string): Readonly<ArItemState> | undefined {
    return this.items.get(arItemId);
  }

  /** Applies every change or, if one names an unknown item, none. Synchronous by design. */
  commit(changes: readonly ItemChange[]): void {
    for (const c of changes) if (!this.items.has(c.arItemId)) throw new Error(`unknown AR item ${c.arItemId}`);
    for (const c of changes) {
      const state = this.items.get(c.arItemId)!;
      state.openCents = c.openCents;
      if (c.dueDate !== undefined) state.dueDate = c.dueDate;
    }
  }

  /** The read-back body: deterministic key order, no timestamps (byte-identical when unchanged). */
  view(arItemId: string): ArItemView | undefined {
    const s = this.items.get(arItemId);
    if (!s) return undefined;
    return {
      arItemId: s.arItemId,
      clientNo: s.clientNo,
      currency: s.currency,
      originalAmount: s.originalCents / 100,
      openAmount: s.openCents / 100,
      ...(s.dueDate !== undefined ? { dueDate: s.dueDate } : {}),
      status: s.openCents > 0 ? 'OPEN' : 'CLOSED',
    };
  }
}
