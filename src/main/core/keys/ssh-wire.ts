/**
 * The SSH wire encoding (RFC 4251 section 5): uint32, string and mpint, as used inside key
 * files and public key blobs. A reader that throws on truncation, so a damaged file is refused.
 */
export class WireReader {
  private offset = 0

  constructor(private readonly buffer: Buffer) {}

  uint32(): number {
    this.need(4)
    const value = this.buffer.readUInt32BE(this.offset)
    this.offset += 4
    return value
  }

  bytes(length: number): Buffer {
    this.need(length)
    const value = this.buffer.subarray(this.offset, this.offset + length)
    this.offset += length
    return value
  }

  string(): Buffer {
    return this.bytes(this.uint32())
  }

  text(): string {
    return this.string().toString('utf8')
  }

  /** An mpint as unsigned big-endian bytes without leading zeros. */
  mpint(): Buffer {
    const raw = this.string()
    let start = 0
    while (start < raw.length && raw[start] === 0) start += 1
    return raw.subarray(start)
  }

  private need(length: number): void {
    if (length < 0 || this.offset + length > this.buffer.length) throw new TruncatedError()
  }
}

/** Thrown when a blob ends before a field it announces. */
export class TruncatedError extends Error {
  constructor() {
    super('The key data ends too early')
  }
}

export function uint32(value: number): Buffer {
  const out = Buffer.alloc(4)
  out.writeUInt32BE(value)
  return out
}

export function sshString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value
  return Buffer.concat([uint32(bytes.length), bytes])
}

/** An unsigned big-endian integer as an mpint: a zero byte in front when the top bit is set. */
export function mpint(unsigned: Buffer): Buffer {
  let start = 0
  while (start < unsigned.length && unsigned[start] === 0) start += 1
  const trimmed = unsigned.subarray(start)
  const needsZero = trimmed.length > 0 && (trimmed[0] ?? 0) & 0x80
  return sshString(needsZero ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed)
}
