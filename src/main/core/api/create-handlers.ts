import type { HandlerDeps, Handlers } from './handler-table'
import { appHandlers } from './handlers/app'
import { dialogHandlers } from './handlers/dialogs'
import { keyHandlers } from './handlers/keys'
import { logHandlers } from './handlers/log'
import { mailboxHandlers } from './handlers/mailboxes'
import { pgpHandlers } from './handlers/pgp'
import { pickupHandlers } from './handlers/pickup'
import { profileHandlers } from './handlers/profiles'
import { sessionHandlers } from './handlers/sessions'
import { settingsHandlers } from './handlers/settings'
import { siteHandlers } from './handlers/sites'
import { transferHandlers } from './handlers/transfers'

/**
 * The table dispatch looks calls up in, put together from one file per domain. Typed as
 * `Handlers`, so a call of the contract that no domain serves does not compile.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...appHandlers(deps),
    ...settingsHandlers(deps),
    ...profileHandlers(deps),
    ...siteHandlers(deps),
    ...keyHandlers(deps),
    ...pgpHandlers(deps),
    ...sessionHandlers(deps),
    ...mailboxHandlers(deps),
    ...transferHandlers(deps),
    ...pickupHandlers(deps),
    ...dialogHandlers(deps),
    ...logHandlers(deps),
  }
}
