// Keys are typed from the English catalogues: `t('kiosk:welcome.title')` with a typo, or a
// missing placeholder value, fails `npm run check`.
import 'i18next'
import type { en } from './resources'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common'
    resources: typeof en
  }
}
