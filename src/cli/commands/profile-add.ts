import { resolve } from 'node:path'
import { AUTH_METHODS, type AuthMethod, type ProfileAuth } from '../../shared/connection-settings'
import type { JumpHost, ProxySetting } from '../../shared/connection-settings'
import type { KeyInfo, Profile } from '../../shared/domain'
import { PRESET_IDS, PRESETS, type PresetId } from '../../shared/presets'
import { required, type Options } from '../arguments'
import type { CliMailroom } from '../cli-mailroom'
import type { Command } from '../command'
import { CliFailure, EXIT } from '../exit-codes'
import type { Output } from '../output'
import { parseJumpOption, parseProxyOption } from '../route-options'
import { secretFromEnvironment } from '../secret-from-environment'

/**
 * `mailroom profile add`: what the Profile dialog does, with the same calls: import the key
 * (keys:import; a key stored already is reused, as its message offers) when the profile logs
 * in with one, and the jump hosts' own keys; save the profile with its proxy password
 * (profiles:save), whose checks and messages are the dialog's; then store its password
 * (profiles:remember-password) when one is given. Keys this command imported, or a profile it
 * saved, are deleted again when a later step fails, so nothing is left half made.
 */
export const addProfile: Command = async (mailroom, { options }, output) => {
  const name = required(options, 'name')
  const presetText = required(options, 'preset')
  if (!(PRESET_IDS as readonly string[]).includes(presetText))
    throw CliFailure.usage(`--preset is one of ${PRESET_IDS.join(', ')}, not "${presetText}".`)
  const preset = presetText as PresetId
  const host = required(options, 'host')
  const username = required(options, 'user')
  const method = authMethodOf(options)
  const usesKey = method === 'key' || method === 'key-and-password'
  if (!usesKey && (options.key !== undefined || options['passphrase-from-env'] !== undefined))
    throw CliFailure.usage(
      `--auth ${method} logs in without a key file: leave out --key and --passphrase-from-env.`,
    )
  const keyPath = usesKey ? resolve(required(options, 'key')) : undefined
  const port = options.port === undefined ? PRESETS[preset].port : Number(options.port)
  if (!Number.isInteger(port)) throw CliFailure.usage(`--port is a number, not "${options.port}".`)
  const passphrase = secretFromEnvironment(options, 'passphrase-from-env')
  const password = secretFromEnvironment(options, 'password-from-env')
  if (password !== undefined && (method === 'key' || method === 'agent'))
    throw CliFailure.usage(`--auth ${method} takes no password: leave out --password-from-env.`)
  if (options['agent-key'] !== undefined && method !== 'agent')
    throw CliFailure.usage('--agent-key names a key of the SSH agent: it goes with --auth agent.')
  const auth = authOf(method, password !== undefined, options['agent-key'])
  const route = routeOptions(options)
  const pgpReceive = receiveDecryption(options)
  const pgpSend = await sendEncryption(mailroom, options)

  const profiles = await mailroom.call('profiles:list', {})
  if (profiles.some((profile) => profile.name === name.trim()))
    throw CliFailure.usage(`A profile named "${name.trim()}" exists already.`)

  // Keys imported by this run: deleted again if the profile is not saved in the end.
  const imported: KeyInfo[] = []
  const forget = async () => {
    for (const key of imported)
      await mailroom.call('keys:delete', { keyId: key.id }).catch(() => undefined)
  }
  let key: KeyInfo | undefined
  let jumps: JumpHost[]
  let saved: Profile
  try {
    if (keyPath !== undefined)
      key = await importKey(mailroom, keyPath, passphrase, imported, output, 'The key')
    const jumpKeys: KeyInfo[] = []
    for (const path of route.jumpKeyPaths)
      jumpKeys.push(
        await importKey(
          mailroom,
          resolve(path),
          undefined,
          imported,
          output,
          "The jump host's key",
        ),
      )
    jumps = route.jumps.map((jump, index) => ({
      ...jump,
      keyId: (jumpKeys.length === 1 ? jumpKeys[0] : jumpKeys[index])?.id ?? null,
    }))
    saved = await mailroom.call('profiles:save', {
      profile: {
        name,
        preset,
        group: '',
        host,
        port,
        username,
        keyId: key?.id ?? null,
        auth,
        ...(options.send ? { sendFolders: options.send } : {}),
        ...(options.receive ? { receiveFolders: options.receive } : {}),
        ...(pgpReceive ? { pgpReceive } : {}),
        ...(pgpSend ? { pgpSend } : {}),
        ...(route.proxy ? { proxy: route.proxy } : {}),
        jumps,
      },
      ...(route.proxyPassword !== undefined ? { proxyPassword: route.proxyPassword } : {}),
    })
  } catch (error) {
    await forget()
    throw failAsProfileError(error)
  }
  if (password !== undefined) {
    try {
      await mailroom.call('profiles:remember-password', { id: saved.id, password })
    } catch (error) {
      await mailroom
        .call('profiles:delete', { id: saved.id, deleteKey: false })
        .catch(() => undefined)
      await forget()
      throw failAsProfileError(error)
    }
  }
  if (key && PRESETS[preset].keyNeedsPassphrase && !key.encrypted)
    output.line(`Note: ${PRESETS[preset].label} requires a key protected by a passphrase.`)
  output.line(
    `Profile "${saved.name}" saved (${PRESETS[preset].label}, ${saved.username}@${saved.host}:${saved.port}, ${describeLogin(auth, key)}).`,
  )
  if (saved.proxy.kind !== 'none') output.line(`Through ${describeProxy(saved.proxy)}.`)
  for (const jump of saved.jumps)
    output.line(
      `Through the jump host ${jump.username}@${jump.host}:${jump.port}${jump.keyId ? ` (key ${imported.find((each) => each.id === jump.keyId)?.fingerprint ?? jump.keyId})` : " (the profile's login)"}.`,
    )
  if (key) output.line(`Give the provider this public key: ${key.publicKey}`)
  if ('remember' in auth && !auth.remember)
    output.line(
      `Note: the password is asked at every connect, in the app. The mailroom command never asks: give it with --password-from-env for unattended runs.`,
    )
  return {
    exitCode: EXIT.ok,
    result: {
      profile: {
        id: saved.id,
        name: saved.name,
        preset: saved.preset,
        host: saved.host,
        port: saved.port,
        user: saved.username,
        receiveFolders: saved.receiveFolders,
        sendFolders: saved.sendFolders,
        pgpReceive: saved.pgpReceive,
        pgpSend: saved.pgpSend,
        proxy: saved.proxy,
        jumps: saved.jumps,
      },
      auth,
      ...(key
        ? { key: { id: key.id, fingerprint: key.fingerprint, publicKey: key.publicKey } }
        : {}),
    },
  }
}

