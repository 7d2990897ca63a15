// Personal data on the kiosk screen is masked: the kiosk stands in a shop or a lobby and whoever
// stands behind the customer must not read their email or phone number. The assistant may say them
// in full (it is grounded on tool results); masking happens at display time, in one place.

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g

// A run of digits with phone-style separators (space, dash, dot, parentheses), optionally after
// "+". Not preceded or followed by a letter/digit so that tracking numbers (1Z84A0E6...) and words
// stay untouched. Digit count decides below whether it is a phone number.
const PHONE_CANDIDATE = /(?<![\w+])\+?\(?\d[\d ().-]{5,}\d(?![\w])/g

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** `alice@example.com` → `a***e@example.com`; a one-letter local part keeps only that letter. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at <= 0) return email
  const local = email.slice(0, at)
  const domain = email.slice(at)
  if (local.length === 1) return `${local}***${domain}`
  return `${local[0]}***${local[local.length - 1]}${domain}`
}

/** Every digit but the last four becomes `•`; separators stay so the shape is still readable. */
export function maskPhone(phone: string): string {
  const total = (phone.match(/\d/g) ?? []).length
  let seen = 0
  let out = ''
  for (const ch of phone) {
    if (/\d/.test(ch)) {
      seen += 1
      out += seen <= total - 4 ? '•' : ch
    } else {
      out += ch
    }
  }
  return out
}

function looksLikePhone(candidate: string): boolean {
  const digits = (candidate.match(/\d/g) ?? []).length
  if (digits < 7 || digits > 15) return false
  if (ISO_DATE.test(candidate)) return false
  // "1042 1043" is two order ids, not a phone: a phone has at least one group longer than 4
  // digits or starts with "+" / "(".
  const groups = candidate.split(/[^\d]+/).filter(Boolean)
  const hasLongGroup = groups.some((g) => g.length > 4)
  return hasLongGroup || /^[+(]/.test(candidate) || groups.length >= 3
}

/** Mask every email address and phone number in a text shown on the kiosk. */
export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, (m) => maskEmail(m))
    .replace(PHONE_CANDIDATE, (m) => (looksLikePhone(m) ? maskPhone(m) : m))
}
