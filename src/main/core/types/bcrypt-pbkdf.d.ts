// bcrypt-pbkdf ships no types; this is the one function Mailroom calls (OpenSSH's KDF).
declare module 'bcrypt-pbkdf' {
  export function pbkdf(
    pass: Buffer,
    passlen: number,
    salt: Buffer,
    saltlen: number,
    key: Buffer,
    keylen: number,
    rounds: number,
  ): number
  const bcryptPbkdf: { pbkdf: typeof pbkdf }
  export default bcryptPbkdf
}
