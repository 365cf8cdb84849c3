/**
 * Where an SSH agent may listen, as plain data: OpenSSH's agent on a Unix socket (macOS,
 * Linux), the Windows OpenSSH agent on its named pipe, or PuTTY's Pageant.
 */
export type AgentLocation =
  | { readonly kind: 'socket'; readonly path: string }
  | { readonly kind: 'windows-pipe'; readonly path: string }
  | { readonly kind: 'pageant' }

/** Where the Windows OpenSSH agent service (ssh-agent) listens, as its own ssh.exe looks. */
export const WINDOWS_OPENSSH_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent'

// `\\.\pipe\NAME`, with either slash, as Windows names a pipe.
const WINDOWS_PIPE = /^[/\\]{2}\.[/\\]pipe[/\\].+/

/**
 * The agents to ask for keys, in order, as OpenSSH's own client would find them: the socket
 * SSH_AUTH_SOCK names (launchd sets it on macOS, the desktop session on Linux); on Windows the
 * OpenSSH agent's pipe (SSH_AUTH_SOCK's, if it names another pipe, first) and then Pageant,
 * which MFT Gateway's guide shows.
 */
export function agentLocations(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): AgentLocation[] {
  const socket = env.SSH_AUTH_SOCK?.trim()
  if (platform !== 'win32') return socket ? [{ kind: 'socket', path: socket }] : []
  // A Cygwin or MSYS socket file is not something a Windows program can open: left out.
  const pipes = socket && WINDOWS_PIPE.test(socket) ? [socket] : []
  if (!pipes.includes(WINDOWS_OPENSSH_AGENT_PIPE)) pipes.push(WINDOWS_OPENSSH_AGENT_PIPE)
  return [...pipes.map((path) => ({ kind: 'windows-pipe', path }) as const), { kind: 'pageant' }]
}

/** The agent as a person knows it, for messages. */
export function describeAgent(location: AgentLocation): string {
  switch (location.kind) {
    case 'socket':
      return `the SSH agent at ${location.path} (SSH_AUTH_SOCK)`
    case 'windows-pipe':
      return location.path === WINDOWS_OPENSSH_AGENT_PIPE
        ? "Windows' OpenSSH agent (the ssh-agent service)"
        : `the SSH agent at ${location.path}`
    case 'pageant':
      return 'Pageant'
  }
}
