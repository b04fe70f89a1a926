// Binaries for the audit's tests, made byte by byte.

/** A minimal ELF64 x86-64 header with a PT_INTERP naming musl's loader: what the audit refuses. */
export function muslElf(): Buffer {
  const interp = Buffer.from('/lib/ld-musl-x86_64.so.1\0')
  const b = Buffer.alloc(64 + 56 + interp.length)
  b.write('\x7fELF', 0, 'latin1')
  b[4] = 2; b[5] = 1; b[6] = 1
  b.writeUInt16LE(3, 16); b.writeUInt16LE(62, 18); b.writeUInt32LE(1, 20)
  b.writeBigUInt64LE(64n, 32); b.writeUInt16LE(64, 52); b.writeUInt16LE(56, 54); b.writeUInt16LE(1, 56)
  b.writeUInt32LE(3, 64); b.writeBigUInt64LE(120n, 64 + 8); b.writeBigUInt64LE(BigInt(interp.length), 64 + 32)
  interp.copy(b, 120)
  return b
}