/**
 * --decrypt for all the profile's receive mailboxes (the app sets it per mailbox): keyed by each
 * --receive folder, or by the login folder, which holds every mailbox of a gateway preset (its
 * receive mailboxes are found at connect time, not known here).
 */
function receiveDecryption(options: Options): Profile['pgpReceive'] | undefined {
  if (options['require-signature'] && !options.decrypt)
    throw CliFailure.usage('--require-signature goes with --decrypt.')
  if (!options.decrypt) return undefined
  const setting = {
    decrypt: true,
    signature: options['require-signature'] ? ('require' as const) : ('warn' as const),
    keepEncrypted: false,
  }
  const folders = options.receive?.length ? options.receive : ['']
  return Object.fromEntries(folders.map((folder) => [folder, setting]))
}

/**
 * --encrypt-to for all the profile's send mailboxes, keyed as --decrypt is (each --send folder,
 * or the login folder for a gateway preset's). The keys must be known to Mailroom already (`pgp
 * import-key`), and --sign-with must name an own secret key; without it, send signs with the
 * only own key there is, or refuses when there are several.
 */
async function sendEncryption(
  mailroom: CliMailroom,
  options: Options,
): Promise<Profile['pgpSend'] | undefined> {
  const recipients = (options['encrypt-to'] ?? []).flatMap((text) =>
    text
      .split(',')
      .map(normalizedFingerprint)
      .filter((fingerprint) => fingerprint !== ''),
  )
  if (recipients.length === 0) {
    if (options.sign || options['sign-with'] !== undefined || options.armor)
      throw CliFailure.usage('--sign, --sign-with and --armor go with --encrypt-to.')
    return undefined
  }
  if (options['sign-with'] !== undefined && !options.sign)
    throw CliFailure.usage('--sign-with goes with --sign.')
  const keys = await mailroom.call('pgp:keys', {})
  for (const fingerprint of recipients)
    if (!keys.some((key) => key.fingerprint === fingerprint))
      throw CliFailure.usage(
        `Mailroom has no OpenPGP key ${fingerprint}: import the partner's key first (mailroom pgp import-key FILE).`,
      )
  const signWith =
    options['sign-with'] === undefined ? undefined : normalizedFingerprint(options['sign-with'])
  if (signWith !== undefined && !keys.some((key) => key.fingerprint === signWith && key.hasSecret))
    throw CliFailure.usage(`--sign-with ${signWith} is not an own OpenPGP key of Mailroom's.`)
  const setting = {
    encryptTo: recipients as Profile['pgpSend'][string]['encryptTo'],
    sign: options.sign === true,
    ...(signWith ? { signWith: signWith as Profile['pgpSend'][string]['encryptTo'][number] } : {}),
    armored: options.armor === true,
  }
  const folders = options.send?.length ? options.send : ['']
  return Object.fromEntries(folders.map((folder) => [folder, setting]))
}

/** A fingerprint as gpg prints it (spaced, 0x, lower case) as Mailroom names keys. */
function normalizedFingerprint(text: string): string {
  return text.replace(/\s+/g, '').replace(/^0x/i, '').toUpperCase()
}

