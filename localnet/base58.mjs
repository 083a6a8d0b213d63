// Base58check as Mina uses it: base58(version ‖ payload ‖ first 4 bytes of
// SHA-256(SHA-256(version ‖ payload))). Only used for the synthetic block
// state hashes the local network reports.
import { createHash } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(bytes) {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = '1' + out;
  }
  return out;
}

function sha256(b) {
  return createHash('sha256').update(b).digest();
}

/** Encodes payload with the given version byte as Base58Check. */
export function base58Check(version, payload) {
  const body = Buffer.concat([Buffer.from([version]), Buffer.from(payload)]);
  const checksum = sha256(sha256(body)).subarray(0, 4);
  return base58(Buffer.concat([body, checksum]));
}

/**
 * A state hash (version byte 0x10, binable version 1) for a 32-byte
 * little-endian field element; the top two bits are cleared so the value is
 * a canonical Pallas field element.
 */
export function stateHash(seed32) {
  const x = Buffer.from(seed32);
  x[31] &= 0x3f;
  return base58Check(0x10, Buffer.concat([Buffer.from([0x01]), x]));
}
