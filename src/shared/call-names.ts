/**
 * The names of the contract's calls as plain data, for the preload: a sandboxed preload cannot
 * load npm packages, so it checks names against this list instead of importing the schemas.
 * api-contract.ts fails to compile if this list and the contract ever differ.
 */
export const CALL_NAMES = [
  'app:info',
  'settings:get',
  'settings:update',
  'pickup:folder',
  'pickup:set-folder',
  'profiles:list',
  'profiles:save',
  'profiles:clone',
  'profiles:delete',
  'profiles:stored-secrets',
  'profiles:trusted-host-key',
  'profiles:forget-host-key',
  'profiles:remember-password',
  'profiles:forget-password',
  'profiles:password-stored',
  'sites:preview',
  'sites:import',
  'keys:list',
  'keys:generate',
  'keys:import',
  'keys:remember-passphrase',
  'keys:export-private',
  'keys:export-public',
  'keys:delete',
  'pgp:keys',
  'pgp:import',
  'pgp:generate',
  'pgp:export-public',
  'pgp:public-key',
  'pgp:delete',
  'session:open',
  'session:close',
  'hostkey:answer',
  'login:answer',
  'pgp:answer-passphrase',
  'mailboxes:discover',
  'mailboxes:list-files',
  'mailboxes:cancel-listing',
  'remote:list',
  'transfer:send',
  'transfer:check-duplicates',
  'transfer:zip',
  'transfer:retry',
  'transfer:recover-sends',
  'transfer:drag-out',
  'transfer:start-drag',
  'transfer:pickup',
  'pickup:history',
  'pickup:show-in-folder',
  'transfer:cancel',
  'transfer:list',
  'dialog:choose-folder',
  'dialog:choose-file',
  'dialog:save-file',
  'log:list',
  'log:save',
] as const

export type CallNameList = (typeof CALL_NAMES)[number]

export function isKnownCallName(name: unknown): name is CallNameList {
  return typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name)
}
