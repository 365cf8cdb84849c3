import { describe, expect, it } from 'vitest'
import { fileRows, sortBy } from '../../../src/renderer/files/file-rows'
import { fileAt } from '../state/fixtures'

const invoice = fileAt('inbox/invoice.pdf', { size: 300, modifiedAt: 3 })
const order = fileAt('inbox/order.xml', { size: 100, modifiedAt: 1, message: '20240101-abc' })
const orders = fileAt('inbox/orders.csv', { size: 100, modifiedAt: 2 })

describe('fileRows', () => {
  it('sorts by the chosen column either way, ties by path', () => {
    const bySize = fileRows([invoice, orders, order], '', { key: 'size', descending: false })
    expect(bySize.map((file) => file.name)).toEqual(['order.xml', 'orders.csv', 'invoice.pdf'])
    const newestFirst = fileRows([order, invoice, orders], '', {
      key: 'modifiedAt',
      descending: true,
    })
    expect(newestFirst.map((file) => file.name)).toEqual(['invoice.pdf', 'orders.csv', 'order.xml'])
  })

  it('keeps the files whose name (any case) or message holds the filter text', () => {
    const sort = { key: 'name', descending: false } as const
    expect(fileRows([invoice, order, orders], ' ORDER ', sort).map((file) => file.name)).toEqual([
      'order.xml',
      'orders.csv',
    ])
    expect(fileRows([invoice, order, orders], 'abc', sort)).toEqual([order])
    expect(fileRows(undefined, '', sort)).toEqual([])
  })

  it('a header click sorts by its column ascending, and a second one turns it around', () => {
    const byName = sortBy({ key: 'modifiedAt', descending: false }, 'name')
    expect(byName).toEqual({ key: 'name', descending: false })
    expect(sortBy(byName, 'name')).toEqual({ key: 'name', descending: true })
  })
})
