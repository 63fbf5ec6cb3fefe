// Development secrets, generated on first start and kept under <data>/secrets so the same keys
// survive restarts (tokens, signatures and encrypted rows stay valid): identity's signing and PII keys,
// and the 32-byte secrets other services list in deploy/services.json (`secrets`).
// Values given in the environment win and are never written to disk.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './config.mjs';
import { ConfigError } from './errors.mjs';
import { log } from './output.mjs';

function secretsDir(dataDir) {
  const dir = path.join(dataDir, 'secrets');
  // .data itself stays traversable: ensure-infra's own PostgreSQL runs as user postgres under it.
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

function writeOnce(file, content) {
  try {
    writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
    log(`generated ${path.relative(ROOT, file) || file}`);
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
  }
  chmodSync(file, 0o600);
}

/** A 32-byte base64 secret: from the environment, else from <dir>/<fileName>, created once. */
function key(dir, envName, fileName) {
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  const file = path.join(dir, fileName);
  if (!existsSync(file)) writeOnce(file, randomBytes(32).toString('base64') + '\n');
  const value = readFileSync(file, 'utf8').trim();
  if (Buffer.from(value, 'base64').length !== 32) {
    throw new ConfigError(`${path.relative(ROOT, file)} does not hold 32 base64 bytes; delete it to generate a new one`);
  }
  return value;
}

/**
 * The secrets a service lists in services.json (`secrets`): 32 random bytes, base64, each kept in
 * <data>/secrets/<service>.<VARIABLE>.key; a value in the environment wins.
 */
export function makeServiceSecrets(dataDir) {
  const dir = secretsDir(dataDir);
  return (s) => Object.fromEntries(s.secrets.map((name) => [name, key(dir, name, `${s.name}.${name}.key`)]));
}

/** Reads or creates identity's development secrets under <data>/secrets (mode 600). */
export function ensureSecrets(dataDir) {
  const dir = secretsDir(dataDir);

  let jwtKeyFile = process.env.JWT_PRIVATE_KEY_FILE;
  if (jwtKeyFile) {
    jwtKeyFile = path.resolve(ROOT, jwtKeyFile);
    if (!existsSync(jwtKeyFile)) throw new ConfigError(`JWT_PRIVATE_KEY_FILE ${jwtKeyFile} does not exist`);
  } else {
    jwtKeyFile = path.join(dir, 'jwt-ed25519.pem');
    if (!existsSync(jwtKeyFile)) {
      const { privateKey } = generateKeyPairSync('ed25519', {
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      writeOnce(jwtKeyFile, privateKey);
    } else {
      chmodSync(jwtKeyFile, 0o600);
    }
  }

  return {
    JWT_PRIVATE_KEY_FILE: jwtKeyFile,
    PII_ENCRYPTION_KEY: key(dir, 'PII_ENCRYPTION_KEY', 'pii-encryption.key'),
    PII_HMAC_KEY: key(dir, 'PII_HMAC_KEY', 'pii-hmac.key'),
  };
}
