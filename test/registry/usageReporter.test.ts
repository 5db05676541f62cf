import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/index.ts';
import type { UsageReport } from '../../src/registry/usage/usageReport.ts';
import { UsageReporter } from '../../src/registry/usage/usageReporter.ts';

const profile = { operationHash: 'p', operationName: 'Profile', coordinates: ['Query.me', 'User.email'] };
const top = { operationHash: 't', operationName: 'Top', coordinates: ['Query.topProducts'] };
const web = { name: 'web', version: '1' };

function reporter(send: (report: UsageReport) => Promise<void>, limits: { perReport?: number; pending?: number } = {}) {
  return new UsageReporter({
    send,
    flushIntervalMs: 60_000,
    maxOperationsPerReport: limits.perReport ?? 100,
    maxPendingOperations: limits.pending ?? 100,
    logger: silentLogger,
  });
}

describe('batching usage reports', () => {
  it('counts executions per operation and client, and sends them in one report on flush', async () => {
    const sent: UsageReport[] = [];
    const usage = reporter(async (report) => void sent.push(report));
    for (let i = 0; i < 3; i++) usage.record(profile, web);
    usage.record(profile, { name: 'ios', version: '7' });
    usage.record(top, web);
    await usage.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.operations).toEqual([
      {
        operationHash: 'p',
        operationName: 'Profile',
        clientName: 'web',
        clientVersion: '1',
        count: 3,
        coordinates: ['Query.me', 'User.email'],
      },
      {
        operationHash: 'p',
        operationName: 'Profile',
        clientName: 'ios',
        clientVersion: '7',
        count: 1,
        coordinates: ['Query.me', 'User.email'],
      },
      { operationHash: 't', operationName: 'Top', clientName: 'web', clientVersion: '1', count: 1, coordinates: ['Query.topProducts'] },
    ]);
    await usage.flush();
    expect(sent).toHaveLength(1);
  });

  it('sends a report early when a batch is full, without the caller waiting', async () => {
    const sent: UsageReport[] = [];
    const usage = reporter(async (report) => void sent.push(report), { perReport: 2 });
    usage.record(profile, web);
    usage.record(top, web);
    await usage.flush();
    expect(sent.map((report) => report.operations.length)).toEqual([2]);
  });

  it('keeps what a failed report carried and sends it, with newer counts, once the registry answers', async () => {
    let up = false;
    const sent: UsageReport[] = [];
    const usage = reporter(async (report) => {
      if (!up) throw new Error('connection refused');
      sent.push(report);
    });
    usage.record(profile, web);
    await usage.flush();
    usage.record(profile, web);
    up = true;
    await usage.flush();
    expect(sent.flatMap((report) => report.operations).map((operation) => operation.count)).toEqual([2]);
  });

  it('holds at most max_pending_operations distinct operations while the registry is unreachable', async () => {
    let up = false;
    const sent: UsageReport[] = [];
    const usage = reporter(
      async (report) => {
        if (!up) throw new Error('connection refused');
        sent.push(report);
      },
      { pending: 1 },
    );
    usage.record(profile, web);
    await usage.flush();
    usage.record(top, web);
    up = true;
    await usage.stop();
    expect(sent.flatMap((report) => report.operations).map((operation) => operation.operationHash)).toEqual(['p']);
  });
});
