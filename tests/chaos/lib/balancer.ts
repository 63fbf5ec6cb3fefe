/**
 * What a Kubernetes Service is to the replicas of a deployment: one address (the service's port)
 * in front of two replica processes. Connections go round-robin to the replicas whose
 * /health/ready answered 200 at the last probe (every 250 ms), and to another one when a connect
 * fails: a killed replica is taken out of rotation as kube-proxy would after its readiness fails.
 */
import net from 'node:net';
import { getStatus } from './http.js';

export interface Backend { port: number }

export interface Balancer {
  port: number;
  close(): Promise<void>;
}

export async function startBalancer(port: number, backends: Backend[]): Promise<Balancer> {
  const ready = new Set<number>();
  let next = 0;
  let closed = false;
  const probe = async () => {
    while (!closed) {
      await Promise.all(backends.map(async (b) => {
        if ((await getStatus(`http://127.0.0.1:${b.port}/health/ready`, 1000)) === 200) ready.add(b.port);
        else ready.delete(b.port);
      }));
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  void probe();

  const order = (): number[] => {
    const start = next++ % backends.length;
    const all = backends.map((_, i) => backends[(start + i) % backends.length]!.port);
    // ready ones first, the rest as a last resort (all may be marked down between two probes)
    return [...all.filter((p) => ready.has(p)), ...all.filter((p) => !ready.has(p))];
  };

  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    const candidates = order();
    const attempt = () => {
      const port = candidates.shift();
      if (port === undefined) { client.destroy(); return; }
      const upstream = net.connect({ host: '127.0.0.1', port });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      let connected = false;
      upstream.on('error', () => {
        if (connected) client.destroy();
        else attempt();
      });
      upstream.once('connect', () => {
        connected = true;
        client.on('error', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    attempt();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port,
    close: async () => {
      closed = true;
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