/** --auth, key by default (as every profile was before there were other ways). */
function authMethodOf(options: Options): AuthMethod {
  const text = options.auth ?? 'key'
  if (!(AUTH_METHODS as readonly string[]).includes(text))
    throw CliFailure.usage(`--auth is one of ${AUTH_METHODS.join(', ')}, not "${text}".`)
  return text as AuthMethod
}

/**
 * How the profile logs in. A password given here is remembered (in the keychain), since an
 * unattended run has nobody to type it; without one the app asks at every connect.
 */
function authOf(method: AuthMethod, rememberPassword: boolean, agentKey?: string): ProfileAuth {
  switch (method) {
    case 'key':
      return { method }
    case 'agent':
      return agentKey === undefined ? { method } : { method, keyFingerprint: agentKey.trim() }
    case 'password':
    case 'keyboard-interactive':
    case 'key-and-password':
      return { method, remember: rememberPassword }
  }
}

/** --proxy, its password from the environment, and the jump hosts with their key files. */
function routeOptions(options: Options): {
  proxy?: ProxySetting
  proxyPassword?: string
  jumps: Array<Omit<JumpHost, 'keyId'>>
  jumpKeyPaths: string[]
} {
  const proxy = options.proxy === undefined ? undefined : parseProxyOption(options.proxy)
  const proxyPassword = secretFromEnvironment(options, 'proxy-password-from-env')
  if (
    proxyPassword !== undefined &&
    !(proxy && (proxy.kind === 'socks5' || proxy.kind === 'http') && proxy.username)
  )
    throw CliFailure.usage(
      '--proxy-password-from-env goes with a proxy login: give the user in --proxy (socks5://USER@HOST:PORT).',
    )
  const jumps = (options.jump ?? []).map(parseJumpOption)
  const jumpKeyPaths = options['jump-key'] ?? []
  if (jumpKeyPaths.length > 0 && jumps.length === 0)
    throw CliFailure.usage('--jump-key goes with --jump USER@HOST[:PORT].')
  if (jumpKeyPaths.length > 1 && jumpKeyPaths.length !== jumps.length)
    throw CliFailure.usage(
      `--jump-key is given once for every jump host, or once per --jump in order: ${jumpKeyPaths.length} keys for ${jumps.length} jump hosts.`,
    )
  return {
    ...(proxy ? { proxy } : {}),
    ...(proxyPassword !== undefined ? { proxyPassword } : {}),
    jumps,
    jumpKeyPaths,
  }
}

function describeLogin(auth: ProfileAuth, key: KeyInfo | undefined): string {
  const password = 'remember' in auth ? (auth.remember ? 'password stored' : 'password asked') : ''
  switch (auth.method) {
    case 'key':
      return `key ${key?.fingerprint ?? ''}`
    case 'key-and-password':
      return `key ${key?.fingerprint ?? ''} and ${password}`
    case 'password':
      return password
    case 'keyboard-interactive':
      return `the server's questions, ${password}`
    case 'agent':
      return auth.keyFingerprint ? `the SSH agent's key ${auth.keyFingerprint}` : 'the SSH agent'
  }
}

/** Imports a key file into the keychain; a key stored already is used as it is. */
async function importKey(
  mailroom: CliMailroom,
  path: string,
  passphrase: string | undefined,
  imported: KeyInfo[],
  output: Output,
  what: string,
): Promise<KeyInfo> {
  try {
    // Remembered in the keychain: an unattended pickup has nobody to type it.
    const key = await mailroom.call('keys:import', {
      source: { kind: 'path', path },
      ...(passphrase ? { passphrase } : {}),
      rememberPassphrase: passphrase !== undefined,
    })
    imported.push(key)
    return key
  } catch (error) {
    const existing = error instanceof CliFailure ? error.detail?.keyId : undefined
    if (!(error instanceof CliFailure) || error.kind !== 'already-exists' || !existing) throw error
    const found =
      imported.find((candidate) => candidate.id === existing) ??
      (await mailroom.call('keys:list', {})).find((candidate) => candidate.id === existing)
    if (!found) throw error
    output.line(`${what} is stored already ("${found.comment || found.fingerprint}"): using it.`)
    return found
  }
}

function describeProxy(proxy: ProxySetting): string {
  if (proxy.kind === 'system') return "the system's proxy"
  if (proxy.kind === 'none') return 'no proxy'
  return `the ${proxy.kind === 'socks5' ? 'SOCKS5' : 'HTTP'} proxy ${proxy.username ? `${proxy.username}@` : ''}${proxy.host}:${proxy.port}`
}

/** A refused key or profile is the person's to fix: exit 2, with the app's message. */
function failAsProfileError(error: unknown): unknown {
  return error instanceof CliFailure
    ? new CliFailure(EXIT.usage, error.message, error.kind, error.detail)
    : error
}
