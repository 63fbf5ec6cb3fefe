/**
 * Runs Debian's prometheus binary on its own config and data directory (never the packaged
 * service): `pnpm observe` for a running `pnpm start`, and the dashboard test for its platform.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceEntry } from '@joo/service-list';
import { stringify } from 'yaml';
import { prometheusConfig } from '../../deploy/lib/prometheus.js';

export interface PrometheusOptions {
  /** Services to scrape on 127.0.0.1 at their metricsPort. */
  services: Array<Pick<ServiceEntry, 'name' | 'metricsPort'>>;
  /** Holds prometheus.yml, data/ and prometheus.log. */
  dir: string;
  /** Absolute paths or globs of rule files. */
  ruleFiles: string[];
  port: number;
  scrapeInterval?: string;
  readyTimeoutMs?: number;
}

export interface RunningPrometheus {
  url: string;
  logFile: string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  mkdirSync(join(options.dir, 'data'), { recursive: true });
  const configFile = join(options.dir, 'prometheus.yml');
  writeFileSync(configFile, `# Written by scripts/observe/prometheus.ts.\n${stringify(prometheusConfig(options.services, {
    target: (s) => `127.0.0.1:${s.metricsPort}`, ruleFiles: options.ruleFiles,
    ...(options.scrapeInterval ? { scrapeInterval: options.scrapeInterval } : {}),
  }))}`);
  const logFile = join(options.dir, 'prometheus.log');
  const log = openSync(logFile, 'a');
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn('prometheus', [
    `--config.file=${configFile}`, `--storage.tsdb.path=${join(options.dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${options.port}`, '--storage.tsdb.retention.time=7d',
  ], { stdio: ['ignore', log, log] });
  // Should this process end without stopping it (a test failing early), it does not linger.
  const orphaned = () => child.kill('SIGTERM');
  process.once('exit', orphaned);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    process.off('exit', orphaned);
    resolve(code);
  }));
  let gone = false;
  void exited.then(() => { gone = true; });
  const stop = async () => {
    if (!gone) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (!gone) {
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) return { url, logFile, exited, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prometheus did not become ready within ${options.readyTimeoutMs ?? 30_000} ms (see ${logFile})`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Prometheus exited at start (see ${logFile})`);
}
