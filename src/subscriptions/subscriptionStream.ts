// One client's subscription as the async generator graphql-ws and graphql-sse read: subgraph events are
// queued as they come (up to a bound, past which the oldest is dropped), each is executed when the
// client is ready for it, and the stream can be ended from outside with a last, coded result.
import type { FormattedExecutionResult } from 'graphql';
import type { SubgraphEvent } from './subscriptionPlans.ts';

export interface SubscriptionStreamOptions {
  /** Turns one subgraph event into the client's result (the rest of the plan, authorization, masking). */
  execute(event: SubgraphEvent): Promise<FormattedExecutionResult>;
  maxBuffered: number;
  onDelivered(): void;
  onDropped(count: number): void;
  /** Called once, when the stream is over for whatever reason (releases the subgraph subscription and the bounds). */
  onClosed(): void;
}

type Waiter = () => void;

export class SubscriptionStream implements AsyncGenerator<FormattedExecutionResult, void, undefined> {
  readonly #options: SubscriptionStreamOptions;
  readonly #events: SubgraphEvent[] = [];
  /** The last result, once the stream is ending: undefined while running, null to end without one. */
  #final: FormattedExecutionResult | null | undefined;
  #closed = false;
  #waiter: Waiter | undefined;
  readonly #whenClosed: Promise<void>;
  #resolveClosed: () => void = () => undefined;

  constructor(options: SubscriptionStreamOptions) {
    this.#options = options;
    this.#whenClosed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
  }

  /** Resolves once the stream is over: its last result handed to the client, or the client gone. */
  whenClosed(): Promise<void> {
    return this.#whenClosed;
  }

  /** A subgraph event for this client. */
  push(event: SubgraphEvent): void {
    if (this.#final !== undefined || this.#closed) {
      this.#options.onDropped(1);
      return;
    }
    if (this.#events.length >= this.#options.maxBuffered) {
      this.#events.shift();
      this.#options.onDropped(1);
    }
    this.#events.push(event);
    this.#wake();
  }

  /**
   * Ends the stream: the event being executed is still delivered; queued ones are too unless `dropQueued`;
   * then `last` (a coded error, or nothing for a plain completion), then the end.
   */
  end(last: FormattedExecutionResult | null, { dropQueued = false } = {}): void {
    if (this.#final !== undefined || this.#closed) return;
    if (dropQueued && this.#events.length > 0) this.#options.onDropped(this.#events.splice(0).length);
    this.#final = last;
    this.#wake();
  }

  async next(): Promise<IteratorResult<FormattedExecutionResult, void>> {
    while (!this.#closed) {
      const event = this.#events.shift();
      if (event !== undefined) {
        const result = await this.#options.execute(event);
        if (this.#closed) break;
        this.#options.onDelivered();
        return { value: result, done: false };
      }
      if (this.#final !== undefined) {
        const last = this.#final;
        this.#close();
        if (last) return { value: last, done: false };
        break;
      }
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
    return { value: undefined, done: true };
  }

  /** The client went away or completed the subscription. */
  async return(): Promise<IteratorResult<FormattedExecutionResult, void>> {
    if (this.#events.length > 0) this.#options.onDropped(this.#events.splice(0).length);
    this.#close();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<FormattedExecutionResult, void>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#wake();
    this.#options.onClosed();
    this.#resolveClosed();
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }
}
