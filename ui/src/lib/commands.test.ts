// The command names the UI knows come from the one table (crates/cx-commands, generated into
// commands.gen.ts). The dev mock (ui/dev/mock.ts) answers exactly those: none missing, none left
// over from a renamed or removed command.
import { describe, expect, it } from 'vitest'
import mockSource from '../../dev/mock.ts?raw'
import { COMMAND_NAMES, HISTORY_COMMANDS, KIOSK_COMMANDS, WORKSPACE_COMMANDS } from './commands.gen'

/** The commands `handle()` in the mock has a `case` for. */
function mocked(source: string): string[] {
  const body = source.slice(source.indexOf('async function handle('), source.indexOf('\nmockIPC('))
  return [...body.matchAll(/case '([a-z_]+)':/g)].map((m) => m[1])
}

describe('the command names', () => {
  it('are the windows’ commands, each once', () => {
    const all = [...KIOSK_COMMANDS, ...WORKSPACE_COMMANDS, ...HISTORY_COMMANDS]
    expect(new Set(all)).toEqual(new Set(COMMAND_NAMES))
    expect(new Set(COMMAND_NAMES).size).toBe(COMMAND_NAMES.length)
  })

  it('are exactly what the dev mock answers', () => {
    const cases = mocked(mockSource)
    expect(cases.length).toBeGreaterThan(20)
    expect([...new Set(cases)].sort()).toEqual([...COMMAND_NAMES].sort())
    expect(new Set(cases).size, 'a command has two cases').toBe(cases.length)
  })
})
