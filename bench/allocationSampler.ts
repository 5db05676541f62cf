// Loaded into a gateway process with `--import` when BENCH_ALLOC_PROF names a directory: samples what the
// process allocates — objects the garbage collector has already freed included, which `--heap-prof` leaves
// out — and writes the profile there when the benchmark stops the process. Read it with bench/profileStages.ts.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const directory = process.env.BENCH_ALLOC_PROF;
if (directory) {
  const session = new Session();
  session.connect();
  // An in-process inspector session answers synchronously, so the profile can be written on the way out.
  session.post('HeapProfiler.enable');
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 32 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  process.prependOnceListener('SIGTERM', () => {
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) writeFileSync(join(directory, `allocations-${process.pid}.heapprofile`), JSON.stringify(result.profile));
    });
  });
}
