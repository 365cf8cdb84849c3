import { PRESETS } from '../../shared/presets'
import type { Command } from '../command'
import { EXIT } from '../exit-codes'

/** `mailroom profiles`: name, gateway, host, user, how it logs in and key fingerprint of each profile. */
export const listProfiles: Command = async (mailroom, _parsed, output) => {
  const [profiles, keys] = await Promise.all([
    mailroom.call('profiles:list', {}),
    mailroom.call('keys:list', {}),
  ])
  const rows = profiles.map((profile) => {
    const key = keys.find((candidate) => candidate.id === profile.keyId)
    return {
      id: profile.id,
      name: profile.name,
      preset: profile.preset,
      gateway: PRESETS[profile.preset].label,
      host: profile.host,
      port: profile.port,
      user: profile.username,
      auth: profile.auth.method,
      keyFingerprint: key?.fingerprint ?? null,
      receiveFolders: profile.receiveFolders,
      sendFolders: profile.sendFolders,
    }
  })
  if (rows.length === 0) output.line('No profiles yet. Create one with: mailroom profile add')
  for (const row of rows)
    output.line(
      [
        row.name,
        row.gateway,
        `${row.host}:${row.port}`,
        row.user,
        row.auth,
        row.keyFingerprint ?? 'no key',
      ].join('\t'),
    )
  return { exitCode: EXIT.ok, result: { profiles: rows } }
}
