import type {
  KeyId,
  KeyInfo,
  MailboxFile,
  Profile,
  ProfileId,
  SessionInfo,
} from '../../../src/shared/domain'
import type { RemotePath } from '../../../src/shared/remote-path'

// Domain values for the renderer's state tests, with only what a test varies as arguments.

/** A profile as the main side lists it. */
export function profileNamed(id: string, name: string, keyId: string | null = null): Profile {
  return {
    id: id as ProfileId,
    name,
    preset: 'generic',
    group: '',
    host: 'sftp.example.com',
    port: 22,
    username: 'acme',
    keyId: keyId as KeyId | null,
    sendFolders: [],
    receiveFolders: [],
    pgpSend: {},
    pgpReceive: {},
    uploadStrategy: 'auto',
    minFileAgeSeconds: 60,
    checkEveryMinutes: 0,
    autoPickup: false,
    conservative: false,
    auth: { method: 'key' },
    proxy: { kind: 'none' },
    jumps: [],
  }
}

export function keyWithId(id: string, comment = ''): KeyInfo {
  return {
    id: id as KeyId,
    type: 'ssh-ed25519',
    bits: 256,
    fingerprint: 'SHA256:abc',
    publicKey: 'ssh-ed25519 AAAA',
    comment,
    encrypted: false,
    passphraseRemembered: false,
    origin: 'generated',
    createdAt: 1,
  }
}

export function fileAt(path: string, extra: Partial<MailboxFile> = {}): MailboxFile {
  return {
    path: path as RemotePath,
    name: path.split('/').at(-1) ?? path,
    message: null,
    size: 10,
    modifiedAt: 1,
    ...extra,
  }
}

export function sessionFor(profileId: string): SessionInfo {
  return {
    profileId: profileId as ProfileId,
    host: 'sftp.example.com',
    port: 22,
    username: 'acme',
    hostKey: { type: 'ssh-ed25519', fingerprint: 'SHA256:x' },
  }
}
