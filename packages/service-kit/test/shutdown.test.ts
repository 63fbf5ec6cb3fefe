import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/** The fixture service in its own process, as main.ts would run it. */
async function start() {
  const child = fork(fileURLToPath(new URL('./fixtures/stuck-request.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const out = { text: '' };
  child.stdout!.on('data', (chunk: Buffer) => { out.text += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { out.text += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const stop = async () => {
    const started = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    return { code, took: Date.now() - started };
  };
  return { url: `http://127.0.0.1:${port}`, out, stop, child, exited };
}

t.test('when a request is in flight at SIGTERM, then it is answered and the keep-alive connection does not hold the shutdown', async (t) => {
  const s = await start();
  const slow = fetch(`${s.url}/slow`); // keep-alive: the connection stays open after the answer
  await new Promise((r) => setTimeout(r, 100));
  const { code, took } = await s.stop();
  const answer = await slow;
  t.equal(answer.status, 200, 'the request in flight got its answer');
  t.equal(code, 0, `exit code 0 (output: ${s.out.text.slice(-2000)})`);
  t.ok(took < 1_900, `stopped without waiting for the drain period: ${took} ms`);
  t.notMatch(s.out.text, /drain period/);
});

t.test('when a request never finishes, then SIGTERM still shuts down cleanly after the drain period and names it', async (t) => {
  const s = await start();
  const stuck = fetch(`${s.url}/stuck?id=42`).catch((error: Error) => error);
  await new Promise((r) => setTimeout(r, 200));
  const { code, took } = await s.stop();
  t.equal(code, 0, `exit code 0 (output: ${s.out.text.slice(-2000)})`);
  t.ok(took >= 1_900, `waited for the drain period (2 s of a 4 s grace): ${took} ms`);
  t.match(s.out.text, /requests still open after the drain period/);
  t.match(s.out.text, /GET \/stuck\?id=42/, 'the stuck request is named');
  t.ok((await stuck) instanceof Error, 'the stuck request\'s connection was closed');
});

t.test('when the launcher\'s IPC channel closes (the launcher died), then the service shuts down by itself', async (t) => {
  const s = await start();
  t.teardown(() => { if (s.child.exitCode === null) s.child.kill('SIGKILL'); });
  s.child.disconnect(); // what a launcher killed at its timeout leaves behind
  const code = await Promise.race([s.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 8_000))]);
  t.equal(code, 0, `exited cleanly (output: ${s.out.text.slice(-2000)})`);
  t.match(s.out.text, /launcher gone/);
});
