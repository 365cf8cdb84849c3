import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/** The lint rule that backs the layer table must refuse an import that points the wrong way. */
describe('layer lint rules', () => {
  const eslint = new ESLint()

  const messagesFor = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath })
    return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`)
  }

  it.each([
    [
      'src/shared/leak.ts',
      "import { MailroomError } from '../main/core/errors'\nexport const x = MailroomError\n",
      'import/no-restricted-paths',
    ],
    [
      'src/main/core/leak.ts',
      "import { app } from 'electron'\nexport const x = app\n",
      'no-restricted-imports',
    ],
    [
      'src/main/core/leak2.ts',
      "import { registerIpc } from '../ipc-registration'\nexport const x = registerIpc\n",
      'import/no-restricted-paths',
    ],
    [
      'src/renderer/leak.ts',
      "import { readFile } from 'node:fs/promises'\nexport const x = readFile\n",
      'no-restricted-imports',
    ],
    [
      'src/renderer/leak2.ts',
      "import { MailroomError } from '../main/core/errors'\nexport const x = MailroomError\n",
      'import/no-restricted-paths',
    ],
    [
      'src/preload/leak.ts',
      "import { z } from 'zod'\nexport const x = z\n",
      'no-restricted-imports',
    ],
    [
      'src/main/leak.ts',
      "import { startDemoGateway } from '../demo/demo-gateway'\nexport const x = startDemoGateway\n",
      'import/no-restricted-paths',
    ],
    [
      'src/demo/leak.ts',
      "import { app } from 'electron'\nexport const x = app\n",
      'no-restricted-imports',
    ],
  ])('refuses the wrong-way import in %s', async (filePath, code, rule) => {
    const messages = await messagesFor(filePath, code)
    expect(messages.some((message) => message.startsWith(`${rule}:`))).toBe(true)
  })

  it.each([
    [
      'test/fixtures/keys.ts',
      "import ssh2 from 'ssh2'\nexport const k = ssh2.utils.generateKeyPairSync('ed25519')\n",
    ],
    [
      'src/demo/keys.ts',
      "import { utils } from 'ssh2'\nexport const k = utils.generateKeyPairSync('ed25519')\n",
    ],
    [
      'src/main/core/keys.ts',
      "import ssh2 from 'ssh2'\nconst { generateKeyPair } = ssh2.utils\nexport const k = generateKeyPair\n",
    ],
  ])("refuses ssh2's ed25519 key generator in %s, saying why", async (filePath, code) => {
    const messages = await messagesFor(filePath, code)
    expect(messages).toContainEqual(
      expect.stringMatching(/^no-restricted-syntax: .*mscdex\/ssh2 #1390.*generate-key\.ts/),
    )
  })

  it("allows Node's own key generator", async () => {
    const messages = await messagesFor(
      'src/main/core/keys/fine.ts',
      "import { generateKeyPairSync } from 'node:crypto'\nexport const k = generateKeyPairSync('ed25519')\n",
    )
    expect(messages).toEqual([])
  })

  it('allows core to import shared', async () => {
    const messages = await messagesFor(
      'src/main/core/fine.ts',
      "import { remotePath } from '../../shared/remote-path'\nexport const x = remotePath\n",
    )
    expect(messages).toEqual([])
  })

  it.each([
    [
      'src/main/core/api/leak.ts',
      "export const f = (p: { preset: string }) => p.preset === 'mft-gateway'\n",
    ],
    ['src/renderer/leak.tsx', "export const f = (preset: string) => preset !== 'generic'\n"],
    [
      'src/cli/leak.ts',
      "export const f = (preset: string) => {\n  switch (preset) {\n    case 'as2-gateway':\n      return 1\n  }\n  return 0\n}\n",
    ],
  ])(
    'refuses a branch on a preset id in %s, pointing to the preset fields',
    async (filePath, code) => {
      const messages = await messagesFor(filePath, code)
      expect(messages).toContainEqual(
        expect.stringMatching(/^no-restricted-syntax: Read a gateway fact from its preset/),
      )
    },
  )

  it('lets the mailbox layouts and the demo ask which gateway it is', async () => {
    for (const filePath of ['src/main/core/mailbox/fine.ts', 'src/demo/fine.ts'])
      expect(
        await messagesFor(filePath, "export const f = (preset: string) => preset === 'amili'\n"),
      ).toEqual([])
  })
})
