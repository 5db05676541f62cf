// Which events in a watched file's directory may have changed the file. Editors replace a file by
// renaming a new one over it (an event named after the file); Kubernetes updates a mounted ConfigMap by
// swapping the `..data` symlink the file points through (events named `..data` and `..data_tmp`, none
// named after the file).
import { basename } from 'node:path';

const KUBERNETES_ATOMIC_SWAP = new Set(['..data', '..data_tmp']);

/** `filename` as fs.watch reports it on the directory (null when the platform does not say). */
export function mayChangeWatchedFile(filename: string | null, watchedPath: string): boolean {
  return filename === null || filename === basename(watchedPath) || KUBERNETES_ATOMIC_SWAP.has(filename);
}
