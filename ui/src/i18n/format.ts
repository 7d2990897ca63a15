// Dates, times and money in the current language's locale (Intl), so a German customer reads
// "79,99 $" and "2. Dezember 2026". Money is integer cents in US dollars everywhere.
import { language } from './index.svelte'
import { localeOf } from './languages'

function locale(): string {
  return localeOf(language())
}

/** `7999` → "$79.99" (en), "79,99 $" (de), "79,99 US$" (es). */
export function formatMoney(cents: number): string {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'USD' }).format(cents / 100)
}

/** A whole number with the locale's grouping: "1,234" / "1.234". */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale(), options).format(n)
}

/** "Dec 2, 2026" / "02.12.2026"-style medium date; `style` for others. */
export function formatDate(d: Date, style: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return d.toLocaleDateString(locale(), style)
}

/** "2:30 PM" / "14:30". */
export function formatClock(d: Date): string {
  return d.toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' })
}

export function formatDateTimeOf(d: Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  return d.toLocaleString(locale(), options)
}
