// A directory laid out as Kubernetes mounts a ConfigMap: each file is a symlink through `..data`, itself
// a symlink to a timestamped folder; an update writes a new folder and renames a new `..data_tmp` link
// over `..data` (kubelet's atomic writer), so no event is ever named after the file itself.
import { mkdir, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ConfigMapVolume {
  /** The path a pod reads, e.g. /etc/gatehouse/gatehouse.yaml. */
  path(name: string): string;
  /** Publishes new contents for every file at once, as kubelet does. */
  update(files: Record<string, string>): Promise<void>;
}

export async function configMapVolume(directory: string, files: Record<string, string>): Promise<ConfigMapVolume> {
  let version = 0;
  const writeVersion = async (contents: Record<string, string>) => {
    const folder = `..2026_12_02_00_00_0${++version}`;
    await mkdir(join(directory, folder));
    for (const [name, text] of Object.entries(contents)) await writeFile(join(directory, folder, name), text);
    return folder;
  };
  await symlink(await writeVersion(files), join(directory, '..data'));
  for (const name of Object.keys(files)) await symlink(join('..data', name), join(directory, name));
  return {
    path: (name) => join(directory, name),
    async update(contents) {
      const folder = await writeVersion(contents);
      await symlink(folder, join(directory, '..data_tmp'));
      await rename(join(directory, '..data_tmp'), join(directory, '..data'));
    },
  };
}
