// Which window this page is: one index.html serves all three, picked by `?window=`.

export type WindowKind = 'workspace' | 'kiosk' | 'history'

export function windowKind(search: string): WindowKind {
  const w = new URLSearchParams(search).get('window')
  return w === 'kiosk' || w === 'history' ? w : 'workspace'
}
