import { expect, type Locator, type Page, type TestInfo } from '@playwright/test'

/** The window sizes every step is looked at in: a laptop, and a small one. */
export const WINDOW_SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const

interface Options {
  /** Done only because the test server is local (its host and port): counted apart. */
  readonly apart?: boolean
}

/**
 * A person's actions from a fresh install to a file on the server, counted (issue 21): each
 * click, typed field and drop is one. Before each, the target is looked at in both window sizes:
 * it must be in view whole and not covered (no scrolling to find the next step), and a
 * screenshot of each size is saved, numbered in order, to look at.
 */
export class CountedPath {
  private readonly steps: { readonly name: string; readonly apart: boolean }[] = []

  constructor(
    private readonly page: Page,
    private readonly testInfo: TestInfo,
    private readonly prefix: string,
  ) {}

  /** Actions counted toward the goal. */
  get counted(): number {
    return this.steps.filter((step) => !step.apart).length
  }

  /** Actions done only because the server is local. */
  get apart(): number {
    return this.steps.filter((step) => step.apart).length
  }

  /** The steps in order, as the report prints them. */
  describe(): string {
    return this.steps
      .map((step, index) => `${index + 1}. ${step.name}${step.apart ? ' (apart)' : ''}`)
      .join('\n')
  }

  async click(name: string, target: Locator, options: Options = {}): Promise<void> {
    await this.step(name, target, options)
    await target.click()
  }

  async fill(name: string, target: Locator, value: string, options: Options = {}): Promise<void> {
    await this.step(name, target, options)
    await target.fill(value)
  }

  async drop(
    name: string,
    target: Locator,
    file: { readonly name: string; readonly mimeType: string; readonly buffer: Buffer },
    options: Options = {},
  ): Promise<void> {
    await this.step(name, target, options)
    await target.drop({ files: file })
  }

  /** A screenshot of where the path has arrived, at both sizes, counting nothing. */
  async arrived(name: string): Promise<void> {
    await this.shoot(`${this.steps.length}-then-${name}`)
  }

  private async step(name: string, target: Locator, options: Options): Promise<void> {
    for (const size of WINDOW_SIZES) {
      await this.page.setViewportSize(size)
      const where = `"${name}" at ${size.width}x${size.height}`
      await expect(target, `${where}: in view`).toBeInViewport({ ratio: 1 })
      await expect
        .poll(() => isUncovered(target), { message: `${where}: not covered by anything` })
        .toBe(true)
    }
    this.steps.push({ name, apart: options.apart === true })
    await this.shoot(`${this.steps.length}-${name}`)
  }

  private async shoot(name: string): Promise<void> {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-')
    // The last size set is the first, the one the actions are done in.
    for (const size of [...WINDOW_SIZES].reverse()) {
      await this.page.setViewportSize(size)
      await this.page.screenshot({
        path: this.testInfo.outputPath(`${this.prefix}-${slug}-${size.width}x${size.height}.png`),
      })
    }
  }
}

/** Whether the middle of the target is the target itself, not a dialog or banner over it. */
function isUncovered(target: Locator): Promise<boolean> {
  return target.evaluate((element) => {
    const box = element.getBoundingClientRect()
    const hit = element.ownerDocument.elementFromPoint(
      box.x + box.width / 2,
      box.y + box.height / 2,
    )
    return hit !== null && (hit === element || element.contains(hit))
  })
}
