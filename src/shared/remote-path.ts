import { z } from 'zod'

/**
 * A path on the server relative to the login folder ('' is the login folder itself). Gateways
 * put each account in a home folder and chrooted servers show it as '/', so relative paths are
 * the one form that means the same on every server.
 */
export const remotePath = z
  .string()
  .max(4096)
  .refine((path) => !path.includes('\0'), 'A remote path cannot contain NUL')
  .refine((path) => !path.startsWith('/'), 'A remote path is relative to the login folder')
  .refine(
    (path) =>
      path === '' || path.split('/').every((part) => part !== '' && part !== '..' && part !== '.'),
    'A remote path has no empty, "." or ".." parts',
  )
  .brand<'RemotePath'>()
export type RemotePath = z.infer<typeof remotePath>

/** The path of `name` inside `folder`; `name` is one path segment as a server listed it. */
export function childPath(folder: RemotePath, name: string): RemotePath {
  if (name.includes('/'))
    throw new RangeError(`A file name cannot contain "/": ${JSON.stringify(name)}`)
  return remotePath.parse(folder === '' ? name : `${folder}/${name}`)
}

/** The last segment of a remote path: the name a person sees. */
export function baseName(path: RemotePath): string {
  const slash = path.lastIndexOf('/')
  return slash < 0 ? path : path.slice(slash + 1)
}

/** The folder holding `path` ('' for entries of the login folder). */
export function parentPath(path: RemotePath): RemotePath {
  const slash = path.lastIndexOf('/')
  return remotePath.parse(slash < 0 ? '' : path.slice(0, slash))
}
