// POSTs a body with curl's defaults (for a large body, `Expect: 100-continue`, then waiting for the answer
// before sending it) and gives back what curl printed: the status lines, headers and body (`-i`).
import { spawn } from 'node:child_process';

export async function curlPost(url: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  const headerArgs = Object.entries({ 'content-type': 'application/json', ...headers }).flatMap(([name, value]) => [
    '-H',
    `${name}: ${value}`,
  ]);
  const curl = spawn('curl', ['-s', '-i', '--max-time', '30', ...headerArgs, '--data-binary', '@-', url]);
  let stdout = '';
  curl.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  curl.stdin.on('error', () => {}); // curl stops reading stdin once a 413 came: the write may end in EPIPE
  curl.stdin.end(body);
  await new Promise((resolve) => curl.once('close', resolve));
  return stdout;
}
